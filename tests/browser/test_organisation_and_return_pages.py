"""In chromium: an ADMIN invites a colleague from the organisation page, the colleague accepts
from the mailed link with a new account, the ADMIN makes them an ADMIN; a customer sends a
shipped line back from the order page. Every page visited is checked with axe-core."""

from __future__ import annotations

import re
from typing import Any

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.after_order.steps import SHIPMENT_CREATE
from tests.browser.account_steps import assert_accessible, use_axe
from tests.browser.conftest import screenshot
from tests.browser.test_account_pages import (  # noqa: F401 - fixtures of the live app
    _mailed_link,
    app,
    live_pool,
    settings,
    tea_shop,
)
from tests.gql import admin, data
from tests.my_account.factories import customer
from tests.smtp import SmtpServer, smtp_server  # noqa: F401

PASSWORD = "rooibos at four"


async def _admin(client: httpx.AsyncClient, shop: CreatedShop, query: str, **variables: Any) -> Any:
    payload = next(iter(data(await admin(client, shop.admin_key, query, variables)).values()))
    assert payload["errors"] == [], payload["errors"]
    return payload


async def _sign_in(page: Any, live: str, shop: CreatedShop, email: str) -> None:
    await page.goto(f"{live}/account/{shop.handle}/sign-in")
    await page.locator("#pw-email").fill(email)
    await page.locator("#pw-password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await page.get_by_text("You are signed in.").wait_for()


async def test_an_admin_invites_a_colleague_who_accepts_in_the_browser(
    page: Any,
    browser: Any,
    live_server: str,
    live_pool: asyncpg.Pool,  # noqa: F811
    client: httpx.AsyncClient,
    tea_shop: CreatedShop,  # noqa: F811
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    boss = await customer(live_pool, tea_shop.shop_id, "boss@example.test", "Bo Boss", PASSWORD)
    org = await _admin(
        client,
        tea_shop,
        "mutation($i: OrganisationInput!) { organisationCreate(input: $i) { "
        "organisation { id } errors { code } } }",
        i={"name": "Rooibos Wholesale BV"},
    )
    await _admin(
        client,
        tea_shop,
        """mutation($o: ID!, $c: ID!) { organisationAddMember(organisationId: $o, contactId: $c,
             role: ADMIN) { errors { code } } }""",
        o=org["organisation"]["id"],
        c=str(boss.id),
    )
    await use_axe(page)
    await _sign_in(page, live_server, tea_shop, boss.email)
    await page.goto(f"{live_server}/account/{tea_shop.handle}/organisation")
    await page.get_by_role("heading", name="Members").wait_for()
    await assert_accessible(page)
    await screenshot(page, "organisation-admin-en")
    await page.locator("#i-email").fill("cleo@example.test")
    await page.get_by_role("button", name="Send invitation").click()
    await page.get_by_text("The invitation is on its way.").wait_for()

    link = await _mailed_link(
        smtp_server, "cleo@example.test", "accept-invitation", live_server, tea_shop.handle
    )
    context = await browser.new_context(locale="en-GB")
    try:
        cleo = await context.new_page()
        await use_axe(cleo)
        await cleo.goto(link)
        await cleo.get_by_role("heading", name="Join your organisation").wait_for()
        await assert_accessible(cleo)
        await cleo.get_by_label("Name").fill("Cleo Colleague")
        await cleo.get_by_label("Password").fill("a fresh rooibos secret")
        await cleo.get_by_role("button", name="Accept the invitation").click()
        await cleo.get_by_text("Welcome to your organisation.").wait_for()
        assert "Rooibos Wholesale BV" in await cleo.content()
        await assert_accessible(cleo)
    finally:
        await context.close()

    await page.reload()
    await page.get_by_role("row", name=re.compile("Cleo Colleague")).wait_for()
    await page.get_by_role("button", name="Make admin Cleo Colleague").click()
    await page.get_by_text("The role is changed.").wait_for()
    roles = await live_pool.fetch("select role from organisation_members order by created_at")
    assert [r["role"] for r in roles] == ["ADMIN", "ADMIN"]


async def test_a_customer_sends_a_shipped_line_back_from_the_order_page(
    page: Any,
    live_server: str,
    live_pool: asyncpg.Pool,  # noqa: F811
    client: httpx.AsyncClient,
    tea_shop: CreatedShop,  # noqa: F811
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    ann = await customer(live_pool, tea_shop.shop_id, "ann@example.test", "Ann Example", PASSWORD)
    await _admin(
        client,
        tea_shop,
        "mutation($i: ProductInput!) { productUpsert(input: $i) { errors { code } } }",
        i={"sku": "TEA-EARL-GREY", "name": "Earl Grey tea, 100 g", "price": "6.95"},
    )
    placed = await _admin(
        client,
        tea_shop,
        """mutation($i: OrderCreateInput!) { orderCreate(input: $i) {
             order { id number } errors { code field message } } }""",
        i={
            "contactId": str(ann.id),
            "lines": [{"sku": "TEA-EARL-GREY", "quantity": 3, "unitPrice": "6.95"}],
        },
    )
    order = placed["order"]
    shipment = {
        "carrier": "PostNL",
        "trackingNumber": "3SBROWSER",
        "trackingUrl": "https://track.example/3SBROWSER",
        "lines": None,
    }
    body = await admin(
        client, tea_shop.admin_key, SHIPMENT_CREATE, {"orderId": order["id"], "input": shipment}
    )
    assert data(body)["shipmentCreate"]["errors"] == []

    await use_axe(page)
    await _sign_in(page, live_server, tea_shop, ann.email)
    await page.goto(f"{live_server}/account/{tea_shop.handle}/orders/{order['number']}")
    await page.get_by_role("heading", name="Send something back").wait_for()
    assert await page.get_by_role("link", name="Follow your parcel").count() == 1
    await assert_accessible(page)
    await page.get_by_label("Quantity to send back: Earl Grey tea, 100 g").fill("2")
    await page.get_by_label("Reason: Earl Grey tea, 100 g").select_option("DOES_NOT_FIT")
    await page.get_by_label("Comment (optional)").fill("Too strong for me")
    await screenshot(page, "order-return-form-en")
    await page.get_by_role("button", name="Request the return").click()
    await page.get_by_text("Your return request has been sent.").wait_for()
    await assert_accessible(page)
    listed = await page.get_by_role("region", name="Returns").inner_text()
    assert "R00001" in listed and "Requested" in listed and "Does not fit" in listed
    await smtp_server.wait_for(
        lambda mails: any("R00001" in m.subject for m in mails if m.to == ann.email), within=10
    )
