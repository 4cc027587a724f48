"""The address book through HTTP: defaults, validation, other contacts' addresses."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.gql import data, storefront
from tests.my_account.factories import customer

CREATE = """mutation($input: AddressInput!) {
  addressCreate(input: $input) { address { id country city } errors { code field } }
}"""
UPDATE = """mutation($id: ID!, $input: AddressInput!) {
  addressUpdate(id: $id, input: $input) { address { id city } errors { code field } }
}"""
DELETE = """mutation($id: ID!) { addressDelete(id: $id) { deletedId errors { code field } } }"""
DEFAULT = """mutation($id: ID!, $kind: AddressKind!) {
  setDefaultAddress(id: $id, kind: $kind) {
    contact { defaultShippingAddress { id } defaultBillingAddress { id } }
    errors { code field }
  }
}"""
DEFAULTS = """{ viewer { addresses { id }
  defaultShippingAddress { id city } defaultBillingAddress { id city } } }"""


POSTAL_CODES = {"BE": "9000"}


def address(city: str, country: str = "NL") -> dict[str, Any]:
    postal_code = POSTAL_CODES.get(country, "1234 AB")
    return {"name": "Ann", "street": "Dorpsstraat 5", "postalCode": postal_code, "city": city,
            "country": country}  # fmt: skip


async def test_first_address_becomes_both_defaults(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    key = shop.storefront_key
    first = data(
        await storefront(client, key, CREATE, {"input": address("Utrecht", "nld")}, ann.token)
    )
    assert first["addressCreate"]["errors"] == []
    assert first["addressCreate"]["address"]["country"] == "NL"
    first_id = first["addressCreate"]["address"]["id"]
    second = data(
        await storefront(client, key, CREATE, {"input": address("Gent", "BE")}, ann.token)
    )
    second_id = second["addressCreate"]["address"]["id"]
    viewer = data(await storefront(client, key, DEFAULTS, token=ann.token))["viewer"]
    assert [a["id"] for a in viewer["addresses"]] == [first_id, second_id]
    assert viewer["defaultShippingAddress"] == {"id": first_id, "city": "Utrecht"}
    assert viewer["defaultBillingAddress"] == {"id": first_id, "city": "Utrecht"}

    body = await storefront(client, key, DEFAULT, {"id": second_id, "kind": "BILLING"}, ann.token)
    contact = data(body)["setDefaultAddress"]["contact"]
    assert contact == {
        "defaultShippingAddress": {"id": first_id},
        "defaultBillingAddress": {"id": second_id},
    }
    # Deleting the default shipping address passes it to the oldest address left.
    deleted = data(await storefront(client, key, DELETE, {"id": first_id}, ann.token))
    assert deleted["addressDelete"] == {"deletedId": first_id, "errors": []}
    viewer = data(await storefront(client, key, DEFAULTS, token=ann.token))["viewer"]
    assert viewer["defaultShippingAddress"]["id"] == second_id
    assert viewer["defaultBillingAddress"]["id"] == second_id


async def test_address_input_is_validated(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    bad = {**address(" ", "Holland"), "street": ""}
    payload = data(await storefront(client, shop.storefront_key, CREATE, {"input": bad}, ann.token))
    assert payload["addressCreate"]["address"] is None
    assert sorted(e["field"] for e in payload["addressCreate"]["errors"]) == [
        ["input", "city"],
        ["input", "country"],
        ["input", "street"],
    ]
    assert await pool.fetchval("select count(*) from addresses") == 0


async def test_another_contacts_address_is_not_found(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    bob = await customer(pool, shop.shop_id, email="bob@example.com")
    key = shop.storefront_key
    created = await storefront(client, key, CREATE, {"input": address("Utrecht")}, ann.token)
    ann_address = data(created)["addressCreate"]["address"]["id"]
    not_found = [{"code": "NOT_FOUND", "field": ["id"]}]
    update = {"id": ann_address, "input": address("Stolen")}
    assert data(await storefront(client, key, UPDATE, update, bob.token))["addressUpdate"] == {
        "address": None,
        "errors": not_found,
    }
    body = await storefront(client, key, DELETE, {"id": ann_address}, bob.token)
    assert data(body)["addressDelete"]["errors"] == not_found
    body = await storefront(
        client, key, DEFAULT, {"id": ann_address, "kind": "SHIPPING"}, bob.token
    )
    assert data(body)["setDefaultAddress"]["errors"] == not_found
    body = await storefront(client, key, DELETE, {"id": "not-a-uuid"}, bob.token)
    assert data(body)["addressDelete"]["errors"] == not_found
    assert await pool.fetchval("select city from addresses") == "Utrecht"
    bob_default = "select default_shipping_address_id from contacts where id = $1"
    assert await pool.fetchval(bob_default, bob.id) is None
    # Ann can update her own.
    mine = {"id": ann_address, "input": address("Amersfoort")}
    body = await storefront(client, key, UPDATE, mine, ann.token)
    assert data(body)["addressUpdate"]["address"]["city"] == "Amersfoort"
