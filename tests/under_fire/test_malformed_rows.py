"""One bad row never blanks a page. Rows written by a migration or by hand (an address snapshot
without `city`, a JSON string where an object belongs, an unknown value in a list of enum
names) affect only the fields that read them: a nullable field is null with an error on its
path, the rest of the answer is there, and a query that does not ask for the field sees
nothing at all."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx
import pytest

from gateway.orders.mails import _address
from gateway.tenancy.shops import CreatedShop
from tests.gql import storefront
from tests.my_account.factories import Customer, customer, order, product
from tests.my_account.test_dashboard_queries import DASHBOARD
from tests.pages.conftest import base, browser_for

GOOD = {
    "name": "Ann Example",
    "street": "Dorpsstraat 5",
    "postalCode": "1234 AB",
    "city": "Utrecht",
    "country": "NL",
}
NO_CITY = {k: v for k, v in GOOD.items() if k != "city"}
# (order number, column, a stored value no code writes)
BAD_ORDERS: list[tuple[str, str, Any]] = [
    ("1002", "shipping_address", NO_CITY),
    ("1003", "shipping_address", "Dorpsstraat 5, Utrecht"),  # a JSON string
    ("1004", "billing_address", ["Dorpsstraat 5"]),  # a JSON array
    ("1005", "shipping_address", {**GOOD, "name": None, "city": 12}),
]

WITH_ADDRESSES = """{ viewer { email orders(first: 10) { edges { node {
  number shippingMethod
  shippingAddress { name street postalCode city country }
  billingAddress { city }
} } } } }"""
ORDER_PAGE = """query($n: String!) { order(number: $n) {
  number total { amount } lines { sku quantity }
  shippingAddress { name city } billingAddress { city }
} }"""


async def _bad_orders(pool: asyncpg.Pool, shop: CreatedShop) -> Customer:
    ann = await customer(pool, shop.shop_id, "ann@example.com", "Ann Example", "tea for two!")
    await order(pool, shop.shop_id, ann.id, "1001", billing_address=GOOD)
    for number, column, value in BAD_ORDERS:
        await order(pool, shop.shop_id, ann.id, number, **{column: value})
    return ann


async def test_the_dashboard_without_addresses_is_untouched_by_bad_addresses(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    ann = await _bad_orders(pool, shop)
    body = await storefront(client, shop.storefront_key, DASHBOARD, {"first": 10}, ann.token)
    assert "errors" not in body, body["errors"]
    numbers = [e["node"]["number"] for e in body["data"]["viewer"]["orders"]["edges"]]
    assert sorted(numbers) == ["1001", "1002", "1003", "1004", "1005"]


async def test_a_bad_address_is_null_with_an_error_on_its_own_path(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    ann = await _bad_orders(pool, shop)
    body = await storefront(client, shop.storefront_key, WITH_ADDRESSES, None, ann.token)
    viewer = body["data"]["viewer"]
    assert viewer["email"] == "ann@example.com"
    nodes = {e["node"]["number"]: e["node"] for e in viewer["orders"]["edges"]}
    assert nodes["1001"]["shippingAddress"]["city"] == "Utrecht"
    assert nodes["1001"]["billingAddress"] == {"city": "Utrecht"}
    assert nodes["1002"]["shippingAddress"] is None
    assert nodes["1003"]["shippingAddress"] is None
    assert nodes["1004"]["billingAddress"] is None
    assert nodes["1004"]["shippingAddress"]["city"] == "Utrecht"
    assert nodes["1005"]["shippingAddress"] is None
    assert all(n["shippingMethod"] == "PostNL" for n in nodes.values())
    index = {e["node"]["number"]: i for i, e in enumerate(viewer["orders"]["edges"])}
    paths = sorted(tuple(str(p) for p in e["path"][:6]) for e in body["errors"])
    assert paths == sorted(
        ("viewer", "orders", "edges", str(index[n]), "node", field)
        for n, field in (
            ("1002", "shippingAddress"),
            ("1003", "shippingAddress"),
            ("1004", "billingAddress"),
            ("1005", "shippingAddress"),
        )
    )
    assert {e["extensions"]["code"] for e in body["errors"]} == {"INTERNAL"}
    assert all("Traceback" not in e["message"] for e in body["errors"])


@pytest.mark.parametrize("number", ["1002", "1003", "1004"])
async def test_an_order_page_with_a_bad_address_shows_the_rest(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, app: Any, number: str
) -> None:
    ann = await _bad_orders(pool, shop)
    body = await storefront(client, shop.storefront_key, ORDER_PAGE, {"n": number}, ann.token)
    got = body["data"]["order"]
    assert got["number"] == number
    assert got["lines"] == [{"sku": "TEA", "quantity": 2}]
    assert len(body["errors"]) == 1
    async with await browser_for(app, ann, shop) as browser:
        page = await browser.get(f"{base(shop)}/orders/{number}")
        assert page.status_code == 200, page.text[:300]
        assert number in page.text
        dashboard = await browser.get(f"{base(shop)}/")
        assert dashboard.status_code == 200
        orders = await browser.get(f"{base(shop)}/orders")
        assert orders.status_code == 200
        assert all(n in orders.text for n in ("1001", "1002", "1003", "1004", "1005"))


INVOICE_CREATE = """mutation($id: ID!) { invoiceCreate(orderId: $id) {
  invoice { id } errors { code } } }"""
INVOICES = """{ viewer { invoices(first: 10) { edges { node { number downloadUrl } } } } }"""


@pytest.mark.parametrize(
    "customer_json",
    ['"Ann Example"', "[]", '{"name": 12, "billingAddress": "Dorpsstraat 5", "locale": null}'],
)
async def test_an_invoice_with_a_malformed_customer_still_downloads(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, customer_json: str
) -> None:
    ann = await _bad_orders(pool, shop)
    order_id = await pool.fetchval("select id from orders where number = '1002'")
    response = await client.post(
        "/admin/graphql",
        json={"query": INVOICE_CREATE, "variables": {"id": str(order_id)}},
        headers={"Authorization": f"Bearer {shop.admin_key}"},
    )
    assert response.json()["data"]["invoiceCreate"]["errors"] == []
    await pool.execute("update invoices set customer = $1::text::jsonb", customer_json)
    body = await storefront(client, shop.storefront_key, INVOICES, None, ann.token)
    assert "errors" not in body
    [edge] = body["data"]["viewer"]["invoices"]["edges"]
    pdf = await client.get(edge["node"]["downloadUrl"])
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


PROFILE = """{ viewer { email fullName preferences { newsletter reviewRequests }
  addresses { city } organisation { name billingAddress { city } } } }"""


@pytest.mark.parametrize("preferences", ['"yes"', "[1]", "null"])
async def test_unreadable_preferences_read_as_the_defaults(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, preferences: str
) -> None:
    ann = await customer(pool, shop.shop_id, "ann@example.com", "Ann Example")
    await pool.execute("update contacts set preferences = $1::text::jsonb", preferences)
    body = await storefront(client, shop.storefront_key, PROFILE, None, ann.token)
    assert "errors" not in body, body
    viewer = body["data"]["viewer"]
    assert viewer["preferences"] == {"newsletter": False, "reviewRequests": False}


async def test_an_organisation_with_a_malformed_billing_address(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    ann = await customer(pool, shop.shop_id, "ann@example.com", "Ann Example")
    org = await pool.fetchval(
        """insert into organisations (shop_id, name, billing_address)
           values ($1, 'Acme', '{"street": "Main 1"}') returning id""",
        shop.shop_id,
    )
    await pool.execute(
        """insert into organisation_members (shop_id, organisation_id, contact_id, role)
           values ($1, $2, $3, 'ADMIN')""",
        shop.shop_id,
        org,
        ann.id,
    )
    await pool.execute(
        "update sessions set organisation_id = $1 where contact_id = $2", org, ann.id
    )
    body = await storefront(client, shop.storefront_key, PROFILE, None, ann.token)
    viewer = body["data"]["viewer"]
    assert viewer["email"] == "ann@example.com"
    assert viewer["organisation"] == {"name": "Acme", "billingAddress": None}
    [error] = body["errors"]
    assert error["path"][:3] == ["viewer", "organisation", "billingAddress"]


async def test_an_unknown_login_method_is_left_out_not_a_failed_storefront(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await pool.execute("update storefronts set login_methods = '{PASSWORD,CARRIER_PIGEON}'")
    body = await storefront(
        client, shop.storefront_key, "{ storefront { name loginMethods } }", None, None
    )
    assert "errors" not in body
    assert body["data"]["storefront"]["loginMethods"] == ["PASSWORD"]


async def test_a_checkout_with_a_malformed_address_is_still_answered(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await product(pool, shop.shop_id, "TEA")
    made = await storefront(
        client,
        shop.storefront_key,
        """mutation { checkoutCreate(input: {lines: [{sku: "TEA", quantity: 2}]}) {
             checkout { id } errors { code } } }""",
    )
    checkout_id = made["data"]["checkoutCreate"]["checkout"]["id"]
    await pool.execute(
        """update checkouts set shipping_address = '{"name": "Ann"}',
                                billing_address = '"Dorpsstraat 5"'"""
    )
    body = await storefront(
        client,
        shop.storefront_key,
        """query($id: ID!) { checkout(id: $id) { id lines { sku quantity }
             shippingAddress { name city } billingAddress { city } } }""",
        {"id": checkout_id},
    )
    got = body["data"]["checkout"]
    assert got["lines"] == [{"sku": "TEA", "quantity": 2}]
    assert got["shippingAddress"] is None and got["billingAddress"] is None
    assert sorted(e["path"][1] for e in body["errors"]) == ["billingAddress", "shippingAddress"]


def test_order_mails_print_the_parts_of_a_malformed_address() -> None:
    assert _address({"name": "Ann", "city": "Utrecht", "postalCode": None}) == "Ann\nUtrecht"
    assert _address("Dorpsstraat 5") == "-"
    assert _address(["x"]) == "-"
