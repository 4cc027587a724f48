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
    def from_snapshot(cls, snapshot: Any, snapshot_id: str) -> Address | None:
        """An address copied onto an order or checkout; its id names the owner and role.

        A snapshot is jsonb that a migration or a hand-written row may have left malformed
        (a key missing, a JSON string or array instead of an object). Nothing is refused here:
        a missing value is None, so only a query that selects the address sees it, as a null
        `Address` with an error on that path (GraphQL's non-null rule), and the rest of the
        order, the order list and the page around it are answered as usual."""
        if not snapshot:
            return None
        get = snapshot.get if isinstance(snapshot, dict) else _nothing
        return cls(
            id=strawberry.ID(snapshot_id),
            name=get("name"),
            street=get("street"),
            postal_code=get("postalCode"),
            city=get("city"),
            country=get("country"),
            country_area=get("countryArea") or None,
        )


def _nothing(_key: str) -> None:
    return None


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
