"""SQL for pages of a contact's orders with their lines and invoices, in one statement.

The lines and invoices of each order come back as arrays of anonymous records (asyncpg decodes
them into typed tuples), so a dashboard's orders cost one round trip instead of three.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import asyncpg

from gateway.db.account_orders import PageKey, order_pages_sql
from gateway.db.orders import Invoice, Order, OrderLine, order_from_row


@dataclass(frozen=True)
class OrderWithDetails:
    order: Order
    lines: list[OrderLine]  # by position
    invoices: list[Invoice]  # by issue time, number


_DETAILS = """,
    (select array_agg(row(l.id, l.order_id, l.position, l.sku, l.name, l.quantity,
                          l.unit_price, l.total, l.vat_rate) order by l.position)
     from order_lines l where l.shop_id = $1 and l.order_id = o.id) as detail_lines,
    (select array_agg(row(i.id, i.shop_id, i.order_id, i.number, i.issued_at, i.currency,
                          i.total, i.due_date) order by i.issued_at, i.number)
     from invoices i where i.shop_id = $1 and i.order_id = o.id) as detail_invoices"""


async def order_pages_with_details(
    conn: asyncpg.Connection, shop_id: UUID, keys: list[PageKey]
) -> list[list[OrderWithDetails]]:
    """`account_orders.order_pages`, each order with its lines and invoices."""
    query, args = order_pages_sql(shop_id, keys, _DETAILS)
    out: list[list[OrderWithDetails]] = [[] for _ in keys]
    for row in await conn.fetch(query, *args):
        out[row["n"] - 1].append(
            OrderWithDetails(
                order_from_row(row),
                [OrderLine(*r) for r in row["detail_lines"] or ()],
                [Invoice(*r) for r in row["detail_invoices"] or ()],
            )
        )
    return out
