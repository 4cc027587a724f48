"""SQL for customer groups, price lists and organisations (B2B)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
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
    payment_terms_days: int | None = None
    billing_address: dict[str, Any] | None = None
    created_at: datetime | None = None


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
    prices: list[tuple[str, int, Decimal]],
) -> PriceList:
    """The list and its prices (sku, min_quantity, price); call inside a transaction."""
    row = await conn.fetchrow(
        """insert into price_lists (shop_id, name, currency) values ($1, $2, $3)
           returning id, name, currency""",
        shop_id,
        name,
        currency,
    )
    await conn.execute(
        """insert into price_list_prices (price_list_id, shop_id, sku, min_quantity, price)
           select $1, $2, sku, q, price
           from unnest($3::text[], $4::int[], $5::numeric[]) as p(sku, q, price)""",
        row["id"],
        shop_id,
        [sku for sku, _, _ in prices],
        [quantity for _, quantity, _ in prices],
        [price for _, _, price in prices],
    )
    return PriceList(**dict(row.items()))


async def price_list_exists(conn: asyncpg.Connection, shop_id: UUID, price_list_id: UUID) -> bool:
    return bool(
        await conn.fetchval(
            "select true from price_lists where shop_id = $1 and id = $2", shop_id, price_list_id
        )
    )


@dataclass(frozen=True)
class OrganisationValues:
    name: str
    vat_number: str | None
    payment_terms: str | None
    price_list_id: UUID | None
    payment_terms_days: int | None
    billing_address: dict[str, Any] | None


async def insert_organisation(
    conn: asyncpg.Connection, shop_id: UUID, values: OrganisationValues
) -> UUID:
    return await conn.fetchval(  # type: ignore[no-any-return]
        """insert into organisations (shop_id, name, vat_number, payment_terms, price_list_id,
                                      payment_terms_days, billing_address)
           values ($1, $2, $3, $4, $5, $6, $7) returning id""",
        shop_id,
        values.name,
        values.vat_number,
        values.payment_terms,
        values.price_list_id,
        values.payment_terms_days,
        values.billing_address,
    )


async def update_organisation(
    conn: asyncpg.Connection, shop_id: UUID, organisation_id: UUID, values: OrganisationValues
) -> bool:
    result = await conn.execute(
        """update organisations set name = $3, vat_number = $4, payment_terms = $5,
               price_list_id = $6, payment_terms_days = $7, billing_address = $8,
               updated_at = now()
           where shop_id = $1 and id = $2""",
        shop_id,
        organisation_id,
        values.name,
        values.vat_number,
        values.payment_terms,
        values.price_list_id,
        values.payment_terms_days,
        values.billing_address,
    )
    return result.split()[-1] == "1"


_ORGANISATION = """o.id, o.name, o.vat_number, o.payment_terms, o.payment_terms_days,
                  o.billing_address, o.created_at,
                  pl.id as pl_id, pl.name as pl_name, pl.currency as pl_currency
           from organisations o
           left join price_lists pl on pl.id = o.price_list_id and pl.shop_id = o.shop_id"""


def _organisation(r: asyncpg.Record) -> Organisation:
    return Organisation(
        r["id"],
        r["name"],
        r["vat_number"],
        r["payment_terms"],
        PriceList(r["pl_id"], r["pl_name"], r["pl_currency"]) if r["pl_id"] else None,
        r["payment_terms_days"],
        r["billing_address"],
        r["created_at"],
    )


async def organisations_by_ids(
    conn: asyncpg.Connection, shop_id: UUID, ids: list[UUID]
) -> list[Organisation]:
    rows = await conn.fetch(
        f"select {_ORGANISATION} where o.shop_id = $1 and o.id = any($2::uuid[])", shop_id, ids
    )
    return [_organisation(r) for r in rows]


async def organisation_page(
    conn: asyncpg.Connection,
    shop_id: UUID,
    limit: int,
    after_at: datetime | None,
    after_id: UUID | None,
) -> list[Organisation]:
    """The shop's organisations, newest first (created_at desc, id desc)."""
    rows = await conn.fetch(
        f"""select {_ORGANISATION}
            where o.shop_id = $1
              and (o.created_at, o.id) < (coalesce($3, 'infinity'::timestamptz),
                   coalesce($4, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid))
            order by o.created_at desc, o.id desc limit $2""",
        shop_id,
        limit,
        after_at,
        after_id,
    )
    return [_organisation(r) for r in rows]


async def payment_terms_days(
    conn: asyncpg.Connection, shop_id: UUID, organisation_id: UUID
) -> int | None:
    return await conn.fetchval(  # type: ignore[no-any-return]
        "select payment_terms_days from organisations where shop_id = $1 and id = $2",
        shop_id,
        organisation_id,
    )


async def shop_currency(conn: asyncpg.Connection, shop_id: UUID) -> str:
    return await conn.fetchval("select currency from shops where id = $1", shop_id)  # type: ignore[no-any-return]


async def set_customer_group(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, group_id: UUID
) -> None:
    await conn.execute(
        "update contacts set customer_group_id = $3 where shop_id = $1 and id = $2",
        shop_id,
        contact_id,
        group_id,
    )
