"""invoiceCreate: an invoice for an order, numbered per shop, with the customer as printed."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID

import asyncpg

from gateway.db import account_orders as db
from gateway.db.orders import Invoice, lines_by_order_ids
from gateway.db.shops import next_counter
from gateway.errors import Problem, ProblemError
from gateway.invoices.vat import reverse_charge, vat_totals

COUNTER = "invoice"


def invoice_number(year: int, sequence: int) -> str:
    """E.g. INV-2026-000001: the year of issue, then the shop's gapless invoice sequence."""
    return f"INV-{year}-{sequence:06d}"


def customer_snapshot(source: db.InvoiceSource) -> dict[str, object]:
    """Whom the invoice is made out to: the organisation for an order placed for one (its
    name, VAT number and billing address, the buyer as "attention"), else the person."""
    order = source.order
    person = source.customer_name or order.full_name or ""
    org = source.organisation
    if org is not None:
        days = org.get("paymentTermsDays")
        terms = org.get("paymentTerms") or (f"Net {days} days" if days is not None else None)
        snapshot: dict[str, object] = {
            "name": org.get("name") or person,
            "attention": person,
            "email": order.email,
            "vatNumber": org.get("vatNumber"),
            "billingAddress": org.get("billingAddress")
            or order.billing_address
            or order.shipping_address,
            "paymentTerms": terms,
            "paymentTermsDays": days,
            "locale": source.locale,
        }
    else:
        snapshot = {
            "name": person,
            "email": order.email,
            "vatNumber": source.customer_vat_number,
            "billingAddress": order.billing_address or order.shipping_address,
            "paymentTerms": source.payment_terms,
            "locale": source.locale,
        }
    vat_number = snapshot["vatNumber"]
    snapshot["reverseCharge"] = reverse_charge(
        source.seller_vat_number, vat_number if isinstance(vat_number, str) else None
    )
    return snapshot


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
                customer = customer_snapshot(source)
                total = source.order.total
                if customer["reverseCharge"]:  # no VAT charged: the amount due is the net
                    total = await _net_total(conn, shop_id, source)
                days = customer.get("paymentTermsDays")
                return await db.insert_invoice(
                    conn,
                    shop_id,
                    target,
                    invoice_number(datetime.now(UTC).year, sequence),
                    source.order.currency,
                    total,
                    customer,
                    due_days=days if isinstance(days, int) else None,
                    supply_date=source.order.placed_at.date(),
                )
        except asyncpg.UniqueViolationError:
            raise ProblemError(
                Problem("INVALID", ["orderId"], "This order already has an invoice.")
            ) from None


async def _net_total(conn: asyncpg.Connection, shop_id: UUID, source: db.InvoiceSource) -> Decimal:
    rows = await lines_by_order_ids(conn, shop_id, [source.order.id])
    default = source.shop_vat_rate
    return vat_totals(
        [(r.total, r.vat_rate if r.vat_rate is not None else default) for r in rows],
        source.prices_include_vat,
        reverse=True,
    ).total
