"""Every shop's data is its own: keys open one shop only."""

from __future__ import annotations

import httpx

from gateway.tenancy.shops import CreatedShop
from tests.gql import admin, data, storefront

UPSERT = """mutation($input: ProductInput!) {
  productUpsert(input: $input) {
    product { sku name price { amount currency } }
    errors { code field message }
  }
}"""
PRODUCT = '{ product(sku: "TEA-1") { sku name price { amount currency } basePrice { amount } } }'


async def test_admin_key_writes_only_its_own_shop(
    client: httpx.AsyncClient, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    mine = {"sku": "TEA-1", "name": "Mine", "price": "5.00"}
    theirs = {"sku": "TEA-1", "name": "Theirs", "price": "7.50"}
    assert (
        data(await admin(client, shop.admin_key, UPSERT, {"input": mine}))["productUpsert"][
            "errors"
        ]
        == []
    )
    await admin(client, other_shop.admin_key, UPSERT, {"input": theirs})

    in_mine = data(await storefront(client, shop.storefront_key, PRODUCT))["product"]
    in_theirs = data(await storefront(client, other_shop.storefront_key, PRODUCT))["product"]
    assert in_mine == {
        "sku": "TEA-1",
        "name": "Mine",
        "price": {"amount": "5.00", "currency": "EUR"},
        "basePrice": {"amount": "5.00"},
    }
    assert in_theirs["name"] == "Theirs"
    assert in_theirs["price"]["amount"] == "7.50"


async def test_admin_key_cannot_read_another_shop(
    client: httpx.AsyncClient, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    await admin(
        client, other_shop.admin_key, UPSERT, {"input": {"sku": "TEA-1", "name": "X", "price": "1"}}
    )
    assert data(await storefront(client, shop.storefront_key, PRODUCT))["product"] is None


async def test_storefront_key_does_not_open_the_admin_api(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    for auth in (
        f"Bearer {shop.storefront_key}",
        "Bearer adm_forged",
        "",
        f"Basic {shop.admin_key}",
    ):
        response = await client.post(
            "/admin/graphql",
            json={"query": "{ storefronts { name } }"},
            headers={"Authorization": auth},
        )
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "ADMIN_KEY_INVALID"


async def test_keys_are_stored_only_as_hashes(pool, shop: CreatedShop) -> None:  # type: ignore[no-untyped-def]
    dump = await pool.fetchval(
        "select string_agg(t::text, ' ') from (select * from storefronts) t"
    ) + await pool.fetchval("select string_agg(t::text, ' ') from (select * from admin_keys) t")
    assert shop.storefront_key not in dump
    assert shop.admin_key not in dump
    assert len(shop.storefront_key) >= 3 + 22  # prefix + at least 128 bits in base64url


async def test_storefront_settings_update(client: httpx.AsyncClient, shop: CreatedShop) -> None:
    mutation = """mutation($input: StorefrontSettingsInput!) {
      storefrontUpdate(input: $input) {
        storefront { loginMethods accountCreation signInLinkTtlDays requireLoginForCatalogue }
        errors { code field }
      }
    }"""
    ok = data(
        await admin(
            client,
            shop.admin_key,
            mutation,
            {
                "input": {
                    "loginMethods": ["SIGN_IN_LINK"],
                    "accountCreation": "ON_ORDER",
                    "signInLinkTtlDays": 7,
                }
            },
        )
    )["storefrontUpdate"]
    assert ok["errors"] == []
    assert ok["storefront"]["loginMethods"] == ["SIGN_IN_LINK"]
    seen = data(await storefront(client, shop.storefront_key, "{ storefront { loginMethods } }"))
    assert seen["storefront"]["loginMethods"] == ["SIGN_IN_LINK"]

    bad = data(
        await admin(
            client,
            shop.admin_key,
            mutation,
            {"input": {"signInLinkTtlDays": 0, "loginMethods": []}},
        )
    )["storefrontUpdate"]
    assert bad["storefront"] is None
    assert {tuple(e["field"]) for e in bad["errors"]} == {
        ("input", "signInLinkTtlDays"),
        ("input", "loginMethods"),
    }
