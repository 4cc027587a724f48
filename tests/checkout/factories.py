"""Small factories and operations shared by the checkout and admin contact/order tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg
import httpx

from gateway.accounts.sessions import create_session
from gateway.catalogue.products import upsert_product
from gateway.secrets import hash_token
from gateway.tenancy.shops import CreatedShop
from tests.gql import data, storefront

PRODUCTS = {"TEA": ("Earl Grey tea", "6.95"), "MUG": ("Stoneware mug", "14.00")}

CHECKOUT_FIELDS = """id email fullName phone completed
  shippingAddress { name street postalCode city country }
  billingAddress { name street postalCode city country }
  lines { sku name quantity unitPrice { amount currency } total { amount currency } }
  total { amount currency }"""
ERRORS = "errors { code field message }"
ORDER_FIELDS = """id number placedAt email paymentStatus fulfilmentStatus shippingMethod
  paymentMethod total { amount currency } amountPaid { amount }
  shippingAddress { name street postalCode city country }
  billingAddress { name city country }
  lines { sku name quantity unitPrice { amount } total { amount } }"""

CREATE = f"""mutation($input: CheckoutCreateInput!) {{
  checkoutCreate(input: $input) {{ checkout {{ {CHECKOUT_FIELDS} }} {ERRORS} }} }}"""
SET_CONTACT = f"""mutation($id: ID!, $input: CheckoutContactInput!) {{
  checkoutSetContact(checkoutId: $id, input: $input) {{
    checkout {{ {CHECKOUT_FIELDS} }} {ERRORS} }} }}"""
COMPLETE = f"""mutation($id: ID!, $input: CheckoutCompleteInput!) {{
  checkoutComplete(checkoutId: $id, input: $input) {{ order {{ {ORDER_FIELDS} }} {ERRORS} }} }}"""
GET = f"query($id: ID!) {{ checkout(id: $id) {{ {CHECKOUT_FIELDS} }} }}"

ADDRESS = {
    "name": "Ada Lovelace",
    "street": "Keizersgracht 1",
    "postalCode": "1015 AA",
    "city": "Amsterdam",
    "country": "nl",
}
METHODS = {"shippingMethod": "PostNL", "paymentMethod": "iDEAL"}


async def add_products(pool: asyncpg.Pool, shop_id: UUID) -> None:
    for sku, (name, price) in PRODUCTS.items():
        await upsert_product(pool, shop_id, sku, name, Decimal(price), None)


async def registered_contact(
    pool: asyncpg.Pool,
    shop_id: UUID,
    email: str = "known@example.com",
    discount_group: str | None = None,
) -> UUID:
    """A confirmed registered contact (optionally in a discount group), as identity would make."""
    async with pool.acquire() as conn:
        group_id = None
        if discount_group is not None:
            group_id = await conn.fetchval(
                """insert into customer_groups (shop_id, name, discount_percent)
                   values ($1, 'Group', $2) returning id""",
                shop_id,
                Decimal(discount_group),
            )
        return await conn.fetchval(
            """insert into contacts (shop_id, email, full_name, is_guest, email_confirmed_at,
                   locale, customer_group_id)
               values ($1, $2, 'Known Customer', false, now(), 'nl', $3) returning id""",
            shop_id,
            email,
            group_id,
        )


async def session_token(pool: asyncpg.Pool, shop_id: UUID, contact_id: UUID) -> str:
    async with pool.acquire() as conn:
        return (await create_session(conn, shop_id, contact_id, ttl_days=30)).token


async def new_checkout(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    lines: list[dict[str, Any]] | None = None,
    token: str | None = None,
) -> dict[str, Any]:
    variables = {"input": {"lines": lines or [{"sku": "TEA", "quantity": 2}]}}
    payload = data(await storefront(client, shop.storefront_key, CREATE, variables, token))[
        "checkoutCreate"
    ]
    assert payload["errors"] == [], payload["errors"]
    return payload["checkout"]


async def set_contact(
    client: httpx.AsyncClient, shop: CreatedShop, checkout_id: str, **overrides: Any
) -> dict[str, Any]:
    contact = {"email": "ada@example.com", "fullName": "Ada Lovelace", "shippingAddress": ADDRESS}
    variables = {"id": checkout_id, "input": {**contact, **overrides}}
    body = await storefront(client, shop.storefront_key, SET_CONTACT, variables)
    return data(body)["checkoutSetContact"]


async def complete(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    checkout_id: str,
    token: str | None = None,
    methods: dict[str, str] | None = None,
) -> dict[str, Any]:
    variables = {"id": checkout_id, "input": methods or METHODS}
    body = await storefront(client, shop.storefront_key, COMPLETE, variables, token)
    return data(body)["checkoutComplete"]


async def ready_checkout(client: httpx.AsyncClient, shop: CreatedShop, **contact: Any) -> str:
    checkout = await new_checkout(client, shop)
    payload = await set_contact(client, shop, checkout["id"], **contact)
    assert payload["errors"] == [], payload["errors"]
    return checkout["id"]


async def mails(pool: asyncpg.Pool, shop_id: UUID) -> list[asyncpg.Record]:
    return await pool.fetch("select * from mail_outbox where shop_id = $1 order by id", shop_id)


async def token_purpose(pool: asyncpg.Pool, shop_id: UUID, token: str) -> asyncpg.Record | None:
    """The stored token row for a mailed token (found only by its hash)."""
    return await pool.fetchrow(
        """select purpose, contact_id, expires_at, used_at from auth_tokens
           where shop_id = $1 and token_hash = $2""",
        shop_id,
        hash_token(token),
    )
