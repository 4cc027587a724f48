"""The Address type: a contact's saved address, or the copy kept on an order or checkout."""

from __future__ import annotations

from typing import Any

import strawberry

from gateway.db.addresses import Address as AddressRow
from gateway.orders.address_snapshot import AddressData

COUNTRY_AREA = (
    "State, province, emirate, prefecture ... as Google's address dataset names them for the "
    "country (e.g. CA for California, Kowloon in Hong Kong); null when none was given."
)


@strawberry.type
class Address:
    id: strawberry.ID
    name: str
    street: str
    postal_code: str = strawberry.field(
        description="As the country writes it (e.g. SW1A 1AA); empty where none is used."
    )
    city: str
    country: str
    country_area: str | None = strawberry.field(description=COUNTRY_AREA)

    @classmethod
    def from_row(cls, row: AddressRow) -> Address:
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            street=row.street,
            postal_code=row.postal_code,
            city=row.city,
            country=row.country,
            country_area=row.country_area or None,
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
            country_area=snapshot.get("countryArea") or None,
        )


@strawberry.input(
    description=(
        "A postal address, checked with the country's rules from Google's address dataset: "
        "which fields it needs (an empty postalCode or city where the country uses none), the "
        "postal code's form (INVALID on postalCode names it) and the country's areas."
    )
)
class AddressInput:
    name: str
    street: str
    postal_code: str = strawberry.field(
        description="Empty where the country has no postal codes (e.g. Hong Kong) or they are "
        "optional (e.g. Ireland); stored upper-case with the country's separator."
    )
    city: str = strawberry.field(
        description="Empty allowed where the country's addresses have none (e.g. Singapore)."
    )
    country: str = strawberry.field(description="ISO 3166-1 country code, e.g. NL.")
    country_area: str | None = strawberry.field(
        default=None,
        description="Optional state/province/region, by code or name (e.g. CA or California); "
        "when given it must be one of the country's, and the postal code must fit it.",
    )

    def to_data(self) -> AddressData:
        return AddressData(
            self.name, self.street, self.postal_code, self.city, self.country, self.country_area
        )
