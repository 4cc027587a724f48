"""The Address type: a contact's saved address, or the copy kept on an order or checkout."""

from __future__ import annotations

from typing import Any

import strawberry

from gateway.db.addresses import Address as AddressRow
from gateway.orders.address_snapshot import AddressData


@strawberry.type
class Address:
    id: strawberry.ID
    name: str
    street: str
    postal_code: str
    city: str
    country: str

    @classmethod
    def from_row(cls, row: AddressRow) -> Address:
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            street=row.street,
            postal_code=row.postal_code,
            city=row.city,
            country=row.country,
        )

    @classmethod
    def from_snapshot(cls, snapshot: dict[str, Any] | None, snapshot_id: str) -> Address | None:
        """An address copied onto an order or checkout; its id names the owner and role."""
        if not snapshot:
            return None
        return cls(
            id=strawberry.ID(snapshot_id),
            name=snapshot["name"],
            street=snapshot["street"],
            postal_code=snapshot["postalCode"],
            city=snapshot["city"],
            country=snapshot["country"],
        )


@strawberry.input
class AddressInput:
    name: str
    street: str
    postal_code: str
    city: str
    country: str = strawberry.field(description="ISO 3166-1 country code, e.g. NL.")

    def to_data(self) -> AddressData:
        return AddressData(self.name, self.street, self.postal_code, self.city, self.country)
