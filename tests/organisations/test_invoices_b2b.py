"""Invoices as the EU VAT directive wants them: the seller as set through the admin API, the
date of supply, each line's own VAT rate, an organisation's invoice made out to it with its
due date, and the reverse charge for an intra-EU business customer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID

import asyncpg
import httpx

from gateway.db.account_orders import invoice_for_pdf
from gateway.db.orders import lines_by_order_ids
from gateway.invoices.download import document
from gateway.invoices.pdf import InvoiceLine, invoice_totals, render_invoice_pdf
from gateway.tenancy.shops import CreatedShop
from tests.checkout.factories import registered_contact
from tests.organisations.ops import (
    PRODUCT_UPSERT,
    add_member,
    admin_op,
    codes,
    organisation,
)

SELLER = """mutation($input: SellerInput!) { sellerUpdate(input: $input) {
  seller { name address vatNumber vatRate } errors { code field } } }"""
ORDER = """mutation($input: OrderCreateInput!) { orderCreate(input: $input) {
  order { id total { amount } } errors { code field } } }"""
INVOICE = """mutation($id: ID!) { invoiceCreate(orderId: $id) {
  invoice { id number dueDate total { amount } } errors { code } } }"""
BERLIN = {"name": "Einkauf", "street": "Unter den Linden 1", "postalCode": "10117",
          "city": "Berlin", "country": "DE"}  # fmt: skip


async def _shop_with_seller(client: httpx.AsyncClient, shop: CreatedShop) -> None:
    seller = {"name": "Theeland B.V.", "address": "Kade 1\n1011 AA Amsterdam\nNL",
              "vatNumber": "nl 0044.95445.B01"}  # fmt: skip
    payload = await admin_op(client, shop, SELLER, {"input": seller})
    assert payload["errors"] == []
    assert payload["seller"]["vatNumber"] == "NL004495445B01"
    assert codes(await admin_op(client, shop, SELLER, {"input": {"vatNumber": "NL1"}})) == [
        "INVALID"
    ]
    for sku, price, rate in (("TEA", "6.95", "9"), ("MUG", "14.00", None)):
        product = {"sku": sku, "name": sku.title(), "price": price, "vatRate": rate}
        assert (await admin_op(client, shop, PRODUCT_UPSERT, {"input": product}))["errors"] == []


async def _invoiced_order(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, org: str, email: str
) -> tuple[dict, dict]:
    buyer = await registered_contact(pool, shop.shop_id, email)
    await pool.execute("update contacts set locale = 'en' where id = $1", buyer)
    assert (await add_member(client, shop, org, buyer, "BUYER"))["errors"] == []
    order_input = {
        "contactId": str(buyer),
        "organisationId": org,
        "lines": [{"sku": "TEA", "quantity": 10}, {"sku": "MUG", "quantity": 1}],
        "shippingMethod": "DHL",
        "shippingAddress": BERLIN,
        "paymentMethod": "on_account",
    }
    placed = await admin_op(client, shop, ORDER, {"input": order_input})
    assert placed["errors"] == [], placed
    invoice = await admin_op(client, shop, INVOICE, {"id": placed["order"]["id"]})
    assert invoice["errors"] == []
    return placed["order"], invoice["invoice"]


async def _pdf(pool: asyncpg.Pool, invoice_id: str) -> tuple[bytes, object]:
    async with pool.acquire() as conn:
        row = await invoice_for_pdf(conn, UUID(invoice_id))
        assert row is not None
        rows = await lines_by_order_ids(conn, row.shop_id, [row.order_id])
    lines = [
        InvoiceLine(r.sku, r.name, r.quantity, r.unit_price, r.total, r.vat_rate) for r in rows
    ]
    doc = document(row, lines)
    return render_invoice_pdf(doc, compress=False), doc


async def test_intra_eu_business_invoice_is_reverse_charged_to_the_organisation(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await _shop_with_seller(client, shop)
    org = await organisation(
        client, shop, "Berlin GmbH", vatNumber="DE136695976", paymentTermsDays=14,
        billingAddress=BERLIN,
    )  # fmt: skip
    order, invoice = await _invoiced_order(client, pool, shop, org, "buyer@example.de")
    assert order["total"]["amount"] == "83.50"  # 10 x 6.95 + 14.00, VAT included
    assert invoice["dueDate"] == (datetime.now(UTC).date() + timedelta(days=14)).isoformat()
    # No VAT charged: TEA 69.50 at 9% -> 63.76 net, MUG 14.00 at 21% -> 11.57 net.
    assert invoice["total"]["amount"] == "75.33"
    plain, doc = await _pdf(pool, invoice["id"])
    assert invoice_totals(doc).total == Decimal("75.33")  # type: ignore[arg-type]
    today = datetime.now(UTC).date().isoformat()
    for text in (
        b"Theeland B.V.",
        b"NL004495445B01",
        b"Berlin GmbH",
        b"DE136695976",
        b"Unter den Linden 1",
        b"Reverse charge",
        b"9%",
        b"21%",
        f"Date of supply: {today}".encode(),
        f"Due date: {invoice['dueDate']}".encode(),
    ):
        assert text in plain, text


async def test_domestic_business_invoice_shows_vat_per_rate(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await _shop_with_seller(client, shop)
    org = await organisation(client, shop, "Utrecht B.V.", vatNumber="NL004495445B01")
    order, invoice = await _invoiced_order(client, pool, shop, org, "inkoop@example.nl")
    assert invoice["total"]["amount"] == order["total"]["amount"] == "83.50"
    assert invoice["dueDate"] is None  # no terms: paid at order
    plain, doc = await _pdf(pool, invoice["id"])
    totals = invoice_totals(doc)  # type: ignore[arg-type]
    # VAT 9%: 69.50 x 9/109 = 5.74; VAT 21%: 14.00 x 21/121 = 2.43
    assert (totals.vat, totals.subtotal, totals.total) == (
        Decimal("8.17"),
        Decimal("75.33"),
        Decimal("83.50"),
    )
    assert b"Reverse charge" not in plain and b"Utrecht B.V." in plain
