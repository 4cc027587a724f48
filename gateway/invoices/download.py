"""Serving an invoice PDF to the holder of a valid signed URL."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

import asyncpg

from gateway.db import account_orders as db
from gateway.db.orders import lines_by_order_ids
from gateway.invoices import links
from gateway.invoices.pdf import InvoiceDocument, InvoiceLine, render_invoice_pdf


class DownloadRefused(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _object(value: Any) -> dict[str, Any]:
    """A stored JSON object, or {} for anything else (a row written by hand or a migration)."""
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    """A stored value as printable text: "" for null, objects and lists."""
    return str(value) if isinstance(value, str | int | float) else ""


def _address_lines(raw: Any) -> list[str]:
    address = _object(raw)
    if not address:
        return []
    place = (_text(address.get(k)) for k in ("postalCode", "city", "countryArea"))
    return [
        _text(address.get("street")),
        " ".join(v for v in place if v),
        _text(address.get("country")),
    ]


def document(invoice: db.InvoiceForPdf, lines: list[InvoiceLine]) -> InvoiceDocument:
    """The PDF's content. The customer is a jsonb copy made at issue time; a malformed one
    (not an object, a value of the wrong type) prints as empty parts, never a failed download."""
    customer = _object(invoice.customer)
    return InvoiceDocument(
        number=invoice.number,
        issued_at=invoice.issued_at,
        shop_name=invoice.seller_name or invoice.shop_name,
        shop_address=invoice.shop_address,
        shop_vat_number=invoice.shop_vat_number,
        customer_name=_text(customer.get("name")),
        customer_email=_text(customer.get("email")),
        customer_vat_number=_text(customer.get("vatNumber")) or None,
        billing_address=_address_lines(customer.get("billingAddress")),
        order_number=invoice.order_number,
        currency=invoice.currency,
        lines=lines,
        vat_rate=invoice.vat_rate,
        prices_include_vat=invoice.prices_include_vat,
        payment_terms=_text(customer.get("paymentTerms")) or None,
        locale=_text(customer.get("locale")) or "en",
        supply_date=invoice.supply_date,
        due_date=invoice.due_date,
        attention=_text(customer.get("attention")) or None,
        reverse_charge=bool(customer.get("reverseCharge")),
    )


async def invoice_pdf(pool: asyncpg.Pool, raw_id: str, expires_raw: str | None, sig: str) -> bytes:
    """The PDF, or DownloadRefused(403) for an expired or forged URL, (404) for no invoice."""
    expires = links.parse_expiry(expires_raw)
    if expires is None or len(sig) != 64:
        raise DownloadRefused(403)
    try:
        invoice_id = UUID(raw_id)
    except ValueError:
        raise DownloadRefused(404) from None
    key = await links.signing_key(pool)
    async with pool.acquire() as conn:
        invoice = await db.invoice_for_pdf(conn, invoice_id)
        if invoice is None:
            raise DownloadRefused(404)
        if not links.valid(key, invoice.id, invoice.shop_id, expires, sig):
            raise DownloadRefused(403)
        rows = await lines_by_order_ids(conn, invoice.shop_id, [invoice.order_id])
    lines = [
        InvoiceLine(r.sku, r.name, r.quantity, r.unit_price, r.total, r.vat_rate) for r in rows
    ]
    return await asyncio.to_thread(render_invoice_pdf, document(invoice, lines))
