"""invoiceCreate, viewer.invoices and the signed PDF download URL."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit
from uuid import UUID, uuid4

import asyncpg
import httpx

from gateway.db.account_orders import invoice_for_pdf
from gateway.invoices import links
from gateway.invoices.download import document
from gateway.invoices.pdf import render_invoice_pdf
from gateway.tenancy.shops import CreatedShop
from tests.gql import admin, data, storefront
from tests.my_account.factories import customer, order

CREATE = """mutation($id: ID!) { invoiceCreate(orderId: $id) {
  invoice { id number total { amount currency } } errors { code field } } }"""
INVOICES = """{ viewer { invoices(first: 10) {
  edges { node { id number downloadUrl } } pageInfo { hasNextPage } } } }"""
ORDER_INVOICES = """query($n: String!) { order(number: $n) { invoices { number downloadUrl } } }"""
SETTINGS = """mutation($on: Boolean!) { storefrontUpdate(input: {invoiceDownloadEnabled: $on}) {
  errors { code } } }"""


async def _invoice(client: httpx.AsyncClient, shop: CreatedShop, order_id: UUID) -> dict:
    body = await admin(client, shop.admin_key, CREATE, {"id": str(order_id)})
    payload = data(body)["invoiceCreate"]
    assert payload["errors"] == []
    return payload["invoice"]


async def test_invoices_are_numbered_per_shop_once_per_order(
    client: httpx.AsyncClient, shop: CreatedShop, other_shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    first = await order(pool, shop.shop_id, ann.id, "1", lines=[("TEA", 3, "6.95")])
    second = await order(pool, shop.shop_id, ann.id, "2")
    foreign = await order(pool, other_shop.shop_id, None, "1")
    year = datetime.now(UTC).year
    invoice = await _invoice(client, shop, first)
    assert invoice["number"] == f"INV-{year}-000001"
    assert invoice["total"] == {"amount": "20.85", "currency": "EUR"}
    assert (await _invoice(client, shop, second))["number"] == f"INV-{year}-000002"
    again = data(await admin(client, shop.admin_key, CREATE, {"id": str(first)}))
    assert again["invoiceCreate"]["errors"] == [{"code": "INVALID", "field": ["orderId"]}]
    for missing in (foreign, uuid4(), "nonsense"):
        body = await admin(client, shop.admin_key, CREATE, {"id": str(missing)})
        assert data(body)["invoiceCreate"]["errors"] == [
            {"code": "NOT_FOUND", "field": ["orderId"]}
        ]
    # The refused attempts used no numbers: the sequence stays gapless.
    assert (await _invoice(client, other_shop, foreign))["number"] == f"INV-{year}-000001"


async def test_download_url_serves_the_pdf_to_its_holder_only_briefly(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    await pool.execute("update contacts set vat_number = 'NL004495445B01' where id = $1", ann.id)
    order_id = await order(pool, shop.shop_id, ann.id, "1001", lines=[("TEA", 2, "6.95")])
    invoice = await _invoice(client, shop, order_id)
    body = data(await storefront(client, shop.storefront_key, INVOICES, token=ann.token))
    [edge] = body["viewer"]["invoices"]["edges"]
    assert edge["node"]["number"] == invoice["number"]
    url = urlsplit(edge["node"]["downloadUrl"])
    assert re.fullmatch(rf"/invoices/{invoice['id']}\.pdf", url.path)
    expires = int(dict(p.split("=") for p in url.query.split("&"))["expires"])
    assert 14 * 60 <= expires - time.time() <= 15 * 60

    response = await client.get(f"{url.path}?{url.query}")  # no session, no key: the URL is enough
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")

    # Tampered: another expiry, another signature, another invoice id.
    later = url.query.replace(f"expires={expires}", f"expires={expires + 3600}")
    assert (await client.get(f"{url.path}?{later}")).status_code == 403
    forged = re.sub(r"sig=[0-9a-f]{4}", "sig=0000", url.query)
    assert (await client.get(f"{url.path}?{forged}")).status_code == 403
    assert (await client.get(f"/invoices/{uuid4()}.pdf?{url.query}")).status_code == 404
    assert (await client.get(url.path)).status_code == 403

    # Expired: a correctly signed URL from 16 minutes ago.
    key = await links.signing_key(pool)
    old = links.signed_path(key, UUID(invoice["id"]), shop.shop_id, now=time.time() - 16 * 60)
    assert (await client.get(old)).status_code == 403
    fresh = links.signed_path(key, UUID(invoice["id"]), shop.shop_id)
    assert (await client.get(fresh)).status_code == 200


async def test_pdf_shows_shop_customer_vat_number_and_lines(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    await pool.execute("update contacts set vat_number = 'NL004495445B01' where id = $1", ann.id)
    order_id = await order(pool, shop.shop_id, ann.id, "1001", lines=[("TEA-X", 2, "6.05")])
    invoice = await _invoice(client, shop, order_id)
    key = await links.signing_key(pool)
    response = await client.get(links.signed_path(key, UUID(invoice["id"]), shop.shop_id))
    assert response.status_code == 200
    async with pool.acquire() as conn:
        row = await invoice_for_pdf(conn, UUID(invoice["id"]))
    assert row is not None
    doc = document(row, [])
    assert (doc.customer_name, doc.customer_vat_number) == ("Ann Example", "NL004495445B01")
    assert doc.billing_address == ["Dorpsstraat 5", "1234 AB Utrecht", "NL"]
    plain = render_invoice_pdf(doc, compress=False)
    for text in (b"Test shop", b"Ann Example", b"NL004495445B01", invoice["number"].encode()):
        assert text in plain


async def test_other_contacts_invoices_are_unreachable(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    bob = await customer(pool, shop.shop_id, email="bob@example.com")
    await _invoice(client, shop, await order(pool, shop.shop_id, ann.id, "1001"))
    key = shop.storefront_key
    bob_view = data(await storefront(client, key, INVOICES, token=bob.token))
    assert bob_view["viewer"]["invoices"]["edges"] == []
    assert data(await storefront(client, key, ORDER_INVOICES, {"n": "1001"}, bob.token)) == {
        "order": None
    }
    mine = data(await storefront(client, key, ORDER_INVOICES, {"n": "1001"}, ann.token))
    assert mine["order"]["invoices"][0]["downloadUrl"].startswith("http://gateway.test/invoices/")


async def test_fiscal_invoice_setting_turns_the_download_off(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    await _invoice(client, shop, await order(pool, shop.shop_id, ann.id, "1001"))
    assert data(await admin(client, shop.admin_key, SETTINGS, {"on": False})) == {
        "storefrontUpdate": {"errors": []}
    }
    body = data(await storefront(client, shop.storefront_key, INVOICES, token=ann.token))
    [edge] = body["viewer"]["invoices"]["edges"]
    assert edge["node"]["downloadUrl"] is None
    assert edge["node"]["number"]
