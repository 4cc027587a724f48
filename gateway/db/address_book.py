"""SQL for a contact's address book: writes and default addresses (reads: db/addresses.py)."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from gateway.db.addresses import COLUMNS, Address, address_from_row

DEFAULT_COLUMNS = {
    "SHIPPING": "default_shipping_address_id",
    "BILLING": "default_billing_address_id",
}


async def lock_contact(conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID) -> int | None:
    """Lock the contact row for this transaction; the number of addresses it has."""
    found = await conn.fetchval(
        """select true from contacts where shop_id = $1 and id = $2 and anonymised_at is null
           for update""",
        shop_id,
        contact_id,
    )
    if not found:
        return None
    return await conn.fetchval(
        "select count(*) from addresses where shop_id = $1 and contact_id = $2",
        shop_id,
        contact_id,
    )


async def insert(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, values: dict[str, str]
) -> Address:
    row = await conn.fetchrow(
        f"""insert into addresses
                (shop_id, contact_id, name, street, postal_code, city, country, country_area)
            values ($1, $2, $3, $4, $5, $6, $7, $8) returning {COLUMNS}""",
        shop_id,
        contact_id,
        values["name"],
        values["street"],
        values["postal_code"],
        values["city"],
        values["country"],
        values["country_area"],
    )
    return address_from_row(row)


async def fill_defaults(conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID) -> None:
    """Empty default shipping/billing address: the contact's oldest address."""
    await conn.execute(
        """update contacts c set
               default_shipping_address_id = coalesce(c.default_shipping_address_id, a.id),
               default_billing_address_id = coalesce(c.default_billing_address_id, a.id)
           from (select id from addresses where shop_id = $1 and contact_id = $2
                 order by created_at, id limit 1) a
           where c.shop_id = $1 and c.id = $2""",
        shop_id,
        contact_id,
    )


async def update(
    conn: asyncpg.Connection,
    shop_id: UUID,
    contact_id: UUID,
    address_id: UUID,
    values: dict[str, str],
) -> Address | None:
    row = await conn.fetchrow(
        f"""update addresses set name = $4, street = $5, postal_code = $6, city = $7, country = $8,
                   country_area = $9
            where shop_id = $1 and contact_id = $2 and id = $3 returning {COLUMNS}""",
        shop_id,
        contact_id,
        address_id,
        values["name"],
        values["street"],
        values["postal_code"],
        values["city"],
        values["country"],
        values["country_area"],
    )
    return address_from_row(row) if row else None


async def delete(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, address_id: UUID
) -> bool:
    result = await conn.execute(
        "delete from addresses where shop_id = $1 and contact_id = $2 and id = $3",
        shop_id,
        contact_id,
        address_id,
    )
    return result.split()[-1] == "1"


async def set_default(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, address_id: UUID, kind: str
) -> bool:
    column = DEFAULT_COLUMNS[kind]
    result = await conn.execute(
        f"""update contacts set {column} = a.id, updated_at = now()
            from addresses a
            where a.shop_id = $1 and a.contact_id = $2 and a.id = $3
              and contacts.shop_id = $1 and contacts.id = $2""",
        shop_id,
        contact_id,
        address_id,
    )
    return result.split()[-1] == "1"
