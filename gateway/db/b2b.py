"""SQL for customer groups, price lists and organisations (B2B)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import asyncpg


@dataclass(frozen=True)
class CustomerGroup:
    id: UUID
    name: str
    discount_percent: Decimal


@dataclass(frozen=True)
class PriceList:
    id: UUID
    name: str
    currency: str


@dataclass(frozen=True)
class Organisation:
    id: UUID
    name: str
    vat_number: str | None
    payment_terms: str | None
    price_list: PriceList | None


async def insert_customer_group(
    conn: asyncpg.Connection, shop_id: UUID, name: str, discount_percent: Decimal
) -> CustomerGroup | None:
    """None when the shop already has a group with this name."""
    row = await conn.fetchrow(
        """insert into customer_groups (shop_id, name, discount_percent) values ($1, $2, $3)
           on conflict (shop_id, name) do nothing
           returning id, name, discount_percent""",
        shop_id,
        name,
        discount_percent,
    )
    return CustomerGroup(**dict(row.items())) if row else None


async def customer_groups_by_ids(
    conn: asyncpg.Connection, shop_id: UUID, ids: list[UUID]
) -> list[CustomerGroup]:
    rows = await conn.fetch(
        """select id, name, discount_percent from customer_groups
           where shop_id = $1 and id = any($2::uuid[])""",
        shop_id,
        ids,
    )
    return [CustomerGroup(**dict(r.items())) for r in rows]


async def known_skus(conn: asyncpg.Connection, shop_id: UUID, skus: list[str]) -> set[str]:
    rows = await conn.fetch(
        "select sku from products where shop_id = $1 and sku = any($2::text[])", shop_id, skus
    )
    return {r["sku"] for r in rows}


async def insert_price_list(
    conn: asyncpg.Connection,
    shop_id: UUID,
    name: str,
    currency: str,
    prices: list[tuple[str, Decimal]],
) -> PriceList:
    """The list and its prices; call inside a transaction."""
    row = await conn.fetchrow(
        """insert into price_lists (shop_id, name, currency) values ($1, $2, $3)
           returning id, name, currency""",
        shop_id,
        name,
        currency,
    )
    await conn.execute(
        """insert into price_list_prices (price_list_id, shop_id, sku, price)
           select $1, $2, sku, price from unnest($3::text[], $4::numeric[]) as p(sku, price)""",
        row["id"],
        shop_id,
        [sku for sku, _ in prices],
        [price for _, price in prices],
    )
    return PriceList(**dict(row.items()))


async def price_list_exists(conn: asyncpg.Connection, shop_id: UUID, price_list_id: UUID) -> bool:
    return bool(
        await conn.fetchval(
            "select true from price_lists where shop_id = $1 and id = $2", shop_id, price_list_id
        )
    )


async def insert_organisation(
    conn: asyncpg.Connection,
    shop_id: UUID,
    name: str,
    vat_number: str | None,
    payment_terms: str | None,
    price_list_id: UUID | None,
) -> UUID:
    return await conn.fetchval(
        """insert into organisations (shop_id, name, vat_number, payment_terms, price_list_id)
           values ($1, $2, $3, $4, $5) returning id""",
        shop_id,
        name,
        vat_number,
        payment_terms,
        price_list_id,
    )


async def organisations_by_ids(
    conn: asyncpg.Connection, shop_id: UUID, ids: list[UUID]
) -> list[Organisation]:
    rows = await conn.fetch(
        """select o.id, o.name, o.vat_number, o.payment_terms,
                  pl.id as pl_id, pl.name as pl_name, pl.currency as pl_currency
           from organisations o
           left join price_lists pl on pl.id = o.price_list_id and pl.shop_id = o.shop_id
           where o.shop_id = $1 and o.id = any($2::uuid[])""",
        shop_id,
        ids,
    )
    return [
        Organisation(
            r["id"],
            r["name"],
            r["vat_number"],
            r["payment_terms"],
            PriceList(r["pl_id"], r["pl_name"], r["pl_currency"]) if r["pl_id"] else None,
        )
        for r in rows
    ]


async def set_membership(
    conn: asyncpg.Connection, shop_id: UUID, organisation_id: UUID, contact_id: UUID, role: str
) -> bool:
    """Make the contact a member (one organisation per contact); False if either is unknown."""
    result = await conn.execute(
        """update contacts set organisation_id = o.id, organisation_role = $4, updated_at = now()
           from organisations o
           where o.shop_id = $1 and o.id = $2
             and contacts.shop_id = $1 and contacts.id = $3 and contacts.anonymised_at is null""",
        shop_id,
        organisation_id,
        contact_id,
        role,
    )
    return result.split()[-1] == "1"


async def set_customer_group(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, group_id: UUID
) -> None:
    await conn.execute(
        "update contacts set customer_group_id = $3 where shop_id = $1 and id = $2",
        shop_id,
        contact_id,
        group_id,
    )
