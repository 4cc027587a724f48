"""B2B stories through HTTP with real SMTP: colleagues invited by mail who order at the
organisation's break prices, a contact switching between two organisations, and a BUYER who
sees nothing of another organisation and none of a colleague's orders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import PASSWORD, call, confirmed_customer, login
from tests.checkout.factories import add_products, complete, new_checkout, set_contact
from tests.gql import admin, data
from tests.organisations.ops import (
    ACCEPT,
    INVITE,
    MEMBER_REMOVE,
    MEMBER_UPDATE,
    MEMBERS,
    ORG_ORDERS,
    PRICES,
    SET_ACTIVE,
    VIEWER_ORGS,
    add_member,
    codes,
    error_codes,
    organisation,
    price_list,
    sf,
    sf_data,
)
from tests.smtp import SmtpServer

ON_ACCOUNT = {"shippingMethod": "PostNL", "paymentMethod": "on_account"}
INVOICE = """mutation($id: ID!) { invoiceCreate(orderId: $id) {
  invoice { number dueDate } errors { code } } }"""


async def _member(
    client: httpx.AsyncClient, shop: CreatedShop, smtp: SmtpServer, email: str
) -> tuple[str, str]:
    """A confirmed customer signed up through the storefront: (contact id, session token)."""
    token = await confirmed_customer(client, shop, smtp, email)
    viewer = await call(client, shop, "{ viewer { id } }", token=token)
    return viewer["id"], token


async def _order(
    client: httpx.AsyncClient, shop: CreatedShop, token: str, quantity: int, methods: dict
) -> dict:
    checkout = await new_checkout(client, shop, [{"sku": "TEA", "quantity": quantity}], token)
    assert (await set_contact(client, shop, checkout["id"]))["errors"] == []
    placed = await complete(client, shop, checkout["id"], token, methods)
    assert placed["errors"] == [], placed
    return {**placed["order"], "checkout": checkout}


async def test_an_admin_invites_a_colleague_who_orders_at_the_break_price(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await add_products(pool, shop.shop_id)  # TEA 6.95, MUG 14.00
    breaks = [
        {"sku": "TEA", "price": "6.00"},
        {"sku": "TEA", "price": "5.00", "minQuantity": 10},
        {"sku": "TEA", "price": "4.50", "minQuantity": 50},
    ]
    list_id = await price_list(client, shop, "Acme terms", breaks)
    org = await organisation(
        client, shop, "Acme B.V.", priceListId=list_id, paymentTermsDays=30,
        vatNumber="NL004495445B01",
    )  # fmt: skip
    ann_id, ann = await _member(client, shop, smtp_server, "ann@example.com")
    assert (await add_member(client, shop, org, ann_id, "ADMIN"))["errors"] == []

    # Ann's only membership: her session acts for Acme without choosing.
    me = await sf_data(client, shop, VIEWER_ORGS, token=ann)
    assert (me["organisation"]["id"], me["organisationRole"]) == (org, "ADMIN")

    invited = await sf_data(
        client, shop, INVITE, {"email": "Bob@Example.com", "role": "BUYER"}, ann
    )
    assert invited["errors"] == []
    mail = await smtp_server.mail_to("bob@example.com", "Acme")
    token = mail.token("accept-invitation")
    assert f"{PASSWORD}" not in mail.text

    weak = await sf_data(client, shop, ACCEPT, {"token": token, "name": "Bob", "password": "x"})
    assert codes(weak) == ["PASSWORD_TOO_WEAK"]  # refused: the link still works
    accepted = await sf_data(
        client, shop, ACCEPT, {"token": token, "name": "Bob Builder", "password": PASSWORD}
    )
    assert accepted["errors"] == []
    assert accepted["contact"]["emailConfirmed"] is True
    assert (accepted["contact"]["organisation"]["id"], accepted["contact"]["organisationRole"]) == (
        org,
        "BUYER",
    )
    again = await sf_data(
        client, shop, ACCEPT, {"token": token, "name": "Bob Builder", "password": PASSWORD}
    )
    assert codes(again) == ["TOKEN_INVALID"]
    bob = (await login(client, shop, "bob@example.com"))["session"]["token"]

    # The order form priced in one call: the break at or below each quantity.
    for quantity, expected in ((1, "6.00"), (9, "6.00"), (10, "5.00"), (50, "4.50")):
        found = await sf_data(client, shop, PRICES, {"skus": ["TEA"], "quantity": quantity}, bob)
        assert found[0]["price"]["amount"] == expected
    order = await _order(client, shop, bob, 12, ON_ACCOUNT)
    assert order["checkout"]["lines"][0]["unitPrice"]["amount"] == "5.00"
    assert order["total"]["amount"] == "60.00"

    # Ann (ADMIN) sees her colleague and his order; Bob (BUYER) may not list members.
    members = (await sf_data(client, shop, MEMBERS, token=ann))["organisation"]["members"]
    assert sorted((e["node"]["email"].lower(), e["node"]["role"]) for e in members["edges"]) == [
        ("ann@example.com", "ADMIN"),
        ("bob@example.com", "BUYER"),
    ]
    orders = (await sf_data(client, shop, ORG_ORDERS, token=ann))["organisation"]["orders"]
    assert [e["node"]["number"] for e in orders["edges"]] == [order["number"]]
    assert orders["edges"][0]["node"]["organisation"]["id"] == org
    forbidden = await sf(client, shop, MEMBERS, token=bob)
    assert error_codes(forbidden) == ["FORBIDDEN"]

    # The invoice is made out to Acme, due in 30 days.
    invoice = data(await admin(client, shop.admin_key, INVOICE, {"id": order["id"]}))
    due = invoice["invoiceCreate"]["invoice"]["dueDate"]
    assert due == (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
    customer = await pool.fetchval("select customer from invoices")
    assert (customer["name"], customer["attention"], customer["vatNumber"]) == (
        "Acme B.V.",
        "Bob Builder",
        "NL004495445B01",
    )
    orders = (await sf_data(client, shop, ORG_ORDERS, token=ann))["organisation"]["orders"]
    assert orders["edges"][0]["node"]["invoices"][0]["downloadUrl"]  # the ADMIN may download


async def test_a_contact_in_two_organisations_switches_prices_and_orders(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await add_products(pool, shop.shop_id)
    list_a = await price_list(client, shop, "A", [{"sku": "TEA", "price": "5.00"}])
    list_b = await price_list(client, shop, "B", [{"sku": "TEA", "price": "4.00"}])
    org_a = await organisation(client, shop, "Alpha", priceListId=list_a, paymentTermsDays=14)
    org_b = await organisation(client, shop, "Beta", priceListId=list_b)
    carol_id, carol = await _member(client, shop, smtp_server, "carol@example.com")
    for org, role in ((org_a, "ADMIN"), (org_b, "BUYER")):
        assert (await add_member(client, shop, org, carol_id, role))["errors"] == []

    me = await sf_data(client, shop, VIEWER_ORGS, token=carol)
    assert me["organisation"] is None  # two memberships: she chooses
    assert sorted((m["organisation"]["name"], m["role"]) for m in me["organisations"]) == [
        ("Alpha", "ADMIN"),
        ("Beta", "BUYER"),
    ]

    async def tea_price() -> str:
        found = await sf_data(client, shop, PRICES, {"skus": ["TEA"]}, carol)
        return str(found[0]["price"]["amount"])

    assert await tea_price() == "6.95"
    switched = await sf_data(client, shop, SET_ACTIVE, {"id": org_a}, carol)
    assert switched["contact"]["organisation"]["id"] == org_a
    assert switched["contact"]["organisationRole"] == "ADMIN"
    assert await tea_price() == "5.00"
    in_a = await _order(client, shop, carol, 2, ON_ACCOUNT)  # Alpha has terms

    assert (await sf_data(client, shop, SET_ACTIVE, {"id": org_b}, carol))["errors"] == []
    assert await tea_price() == "4.00"
    in_b = await _order(
        client, shop, carol, 3, {"shippingMethod": "PostNL", "paymentMethod": "iDEAL"}
    )
    no_terms = await _order_on_account_refused(client, shop, carol)
    assert no_terms == [("INVALID", ["input", "paymentMethod"])]

    orders_b = (await sf_data(client, shop, ORG_ORDERS, token=carol))["organisation"]["orders"]
    assert [e["node"]["number"] for e in orders_b["edges"]] == [in_b["number"]]
    assert (await sf_data(client, shop, SET_ACTIVE, {"id": org_a}, carol))["errors"] == []
    orders_a = (await sf_data(client, shop, ORG_ORDERS, token=carol))["organisation"]["orders"]
    assert [e["node"]["number"] for e in orders_a["edges"]] == [in_a["number"]]

    private = await sf_data(client, shop, SET_ACTIVE, {"id": None}, carol)
    assert private["contact"]["organisation"] is None
    assert await tea_price() == "6.95"
    stranger = await organisation(client, shop, "Gamma")
    refused_switch = await sf_data(client, shop, SET_ACTIVE, {"id": stranger}, carol)
    assert codes(refused_switch) == ["NOT_FOUND"]


async def _order_on_account_refused(
    client: httpx.AsyncClient, shop: CreatedShop, token: str
) -> list[tuple[str, list[str]]]:
    checkout = await new_checkout(client, shop, token=token)
    assert (await set_contact(client, shop, checkout["id"]))["errors"] == []
    placed = await complete(client, shop, checkout["id"], token, ON_ACCOUNT)
    return [(e["code"], e["field"]) for e in placed["errors"]]


async def test_a_buyer_sees_nothing_of_another_organisation_nor_colleagues_orders(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await add_products(pool, shop.shop_id)
    org_a = await organisation(client, shop, "Alpha")
    org_b = await organisation(client, shop, "Beta")
    dan_id, dan = await _member(client, shop, smtp_server, "dan@example.com")
    eve_id, eve = await _member(client, shop, smtp_server, "eve@example.com")
    fay_id, fay = await _member(client, shop, smtp_server, "fay@example.com")
    for org, contact, role in (
        (org_a, dan_id, "BUYER"),
        (org_a, eve_id, "ADMIN"),
        (org_b, fay_id, "ADMIN"),
    ):
        assert (await add_member(client, shop, org, contact, role))["errors"] == []
    methods = {"shippingMethod": "PostNL", "paymentMethod": "iDEAL"}
    eves = await _order(client, shop, eve, 1, methods)
    dans = await _order(client, shop, dan, 1, methods)
    fays = await _order(client, shop, fay, 1, methods)

    me = await sf_data(client, shop, VIEWER_ORGS, token=dan)
    assert [m["organisation"]["name"] for m in me["organisations"]] == ["Alpha"]
    orders = (await sf_data(client, shop, ORG_ORDERS, token=dan))["organisation"]["orders"]
    assert [e["node"]["number"] for e in orders["edges"]] == [dans["number"]]  # not Eve's
    for number in (eves["number"], fays["number"]):
        found = await sf_data(
            client, shop, "query($n: String!) { order(number: $n) { id } }", {"n": number}, dan
        )
        assert found is None
    assert codes(await sf_data(client, shop, SET_ACTIVE, {"id": org_b}, dan)) == ["NOT_FOUND"]
    assert error_codes(await sf(client, shop, MEMBERS, token=dan)) == ["FORBIDDEN"]
    invite = await sf_data(client, shop, INVITE, {"email": "x@example.com", "role": "ADMIN"}, dan)
    assert codes(invite) == ["FORBIDDEN"]

    members_a = (await sf_data(client, shop, MEMBERS, token=eve))["organisation"]["members"]
    ids = {e["node"]["email"]: e["node"]["id"] for e in members_a["edges"]}
    members_b = (await sf_data(client, shop, MEMBERS, token=fay))["organisation"]["members"]
    fay_member = members_b["edges"][0]["node"]["id"]
    # Dan may not promote himself, remove Eve, or touch Beta's members.
    for query, variables, expected in (
        (MEMBER_UPDATE, {"id": ids["dan@example.com"], "role": "ADMIN"}, "FORBIDDEN"),
        (MEMBER_REMOVE, {"id": ids["eve@example.com"]}, "FORBIDDEN"),
        (MEMBER_REMOVE, {"id": fay_member}, "NOT_FOUND"),
        (MEMBER_UPDATE, {"id": fay_member, "role": "BUYER"}, "NOT_FOUND"),
    ):
        assert codes(await sf_data(client, shop, query, variables, dan)) == [expected]
    # Eve (ADMIN) cannot leave Alpha without an ADMIN either.
    last = await sf_data(
        client, shop, MEMBER_UPDATE, {"id": ids["eve@example.com"], "role": "BUYER"}, eve
    )
    assert codes(last) == ["CONFLICT"]
    assert await pool.fetchval("select count(*) from organisation_members") == 3
