"""checkoutComplete: the order, whose it is, its mail; idempotent and gapless under concurrency."""

from __future__ import annotations

import asyncio
from uuid import UUID

import asyncpg
import httpx

from gateway.catalogue.products import upsert_product
from gateway.tenancy.shops import CreatedShop
from tests.checkout.factories import (
    METHODS,
    add_products,
    complete,
    mails,
    new_checkout,
    ready_checkout,
    registered_contact,
    session_token,
)
from tests.gql import admin, data


async def test_guest_checkout_places_a_pending_order_for_a_new_guest(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    checkout_id = await ready_checkout(client, shop)
    payload = await complete(client, shop, checkout_id)
    assert payload["errors"] == []
    order = payload["order"]
    assert order["number"] == "1001"
    assert (order["paymentStatus"], order["fulfilmentStatus"]) == ("PENDING", "UNFULFILLED")
    assert (order["shippingMethod"], order["paymentMethod"]) == ("PostNL", "iDEAL")
    assert order["total"] == {"amount": "13.90", "currency": "EUR"}
    assert order["amountPaid"] == {"amount": "0.00"}
    assert order["lines"] == [
        {
            "sku": "TEA",
            "name": "Earl Grey tea",
            "quantity": 2,
            "unitPrice": {"amount": "6.95"},
            "total": {"amount": "13.90"},
        }
    ]
    assert order["shippingAddress"]["postalCode"] == "1015 AA"
    assert order["billingAddress"] == {"name": "Ada Lovelace", "city": "Amsterdam", "country": "NL"}
    contact = await pool.fetchrow(
        """select c.* from contacts c join orders o on o.contact_id = c.id where o.id = $1""",
        UUID(order["id"]),
    )
    assert contact["is_guest"] and contact["password_hash"] is None
    assert (contact["email"], contact["full_name"]) == ("ada@example.com", "Ada Lovelace")
    [mail] = await mails(pool, shop.shop_id)
    assert (mail["template"], mail["to_address"]) == ("order-confirmation", "ada@example.com")
    assert "1001" in mail["subject"] and "EUR 13.90" in mail["text_body"]
    # No sign-in or confirm link; only the order's status link (every order mail has one).
    assert mail["text_body"].count("token=") == 1
    assert "/account/order-status?token=" in mail["text_body"]
    assert await pool.fetchval("select count(*) from auth_tokens") == 0


async def test_signed_in_viewer_gets_the_order_at_their_prices(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    member = await registered_contact(pool, shop.shop_id, discount_group="10")
    token = await session_token(pool, shop.shop_id, member)
    checkout_id = await ready_checkout(client, shop)
    payload = await complete(client, shop, checkout_id, token=token)
    assert payload["errors"] == []
    assert payload["order"]["lines"][0]["unitPrice"] == {"amount": "6.26"}
    assert payload["order"]["total"]["amount"] == "12.52"
    owner = await pool.fetchval(
        "select contact_id from orders where id = $1", UUID(payload["order"]["id"])
    )
    assert owner == member
    assert await pool.fetchval("select count(*) from contacts") == 1
    [mail] = await mails(pool, shop.shop_id)
    assert mail["template"] == "order-confirmation"
    assert mail["subject"].startswith("Je bestelling 1001")  # the contact's locale


async def test_prices_are_those_of_the_moment_of_completion(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    checkout_id = await ready_checkout(client, shop)
    await upsert_product(pool, shop.shop_id, "TEA", "Earl Grey tea", "7.25", None)
    order = (await complete(client, shop, checkout_id))["order"]
    assert order["total"]["amount"] == "14.50"
    await upsert_product(pool, shop.shop_id, "TEA", "Earl Grey tea", "9.99", None)
    again = (await complete(client, shop, checkout_id))["order"]
    assert again["total"]["amount"] == "14.50" and again["id"] == order["id"]


async def test_completing_needs_details_and_methods(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    checkout = await new_checkout(client, shop)
    bare = await complete(client, shop, checkout["id"])
    assert sorted(e["field"] for e in bare["errors"]) == [
        ["checkout", "email"],
        ["checkout", "fullName"],
        ["checkout", "shippingAddress"],
    ]
    checkout_id = await ready_checkout(client, shop)
    bad_methods = {"shippingMethod": "  ", "paymentMethod": "x" * 101}
    payload = await complete(client, shop, checkout_id, methods=bad_methods)
    assert sorted(e["field"] for e in payload["errors"]) == [
        ["input", "paymentMethod"],
        ["input", "shippingMethod"],
    ]
    for on, checkout_ref in ((shop, "nope"), (other_shop, checkout_id)):
        missing = await complete(client, on, checkout_ref)
        assert [(e["code"], e["field"]) for e in missing["errors"]] == [
            ("NOT_FOUND", ["checkoutId"])
        ]
    await upsert_product(pool, shop.shop_id, "TEA", "Earl Grey tea", "6.95", None, active=False)
    retired = await complete(client, shop, checkout_id)
    assert [e["field"] for e in retired["errors"]] == [["checkout", "lines", "0", "sku"]]
    assert await pool.fetchval("select count(*) from orders") == 0
    assert await pool.fetchval("select count(*) from contacts") == 0
    assert await pool.fetchval("select count(*) from shop_counters") == 0


async def test_twenty_parallel_completions_get_consecutive_numbers(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    ids = [await ready_checkout(client, shop) for _ in range(20)]
    results = await asyncio.gather(*(complete(client, shop, i) for i in ids))
    assert all(r["errors"] == [] for r in results)
    numbers = sorted(int(r["order"]["number"]) for r in results)
    assert numbers == list(range(1001, 1021))


async def test_completing_one_checkout_twice_at_once_gives_one_order(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    checkout_id = await ready_checkout(client, shop)
    first, second = await asyncio.gather(
        complete(client, shop, checkout_id), complete(client, shop, checkout_id)
    )
    assert first["errors"] == second["errors"] == []
    assert first["order"] == second["order"]
    assert await pool.fetchval("select count(*) from orders") == 1
    assert await pool.fetchval("select count(*) from contacts") == 1
    assert len(await mails(pool, shop.shop_id)) == 1
    third = await complete(client, shop, checkout_id, methods={**METHODS, "paymentMethod": "Card"})
    assert third["order"]["id"] == first["order"]["id"]
    assert third["order"]["paymentMethod"] == "iDEAL"


async def test_a_new_contacts_mail_is_in_the_storefronts_default_locale(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    dutch = 'mutation { storefrontUpdate(input: {defaultLocale: "nl"}) { errors { message } } }'
    assert data(await admin(client, shop.admin_key, dutch))["storefrontUpdate"]["errors"] == []
    assert (await complete(client, shop, await ready_checkout(client, shop)))["errors"] == []
    [mail] = await mails(pool, shop.shop_id)
    assert mail["subject"] == "Je bestelling 1001 bij Test shop"
    assert "Totaal: EUR 13.90" in mail["text_body"]
    assert await pool.fetchval("select locale from contacts") == "nl"
