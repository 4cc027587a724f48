"""checkoutSetContact: details kept as submitted, every bad field named, only a password hash."""

from __future__ import annotations

from uuid import UUID

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.checkout.factories import (
    ADDRESS,
    add_products,
    complete,
    new_checkout,
    registered_contact,
    set_contact,
)


async def test_details_are_normalised_and_kept(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    checkout = await new_checkout(client, shop)
    billing = {**ADDRESS, "name": "Lovelace BV", "postalCode": "1000", "country": "BEL"}
    payload = await set_contact(
        client,
        shop,
        checkout["id"],
        email="  Ada@Example.COM ",
        fullName=" Ada Lovelace ",
        phone="+31 20 123 4567",
        billingAddress=billing,
    )
    assert payload["errors"] == []
    seen = payload["checkout"]
    assert (seen["email"], seen["fullName"], seen["phone"]) == (
        "Ada@example.com",
        "Ada Lovelace",
        "+31 20 123 4567",
    )
    assert seen["shippingAddress"]["country"] == "NL"
    assert seen["billingAddress"] == {**billing, "country": "BE"}
    assert seen["total"]["amount"] == "13.90"
    # A second submission replaces the first: no billing address means "same as shipping".
    payload = await set_contact(client, shop, checkout["id"], phone=None)
    assert payload["checkout"]["billingAddress"] is None
    assert payload["checkout"]["phone"] is None


async def test_every_bad_field_is_named(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    checkout = await new_checkout(client, shop)
    payload = await set_contact(
        client,
        shop,
        checkout["id"],
        email="not-an-address",
        fullName="  ",
        phone="call me",
        # An unknown country has no postal code rules; the Netherlands needs one.
        shippingAddress={**ADDRESS, "street": " ", "postalCode": "", "country": "Narnia"},
        billingAddress={**ADDRESS, "city": "x" * 101, "postalCode": ""},
        createAccount=True,
    )
    assert payload["checkout"] is None
    by_field = {tuple(e["field"]): e["code"] for e in payload["errors"]}
    assert by_field == {
        ("input", "email"): "EMAIL_INVALID",
        ("input", "fullName"): "INVALID",
        ("input", "phone"): "INVALID",
        ("input", "shippingAddress", "street"): "INVALID",
        ("input", "shippingAddress", "country"): "INVALID",
        ("input", "billingAddress", "city"): "INVALID",
        ("input", "billingAddress", "postalCode"): "INVALID",
        ("input", "password"): "INVALID",
    }
    assert all(e["message"] for e in payload["errors"])
    weak = await set_contact(client, shop, checkout["id"], createAccount=True, password="password")
    assert [(e["code"], e["field"]) for e in weak["errors"]] == [
        ("PASSWORD_TOO_WEAK", ["input", "password"])
    ]


async def test_only_an_argon2_hash_of_the_password_is_stored(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    checkout = await new_checkout(client, shop)
    password = "correct horse battery staple"
    payload = await set_contact(client, shop, checkout["id"], createAccount=True, password=password)
    assert payload["errors"] == []
    row = await pool.fetchrow("select * from checkouts where id = $1", UUID(checkout["id"]))
    assert row["create_account"] is True
    assert row["password_hash"].startswith("$argon2id$")
    assert all(password not in str(value) for value in row.values())


async def test_an_address_with_an_account_may_still_check_out_as_a_guest(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    await registered_contact(pool, shop.shop_id, "ada@example.com")
    checkout = await new_checkout(client, shop)
    payload = await set_contact(client, shop, checkout["id"])
    assert payload["errors"] == []
    assert payload["checkout"]["email"] == "ada@example.com"


async def test_unknown_other_storefronts_and_completed_checkouts_are_refused(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    checkout = await new_checkout(client, shop)
    for checkout_id, on in (("nope", shop), (checkout["id"], other_shop)):
        payload = await set_contact(client, on, checkout_id)
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [
            ("NOT_FOUND", ["checkoutId"])
        ]
    assert (await set_contact(client, shop, checkout["id"]))["errors"] == []
    assert (await complete(client, shop, checkout["id"]))["errors"] == []
    again = await set_contact(client, shop, checkout["id"], fullName="Someone Else")
    assert [(e["code"], e["field"]) for e in again["errors"]] == [("NOT_ALLOWED", ["checkoutId"])]
    name = await pool.fetchval(
        "select full_name from checkouts where id = $1", UUID(checkout["id"])
    )
    assert name == "Ada Lovelace"
