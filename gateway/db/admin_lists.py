"""SQL for the admin API's lists: orders, invoices and products of a shop, newest first.

Each page is `limit` rows strictly after the (timestamp, id) position of the cursor; callers ask
one row more than they show to know whether a next page exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from gateway.db.b2b import CustomerGroup, PriceList
from gateway.db.orders import (
    INVOICE_COLUMNS,
    ORDER_COLUMNS,
    Invoice,
    Order,
    invoice_from_row,
    order_from_row,
)
from gateway.db.products import Product


@dataclass(frozen=True)
class ListQuery:
    limit: int
    after: tuple[datetime, UUID] | None
    pattern: str | None  # a LIKE pattern, lower case, wildcards in the search escaped
    exact: str | None  # the search as typed, matched exactly against numbers


def _after(query: ListQuery) -> tuple[datetime | None, UUID | None]:
    return query.after if query.after else (None, None)


async def order_by_number(conn: asyncpg.Connection, shop_id: UUID, number: str) -> Order | None:
    row = await conn.fetchrow(
        f"select {ORDER_COLUMNS} from orders where shop_id = $1 and number = $2", shop_id, number
    )
    return order_from_row(row) if row else None


async def order_page(
    conn: asyncpg.Connection,
    shop_id: UUID,
    query: ListQuery,
    payment_status: str | None,
    fulfilment_status: str | None,
) -> list[Order]:
    at, key = _after(query)
    rows = await conn.fetch(
        f"""select {ORDER_COLUMNS} from orders
            where shop_id = $1
              and ($2::text is null or number = $3 or lower(email) like $2 escape '\\'
                   or lower(coalesce(full_name, '')) like $2 escape '\\')
              and ($4::text is null or payment_status = $4)
              and ($5::text is null or fulfilment_status = $5)
              and ($6::timestamptz is null or (placed_at, id) < ($6, $7::uuid))
            order by placed_at desc, id desc limit $8""",
        shop_id,
        query.pattern,
        query.exact,
        payment_status,
        fulfilment_status,
        at,
        key,
        query.limit,
    )
    return [order_from_row(r) for r in rows]


@dataclass(frozen=True)
class ShopInvoice:
    invoice: Invoice
    contact_id: UUID | None
    order_number: str


async def invoice_page(
    conn: asyncpg.Connection, shop_id: UUID, query: ListQuery
) -> list[ShopInvoice]:
    at, key = _after(query)
    columns = ", ".join(f"i.{c.strip()}" for c in INVOICE_COLUMNS.split(","))
    rows = await conn.fetch(
        f"""select {columns}, o.contact_id, o.number as order_number
            from invoices i join orders o on o.id = i.order_id and o.shop_id = i.shop_id
            where i.shop_id = $1
              and ($2::text is null or i.number = $3 or o.number = $3
                   or lower(o.email) like $2 escape '\\')
              and ($4::timestamptz is null or (i.issued_at, i.id) < ($4, $5::uuid))
            order by i.issued_at desc, i.id desc limit $6""",
        shop_id,
        query.pattern,
        query.exact,
        at,
        key,
        query.limit,
    )
    return [ShopInvoice(invoice_from_row(r), r["contact_id"], r["order_number"]) for r in rows]


@dataclass(frozen=True)
class ListedProduct:
    product: Product
    created_at: datetime


async def product_page(
    conn: asyncpg.Connection, shop_id: UUID, query: ListQuery, active: bool | None
) -> list[ListedProduct]:
    at, key = _after(query)
    rows = await conn.fetch(
        """select id, shop_id, sku, name, price, currency, active, vat_rate, created_at
           from products
           where shop_id = $1
             and ($2::text is null or lower(sku) like $2 escape '\\'
                  or lower(name) like $2 escape '\\')
             and ($3::boolean is null or active = $3)
             and ($4::timestamptz is null or (created_at, id) < ($4, $5::uuid))
           order by created_at desc, id desc limit $6""",
        shop_id,
        query.pattern,
        active,
        at,
        key,
        query.limit,
    )
    return [
        ListedProduct(Product(**{k: r[k] for k in Product.__dataclass_fields__}), r["created_at"])
        for r in rows
    ]


async def customer_groups(conn: asyncpg.Connection, shop_id: UUID) -> list[CustomerGroup]:
    rows = await conn.fetch(
        """select id, name, discount_percent from customer_groups
           where shop_id = $1 order by lower(name), id""",
        shop_id,
    )
    return [CustomerGroup(**dict(r.items())) for r in rows]


async def price_lists(conn: asyncpg.Connection, shop_id: UUID) -> list[PriceList]:
    rows = await conn.fetch(
        "select id, name, currency from price_lists where shop_id = $1 order by lower(name), id",
        shop_id,
    )
    return [PriceList(**dict(r.items())) for r in rows]
