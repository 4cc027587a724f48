"""SQL for orders, their lines and invoices (reads shared by checkout and the account area)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple
from uuid import UUID

import asyncpg


# Rows as named tuples: read-only like a frozen dataclass, and made about five times faster (a
# dashboard builds tens of them per request).
class Order(NamedTuple):
    id: UUID
    shop_id: UUID
    number: str
    contact_id: UUID | None
    email: str
    full_name: str | None
    placed_at: datetime
    currency: str
    total: Decimal
    amount_paid: Decimal
    shipping_method: str | None
    payment_method: str | None
    shipping_address: dict[str, Any] | None
    billing_address: dict[str, Any] | None
    expected_delivery_date: date | None
    tracking_url: str | None
    payment_status: str
    fulfilment_status: str
    organisation_id: UUID | None = None  # placed while acting for this organisation


class OrderLine(NamedTuple):
    id: UUID
    order_id: UUID
    position: int
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    total: Decimal
    vat_rate: Decimal | None = None  # as sold (the product's rate, else the shop's)


class Invoice(NamedTuple):
    id: UUID
    shop_id: UUID
    order_id: UUID
    number: str
    issued_at: datetime
    currency: str
    total: Decimal
    due_date: date | None = None


ORDER_COLUMNS = """id, shop_id, number, contact_id, email, full_name, placed_at, currency, total,
    amount_paid, shipping_method, payment_method, shipping_address, billing_address,
    expected_delivery_date, tracking_url, payment_status, fulfilment_status, organisation_id"""
LINE_COLUMNS = "id, order_id, position, sku, name, quantity, unit_price, total, vat_rate"
INVOICE_COLUMNS = "id, shop_id, order_id, number, issued_at, currency, total, due_date"


def order_from_row(row: asyncpg.Record) -> Order:
    return Order._make(map(row.__getitem__, Order._fields))


def line_from_row(row: asyncpg.Record) -> OrderLine:
    return OrderLine._make(map(row.__getitem__, OrderLine._fields))


def invoice_from_row(row: asyncpg.Record) -> Invoice:
    return Invoice._make(map(row.__getitem__, Invoice._fields))


async def orders_by_ids(conn: asyncpg.Connection, shop_id: UUID, ids: list[UUID]) -> list[Order]:
    rows = await conn.fetch(
        f"select {ORDER_COLUMNS} from orders where shop_id = $1 and id = any($2::uuid[])",
        shop_id,
        ids,
    )
    return [order_from_row(r) for r in rows]


async def lines_by_order_ids(
    conn: asyncpg.Connection, shop_id: UUID, order_ids: list[UUID]
) -> list[OrderLine]:
    rows = await conn.fetch(
        f"""select {LINE_COLUMNS} from order_lines
            where shop_id = $1 and order_id = any($2::uuid[]) order by order_id, position""",
        shop_id,
        order_ids,
    )
    return [line_from_row(r) for r in rows]


async def invoices_by_order_ids(
    conn: asyncpg.Connection, shop_id: UUID, order_ids: list[UUID]
) -> list[Invoice]:
    rows = await conn.fetch(
        f"""select {INVOICE_COLUMNS} from invoices
            where shop_id = $1 and order_id = any($2::uuid[]) order by issued_at, number""",
        shop_id,
        order_ids,
    )
    return [invoice_from_row(r) for r in rows]


async def order_of_contact(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, order_id: UUID
) -> Order | None:
    row = await conn.fetchrow(
        f"""select {ORDER_COLUMNS} from orders
            where shop_id = $1 and contact_id = $2 and id = $3""",
        shop_id,
        contact_id,
        order_id,
    )
    return order_from_row(row) if row else None


async def order_of_contact_or_admin(
    conn: asyncpg.Connection,
    shop_id: UUID,
    contact_id: UUID,
    order_id: UUID,
    organisation_id: UUID,
) -> Order | None:
    """The order if the contact placed it, or if it was placed for `organisation_id` and the
    contact is an ADMIN of that organisation now (the membership is read here, not trusted
    from the session); else None."""
    row = await conn.fetchrow(
        f"""select {ORDER_COLUMNS} from orders
            where shop_id = $1 and id = $3
              and (contact_id = $2
                   or (organisation_id = $4 and exists (
                         select 1 from organisation_members m
                         where m.shop_id = $1 and m.organisation_id = $4
                           and m.contact_id = $2 and m.role = 'ADMIN')))""",
        shop_id,
        contact_id,
        order_id,
        organisation_id,
    )
    return order_from_row(row) if row else None
