"""SQL for a contact's saved addresses."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import asyncpg


@dataclass(frozen=True)
class Address:
    id: UUID
    contact_id: UUID
    name: str
    street: str
    postal_code: str
    city: str
    country: str
    country_area: str = ""

    def as_snapshot(self) -> dict[str, str]:
        """The form kept on an order or checkout (a copy, not a reference)."""
        return {
            "name": self.name,
            "street": self.street,
            "postalCode": self.postal_code,
            "city": self.city,
            "countryArea": self.country_area,
            "country": self.country,
        }


COLUMNS = "id, contact_id, name, street, postal_code, city, country, country_area"


def address_from_row(row: asyncpg.Record) -> Address:
    return Address(**{k: row[k] for k in Address.__dataclass_fields__})


async def by_contact_ids(
    conn: asyncpg.Connection, shop_id: UUID, contact_ids: list[UUID]
) -> list[Address]:
    rows = await conn.fetch(
        f"""select {COLUMNS} from addresses
            where shop_id = $1 and contact_id = any($2::uuid[]) order by created_at, id""",
        shop_id,
        contact_ids,
    )
    return [address_from_row(r) for r in rows]


async def by_ids(conn: asyncpg.Connection, shop_id: UUID, ids: list[UUID]) -> list[Address]:
    rows = await conn.fetch(
        f"select {COLUMNS} from addresses where shop_id = $1 and id = any($2::uuid[])",
        shop_id,
        ids,
    )
    return [address_from_row(r) for r in rows]
