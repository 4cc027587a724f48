"""One customer never reaches another's orders, invoices or addresses through the pages, and a
session of one shop opens nothing in another."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.gql import admin, data
from tests.my_account.factories import Customer, order, product
from tests.pages.conftest import base, browser_for
from tests.pages.helpers import submit, text_of


async def _anns_things(
    pool: asyncpg.Pool, client: httpx.AsyncClient, shop: CreatedShop, ann: Customer
) -> tuple[str, str]:
    """Ann's order 1001 with an invoice, and one saved address: (invoice id, address id)."""
    await product(pool, shop.shop_id, "TEA")
    order_id = await order(pool, shop.shop_id, ann.id, "1001")
    body = await admin(
        client,
        shop.admin_key,
        "mutation($id: ID!) { invoiceCreate(orderId: $id) { invoice { id } } }",
        {"id": str(order_id)},
    )
    invoice_id = data(body)["invoiceCreate"]["invoice"]["id"]
    address_id = await pool.fetchval(
        """insert into addresses (shop_id, contact_id, name, street, postal_code, city, country)
           values ($1, $2, 'Ann', 'Annstraat 1', '1234 AB', 'Utrecht', 'NL') returning id""",
        shop.shop_id,
        ann.id,
    )
    return invoice_id, str(address_id)


async def test_another_customers_order_invoice_and_address_are_not_found(
    pool: asyncpg.Pool,
    client: httpx.AsyncClient,
    shop: CreatedShop,
    ann: Customer,
    ann_browser: httpx.AsyncClient,
    bob_browser: httpx.AsyncClient,
) -> None:
    invoice_id, address_id = await _anns_things(pool, client, shop, ann)
    own = await ann_browser.get(f"{base(shop)}/orders/1001")
    assert own.status_code == 200 and "Annstraat" not in own.text  # (sanity: Ann sees hers)
    assert (await ann_browser.get(f"{base(shop)}/addresses/{address_id}")).status_code == 200
    pdf = await ann_browser.get(f"{base(shop)}/orders/1001/invoices/{invoice_id}")
    assert pdf.status_code == 303 and "/invoices/" in pdf.headers["location"]

    for path in (
        "orders/1001",
        f"orders/1001/invoices/{invoice_id}",
        f"addresses/{address_id}",
    ):
        response = await bob_browser.get(f"{base(shop)}/{path}")
        assert response.status_code == 404, path
        assert "Ann" not in text_of(response) and "Dorpsstraat" not in response.text
    listing = await bob_browser.get(f"{base(shop)}/orders")
    assert "1001" not in text_of(listing)


async def test_another_customers_address_and_order_cannot_be_changed(
    pool: asyncpg.Pool,
    client: httpx.AsyncClient,
    shop: CreatedShop,
    ann: Customer,
    bob_browser: httpx.AsyncClient,
) -> None:
    _, address_id = await _anns_things(pool, client, shop, ann)
    page = f"{base(shop)}/addresses"
    for action in ("save", "delete", "SHIPPING"):
        response = await submit(
            bob_browser,
            page,
            f"{page}/{address_id}",
            {
                "action": action,
                "name": "Bob",
                "street": "Bobweg 2",
                "postalCode": "1234 AB",
                "city": "Delft",
                "country": "NL",
            },
        )
        assert response.status_code == 404, action
    street = await pool.fetchval("select street from addresses where id = $1::uuid", address_id)
    assert street == "Annstraat 1"
    again = await submit(bob_browser, f"{base(shop)}/", f"{base(shop)}/orders/1001/again", {})
    assert again.status_code == 404
    assert await pool.fetchval("select count(*) from checkouts") == 0


async def test_a_session_of_one_shop_opens_nothing_in_another(
    app: Any, ann: Customer, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    """Cookies are per handle; even a token put under the other shop's name is refused there."""
    browser = await browser_for(app, ann, shop)
    async with browser:
        browser.cookies.set(f"account-{other_shop.handle}", ann.token, domain="gateway.test")
        response = await browser.get(f"{base(other_shop)}/")
        assert response.status_code == 303
        assert response.headers["location"].startswith(f"{base(other_shop)}/sign-in")
        assert f'account-{other_shop.handle}=""' in response.headers.get("set-cookie", "") or (
            "max-age=0" in response.headers.get("set-cookie", "").lower()
        )
        assert (await browser.get(f"{base(shop)}/")).status_code == 200
