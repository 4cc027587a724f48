"""The order page after the order: shipments with their tracking links, returns, a return
request from the page (reason per line, comment), and the order-status page by its link."""

from __future__ import annotations

import re
from typing import Any

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.after_order.steps import TRACK, customer_order, guest_order, ship
from tests.gql import admin, data
from tests.my_account.factories import Customer, mails, token_in
from tests.pages.conftest import base, browser_for
from tests.pages.helpers import submit, text_of

WINDOW = """mutation($days: Int!) { storefrontUpdate(input: {returnWindowDays: $days}) {
  errors { code } } }"""


async def _customer_with_order(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, email: str
) -> tuple[Customer, dict[str, Any]]:
    token, order = await customer_order(client, pool, shop, email)
    contact_id = await pool.fetchval("select id from contacts where email = $1", email)
    return Customer(contact_id, email, token), order


async def _return(
    browser: httpx.AsyncClient, shop: CreatedShop, number: str, fields: dict[str, str]
) -> httpx.Response:
    page = f"{base(shop)}/orders/{number}"
    return await submit(browser, page, f"{page}/return", fields)


async def _returns(pool: asyncpg.Pool) -> int:
    return int(await pool.fetchval("select count(*) from returns"))


async def test_the_order_page_shows_shipments_and_takes_a_return(
    app: Any, client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    ada, order = await _customer_with_order(client, pool, shop, "ada@example.com")
    shipped = await ship(client, shop, order["id"], [{"sku": "TEA", "quantity": 2}], "3SPAGE1")
    assert shipped["errors"] == []
    number = order["number"]
    async with await browser_for(app, ada, shop) as browser:
        await browser.get(f"{base(shop)}/?lang=en")  # Ada's locale is nl: read it in English first
        page = await browser.get(f"{base(shop)}/orders/{number}")
        assert page.status_code == 200
        assert "PostNL" in page.text and "3SPAGE1" in page.text
        assert f'href="{TRACK}3SPAGE1"' in page.text
        # Only what shipped can go back: two TEA, no MUG (not shipped yet).
        assert 'name="sku-0" value="TEA"' in page.text and 'max="2"' in page.text
        assert 'name="sku-1"' not in page.text

        nothing = await _return(browser, shop, number, {"sku-0": "TEA", "quantity-0": "0"})
        assert nothing.status_code == 400 and "Choose at least one item" in nothing.text
        bad = await _return(
            browser, shop, number, {"sku-0": "TEA", "quantity-0": "1", "reason-0": "BORED"}
        )
        assert bad.status_code == 400
        too_many = await _return(
            browser, shop, number, {"sku-0": "TEA", "quantity-0": "5", "reason-0": "DAMAGED"}
        )
        assert too_many.status_code == 400 and "Between 1 and 2" in too_many.text
        assert 'value="5"' in too_many.text  # what was typed stays
        assert await _returns(pool) == 0

        done = await _return(
            browser,
            shop,
            number,
            {"sku-0": "TEA", "quantity-0": "1", "reason-0": "DAMAGED", "comment": "Dented tin"},
        )
        assert done.status_code == 303
        assert done.headers["location"].endswith(f"orders/{number}?done=return-requested")
        after = await browser.get(done.headers["location"])
        words = text_of(after)
        assert "return request has been sent" in words
        assert "R00001" in words and "Requested" in words and "Damaged" in words
        assert 'max="1"' in after.text  # one TEA left to send back
        stored = await pool.fetchrow("select comment from returns")
        assert stored["comment"] == "Dented tin"
        assert any("R00001" in m["subject"] for m in await mails(pool, "ada@example.com"))

        await browser.get(f"{base(shop)}/orders/{number}?lang=nl")
        dutch = text_of(await browser.get(f"{base(shop)}/orders/{number}"))
        assert "Iets terugsturen" in dutch and "Beschadigd" in dutch and "Aangevraagd" in dutch


async def test_no_return_form_before_shipping(
    app: Any, client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    ada, order = await _customer_with_order(client, pool, shop, "ada@example.com")
    number = order["number"]
    fields = {"sku-0": "TEA", "quantity-0": "1", "reason-0": "OTHER"}
    async with await browser_for(app, ada, shop) as browser:
        await browser.get(f"{base(shop)}/?lang=en")
        page = await browser.get(f"{base(shop)}/orders/{number}")
        assert page.status_code == 200 and "/return" not in page.text
        early = await _return(browser, shop, number, fields)
        assert early.status_code == 400 and "Nothing of this order has shipped yet" in early.text
    assert await _returns(pool) == 0


async def test_no_return_form_when_the_shop_takes_no_returns(
    app: Any, client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    # Set before the pages first read the storefront (they keep it for two seconds).
    closed = data(await admin(client, shop.admin_key, WINDOW, {"days": 0}))
    assert closed["storefrontUpdate"]["errors"] == []
    ada, order = await _customer_with_order(client, pool, shop, "ada@example.com")
    assert (await ship(client, shop, order["id"], None))["errors"] == []
    number = order["number"]
    async with await browser_for(app, ada, shop) as browser:
        await browser.get(f"{base(shop)}/?lang=en")
        page = await browser.get(f"{base(shop)}/orders/{number}")
        assert "PostNL" in page.text and 'name="sku-0"' not in page.text
        fields = {"sku-0": "TEA", "quantity-0": "1", "reason-0": "OTHER"}
        refused = await _return(browser, shop, number, fields)
        assert refused.status_code == 400 and "does not take returns" in refused.text
    assert await _returns(pool) == 0


async def test_nobody_returns_another_customers_order_from_the_pages(
    app: Any, client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    _, order = await _customer_with_order(client, pool, shop, "ada@example.com")
    assert (await ship(client, shop, order["id"], None))["errors"] == []
    eve, _ = await _customer_with_order(client, pool, shop, "eve@example.com")
    async with await browser_for(app, eve, shop) as browser:
        # Eve's own order page gives her a form (and a CSRF token) to aim at Ada's order.
        own = await browser.get(f"{base(shop)}/orders")
        assert own.status_code == 200
        token = re.search(r'name="csrf" value="([^"]+)"', own.text)
        assert token is not None
        response = await browser.post(
            f"{base(shop)}/orders/{order['number']}/return",
            data={"csrf": token.group(1), "sku-0": "TEA", "quantity-0": "1", "reason-0": "OTHER"},
            headers={"origin": "http://gateway.test"},
        )
        assert response.status_code == 404
    assert await _returns(pool) == 0


async def test_the_order_status_page_by_the_mailed_link(
    app: Any, client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    order = await guest_order(client, pool, shop, "guest@example.com")
    assert (await ship(client, shop, order["id"], None, "3SGUEST"))["errors"] == []
    mail = next(
        m for m in await mails(pool, "guest@example.com") if "order-status" in m["text_body"]
    )
    token = token_in(mail)
    async with await browser_for(app, None, shop) as browser:
        page = await browser.get(f"{base(shop)}/order-status?token={token}")
        assert page.status_code == 200
        words = text_of(page)
        assert order["number"] in words and "PostNL" in words and "3SGUEST" in words
        assert "Shipped" in words
        assert "/return" not in page.text and "/again" not in page.text  # no account actions
        unknown = await browser.get(f"{base(shop)}/order-status?token={'x' * 43}")
        assert unknown.status_code == 404 and order["number"] not in unknown.text
        missing = await browser.get(f"{base(shop)}/order-status")
        assert missing.status_code == 404
