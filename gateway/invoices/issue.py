"""invoiceCreate: an invoice for an order, numbered per shop, with the customer as printed."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import asyncpg

from gateway.db import account_orders as db
from gateway.db.orders import Invoice
from gateway.db.shops import next_counter
from gateway.errors import Problem, ProblemError

COUNTER = "invoice"


def invoice_number(year: int, sequence: int) -> str:
    """E.g. INV-2026-000001: the year of issue, then the shop's gapless invoice sequence."""
    return f"INV-{year}-{sequence:06d}"


def customer_snapshot(source: db.InvoiceSource) -> dict[str, object]:
    order = source.order
    return {
        "name": source.customer_name or order.full_name or "",
        "email": order.email,
        "vatNumber": source.customer_vat_number,
        "billingAddress": order.billing_address or order.shipping_address,
        "paymentTerms": source.payment_terms,
        "locale": source.locale,
    }


async def create_invoice(pool: asyncpg.Pool, shop_id: UUID, order_id: str) -> Invoice:
    not_found = ProblemError(Problem("NOT_FOUND", ["orderId"], "There is no such order."))
    try:
        target = UUID(order_id)
    except ValueError:
        raise not_found from None
    async with pool.acquire() as conn:
        try:
            async with conn.transaction():
                source = await db.lock_order_for_invoice(conn, shop_id, target)
                if source is None:
                    raise not_found
                sequence = await next_counter(conn, shop_id, COUNTER)
                return await db.insert_invoice(
                    conn,
                    shop_id,
                    target,
                    invoice_number(datetime.now(UTC).year, sequence),
                    source.order.currency,
                    source.order.total,
                    customer_snapshot(source),
                )
        except asyncpg.UniqueViolationError:
            raise ProblemError(
                Problem("INVALID", ["orderId"], "This order already has an invoice.")
            ) from None
