"""The kind: a signed-in viewer's new checkout starts with the account's details (name,
e-mail, phone, default shipping and billing address), whichever operation makes it
(`checkoutCreate`, `reorder`), as `checkoutLogin` fills one, so it can complete at once."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.checkout.factories import (
    ADDRESS,
    CHECKOUT_FIELDS,
    ERRORS,
    add_products,
    complete,
    new_checkout,
    registered_contact,
    session_token,
)
from tests.flows.steps import ADDRESS_CREATE, PROFILE
from tests.gql import data, storefront

REORDER = f"""mutation($id: ID!) {{
  reorder(orderId: $id) {{ checkout {{ {CHECKOUT_FIELDS} }} {ERRORS} }} }}"""
BILLING = {**ADDRESS, "name": "Ada's office", "street": "Damrak 2", "postalCode": "1012 LG"}
SET_DEFAULT = (
    """mutation($id: ID!) { setDefaultAddress(id: $id, kind: BILLING) { errors { code } } }"""
)


async def _account_with_addresses(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> str:
    contact_id = await registered_contact(pool, shop.shop_id, email="ada@example.com")
    token = await session_token(pool, shop.shop_id, contact_id)
    key = shop.storefront_key
    await storefront(client, key, PROFILE, {"input": {"phone": "+31 20 123 4567"}}, token)
    await storefront(client, key, ADDRESS_CREATE, {"input": ADDRESS}, token)
    second = await storefront(client, key, ADDRESS_CREATE, {"input": BILLING}, token)
    billing_id = data(second)["addressCreate"]["address"]["id"]
    await storefront(client, key, SET_DEFAULT, {"id": billing_id}, token)
    return token


def _filled(checkout: dict[str, Any]) -> None:
    assert checkout["email"] == "ada@example.com"
    assert checkout["fullName"] == "Known Customer"
    assert checkout["phone"] == "+31 20 123 4567"
    assert checkout["shippingAddress"]["street"] == ADDRESS["street"]
    assert checkout["billingAddress"]["street"] == "Damrak 2"


async def test_checkout_create_with_a_session_starts_with_the_account(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    token = await _account_with_addresses(client, pool, shop)
    checkout = await new_checkout(client, shop, token=token)
    _filled(checkout)
    placed = await complete(client, shop, checkout["id"], token)
    assert placed["errors"] == []
    assert placed["order"]["email"] == "ada@example.com"


async def test_reorder_starts_with_the_account_too(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    token = await _account_with_addresses(client, pool, shop)
    first = await new_checkout(client, shop, token=token)
    order_id = (await complete(client, shop, first["id"], token))["order"]["id"]
    body = await storefront(client, shop.storefront_key, REORDER, {"id": order_id}, token)
    again = data(body)["reorder"]
    assert again["errors"] == []
    _filled(again["checkout"])
    assert (await complete(client, shop, again["checkout"]["id"], token))["errors"] == []


async def test_an_account_without_addresses_fills_what_it_has(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    contact_id = await registered_contact(pool, shop.shop_id, email="bare@example.com")
    token = await session_token(pool, shop.shop_id, contact_id)
    checkout = await new_checkout(client, shop, token=token)
    assert (checkout["email"], checkout["fullName"]) == ("bare@example.com", "Known Customer")
    assert checkout["shippingAddress"] is None and checkout["billingAddress"] is None


async def test_an_anonymous_checkout_starts_empty(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    checkout = await new_checkout(client, shop)
    assert checkout["email"] is None and checkout["shippingAddress"] is None
