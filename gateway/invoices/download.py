"""Serving an invoice PDF to the holder of a valid signed URL."""

from __future__ import annotations

import asyncio
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


def _address_lines(address: dict[str, str] | None) -> list[str]:
    if not address:
        return []
    return [
        address.get("street", ""),
        " ".join(v for k in ("postalCode", "city", "countryArea") if (v := address.get(k, ""))),
        address.get("country", ""),
    ]


def document(invoice: db.InvoiceForPdf, lines: list[InvoiceLine]) -> InvoiceDocument:
    customer = invoice.customer
    return InvoiceDocument(
        number=invoice.number,
        issued_at=invoice.issued_at,
        shop_name=invoice.seller_name or invoice.shop_name,
        shop_address=invoice.shop_address,
        shop_vat_number=invoice.shop_vat_number,
        customer_name=str(customer.get("name") or ""),
        customer_email=str(customer.get("email") or ""),
        customer_vat_number=customer.get("vatNumber"),
        billing_address=_address_lines(customer.get("billingAddress")),
        order_number=invoice.order_number,
        currency=invoice.currency,
        lines=lines,
        vat_rate=invoice.vat_rate,
        prices_include_vat=invoice.prices_include_vat,
        payment_terms=customer.get("paymentTerms"),
        locale=str(customer.get("locale") or "en"),
        supply_date=invoice.supply_date,
        due_date=invoice.due_date,
        attention=customer.get("attention"),
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
