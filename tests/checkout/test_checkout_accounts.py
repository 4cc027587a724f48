"""Which contact a completed checkout makes: account while paying, silent guest, ON_ORDER."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from uuid import UUID

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.checkout.factories import (
    add_products,
    complete,
    mails,
    ready_checkout,
    registered_contact,
    token_purpose,
)
from tests.gql import admin, data

PASSWORD = "correct horse battery staple"
LINK = re.compile(r"https://shop\.example/account/([a-z-]+)\?token=([A-Za-z0-9_-]{32,})")
ON_ORDER = """mutation { storefrontUpdate(input: {accountCreation: ON_ORDER, signInLinkTtlDays: 3})
  { errors { message } } }"""


def _link(body: str) -> tuple[str, str]:
    """The one account link of the mail besides the order-status link every order mail has."""
    found = [link for link in LINK.findall(body) if link[0] != "order-status"]
    assert len(found) == 1, body
    return found[0]


async def _order_contact(pool: asyncpg.Pool, order_id: str) -> asyncpg.Record:
    return await pool.fetchrow(
        "select c.* from contacts c join orders o on o.contact_id = c.id where o.id = $1",
        UUID(order_id),
    )


async def test_account_while_paying_makes_an_unconfirmed_account_and_mails_a_confirm_link(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    checkout_id = await ready_checkout(client, shop, createAccount=True, password=PASSWORD)
    stored_hash = await pool.fetchval(
        "select password_hash from checkouts where id = $1", UUID(checkout_id)
    )
    payload = await complete(client, shop, checkout_id)
    assert payload["errors"] == []
    contact = await _order_contact(pool, payload["order"]["id"])
    assert not contact["is_guest"] and contact["email_confirmed_at"] is None
    assert contact["password_hash"] == stored_hash
    leftover = await pool.fetchval(
        "select password_hash from checkouts where id = $1", UUID(checkout_id)
    )
    assert leftover is None
    [mail] = await mails(pool, shop.shop_id)
    assert mail["template"] == "checkout-account" and "1001" in mail["text_body"]
    page, token = _link(mail["text_body"])
    assert page == "confirm"
    assert token in mail["html_body"]
    stored = await token_purpose(pool, shop.shop_id, token)
    assert stored["purpose"] == "confirm_email" and stored["contact_id"] == contact["id"]
    assert stored["used_at"] is None and stored["expires_at"] > datetime.now(UTC)


async def test_account_while_paying_for_a_taken_address_orders_as_a_guest_silently(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    owner = await registered_contact(pool, shop.shop_id, "ADA@example.com")
    checkout_id = await ready_checkout(client, shop, createAccount=True, password=PASSWORD)
    payload = await complete(client, shop, checkout_id)
    assert payload["errors"] == [] and payload["order"]["number"] == "1001"
    contact = await _order_contact(pool, payload["order"]["id"])
    assert contact["is_guest"] and contact["id"] != owner
    assert await pool.fetchval("select password_hash from contacts where id = $1", owner) is None
    [mail] = await mails(pool, shop.shop_id)
    assert mail["template"] == "order-confirmation"
    assert await pool.fetchval("select count(*) from auth_tokens") == 0


async def test_on_order_makes_a_registered_contact_and_mails_a_sign_in_link(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    assert data(await admin(client, shop.admin_key, ON_ORDER))["storefrontUpdate"]["errors"] == []
    checkout_id = await ready_checkout(client, shop)
    payload = await complete(client, shop, checkout_id)
    assert payload["errors"] == []
    contact = await _order_contact(pool, payload["order"]["id"])
    assert not contact["is_guest"]
    assert contact["email_confirmed_at"] is None and contact["password_hash"] is None
    [mail] = await mails(pool, shop.shop_id)
    assert mail["template"] == "order-sign-in"
    page, token = _link(mail["text_body"])
    assert page == "sign-in"
    stored = await token_purpose(pool, shop.shop_id, token)
    assert stored["purpose"] == "sign_in" and stored["contact_id"] == contact["id"]
    lifetime = stored["expires_at"] - datetime.now(UTC)
    assert timedelta(days=2, hours=23) < lifetime <= timedelta(days=3)


async def test_on_order_uses_the_existing_registered_contact(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    owner = await registered_contact(pool, shop.shop_id, "Ada@Example.com")
    assert data(await admin(client, shop.admin_key, ON_ORDER))["storefrontUpdate"]["errors"] == []
    first = await complete(client, shop, await ready_checkout(client, shop))
    second = await complete(client, shop, await ready_checkout(client, shop))
    for payload in (first, second):
        assert (await _order_contact(pool, payload["order"]["id"]))["id"] == owner
    assert await pool.fetchval("select count(*) from contacts") == 1
    sent = await mails(pool, shop.shop_id)
    assert [m["template"] for m in sent] == ["order-sign-in", "order-sign-in"]
    assert sent[0]["subject"].startswith("Je bestelling")  # the owner's locale (nl)
    for mail in sent:
        _, token = _link(mail["text_body"])
        assert (await token_purpose(pool, shop.shop_id, token))["contact_id"] == owner
