"""SQL that writes orders: placing one with its lines, and the merchant's updates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from gateway.db.orders import ORDER_COLUMNS, Order, order_from_row


@dataclass(frozen=True)
class NewOrderLine:
    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    total: Decimal
    vat_rate: Decimal | None = None  # the product's own rate; None: the shop's rate


@dataclass(frozen=True)
class NewOrder:
    shop_id: UUID
    number: str
    contact_id: UUID
    email: str
    full_name: str | None
    currency: str
    total: Decimal
    lines: list[NewOrderLine]
    shipping_method: str | None
    payment_method: str | None
    shipping_address: dict[str, str] | None
    billing_address: dict[str, str] | None
    source: str
    checkout_id: UUID | None = None
    placed_at: datetime | None = None
    organisation_id: UUID | None = None


async def insert_order(conn: asyncpg.Connection, order: NewOrder) -> Order:
    """Insert the order and its lines (two statements); call inside the placing transaction."""
    row = await conn.fetchrow(
        f"""insert into orders (shop_id, number, contact_id, email, full_name, placed_at,
                currency, total, shipping_method, payment_method, shipping_address,
                billing_address, source, checkout_id, organisation_id)
            values ($1, $2, $3, $4, $5, coalesce($6, now()), $7, $8, $9, $10, $11, $12, $13, $14,
                    $15)
            returning {ORDER_COLUMNS}""",
        order.shop_id,
        order.number,
        order.contact_id,
        order.email,
        order.full_name,
        order.placed_at,
        order.currency,
        order.total,
        order.shipping_method,
        order.payment_method,
        order.shipping_address,
        order.billing_address,
        order.source,
        order.checkout_id,
        order.organisation_id,
    )
    await conn.execute(
        """insert into order_lines (shop_id, order_id, position, sku, name, quantity,
               unit_price, total, vat_rate)
           select $1, $2, l.position - 1, l.sku, l.name, l.quantity, l.unit_price, l.total,
                  coalesce(l.vat_rate, (select vat_rate from shops where id = $1))
           from unnest($3::text[], $4::text[], $5::int[], $6::numeric[], $7::numeric[],
                       $8::numeric[])
                with ordinality as l(sku, name, quantity, unit_price, total, vat_rate, position)""",
        order.shop_id,
        row["id"],
        [line.sku for line in order.lines],
        [line.name for line in order.lines],
        [line.quantity for line in order.lines],
        [line.unit_price for line in order.lines],
        [line.total for line in order.lines],
        [line.vat_rate for line in order.lines],
    )
    return order_from_row(row)


async def lock_order(conn: asyncpg.Connection, shop_id: UUID, order_id: UUID) -> Order | None:
    row = await conn.fetchrow(
        f"select {ORDER_COLUMNS} from orders where shop_id = $1 and id = $2 for update",
        shop_id,
        order_id,
    )
    return order_from_row(row) if row else None


async def update_order(
    conn: asyncpg.Connection, shop_id: UUID, order_id: UUID, changes: dict[str, Any]
) -> Order | None:
    allowed = {
        "payment_status",
        "fulfilment_status",
        "amount_paid",
        "expected_delivery_date",
        "tracking_url",
    }
    params: list[Any] = [shop_id, order_id]
    assignments = ["updated_at = now()"]
    for column, value in changes.items():
        if column not in allowed:
            raise ValueError(f"unknown order column {column}")
        params.append(value)
        assignments.append(f"{column} = ${len(params)}")
    row = await conn.fetchrow(
        f"""update orders set {", ".join(assignments)} where shop_id = $1 and id = $2
            returning {ORDER_COLUMNS}""",
        *params,
    )
    return order_from_row(row) if row else None
