"""Customer groups, price lists and organisations, priced end to end in product(sku)."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.gql import admin, data, storefront
from tests.my_account.factories import customer, product

GROUP = """mutation($input: CustomerGroupInput!) { customerGroupCreate(input: $input) {
  customerGroup { id name discountPercent } errors { code field } } }"""
PRICE_LIST = """mutation($input: PriceListInput!) { priceListCreate(input: $input) {
  priceList { id name currency } errors { code field } } }"""
ORG = """mutation($input: OrganisationInput!) { organisationCreate(input: $input) {
  organisation { id name vatNumber paymentTerms priceList { name } } errors { code field } } }"""
MEMBER = """mutation($org: ID!, $contact: ID!) {
  organisationAddMember(organisationId: $org, contactId: $contact, role: BUYER) {
    organisation { name } errors { code field } } }"""
PRICE = """query($sku: String!) { product(sku: $sku) { price { amount } basePrice { amount } } }"""
VIEWER = """{ viewer { customerGroup { name discountPercent } organisationRole
  organisation { name vatNumber paymentTerms priceList { name currency } }
  favourites { edges { node { product { sku price { amount } } } } } } }"""


async def test_group_discount_applies_to_the_members_prices(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    await product(pool, shop.shop_id, "TEA", "9.99")
    group_input = {"name": "Friends", "discountPercent": "12.5"}
    body = data(await admin(client, shop.admin_key, GROUP, {"input": group_input}))
    group = body["customerGroupCreate"]["customerGroup"]
    assert group["discountPercent"] == "12.50"
    # Assigned directly: admin contactUpdate belongs to the checkout area.
    await pool.execute(
        "update contacts set customer_group_id = $1 where id = $2", group["id"], ann.id
    )
    await pool.execute(
        "insert into favourites (shop_id, contact_id, sku) values ($1, $2, 'TEA')",
        shop.shop_id,
        ann.id,
    )
    key = shop.storefront_key
    priced = data(await storefront(client, key, PRICE, {"sku": "TEA"}, ann.token))["product"]
    assert priced == {"price": {"amount": "8.74"}, "basePrice": {"amount": "9.99"}}  # 8.74125
    anonymous = data(await storefront(client, key, PRICE, {"sku": "TEA"}))["product"]
    assert anonymous["price"] == {"amount": "9.99"}
    viewer = data(await storefront(client, key, VIEWER, token=ann.token))["viewer"]
    assert viewer["customerGroup"] == {"name": "Friends", "discountPercent": "12.50"}
    assert viewer["favourites"]["edges"][0]["node"]["product"]["price"] == {"amount": "8.74"}


async def test_customer_group_input_is_checked(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    cases = [
        ({"name": "A", "discountPercent": "100.01"}, ["input", "discountPercent"]),
        ({"name": "A", "discountPercent": "-1"}, ["input", "discountPercent"]),
        ({"name": "A", "discountPercent": "1.005"}, ["input", "discountPercent"]),
        ({"name": " ", "discountPercent": "5"}, ["input", "name"]),
    ]
    for group_input, field in cases:
        body = data(await admin(client, shop.admin_key, GROUP, {"input": group_input}))
        assert body["customerGroupCreate"]["errors"] == [{"code": "INVALID", "field": field}]
    ok = {"name": "Staff", "discountPercent": "100"}
    assert data(await admin(client, shop.admin_key, GROUP, {"input": ok}))["customerGroupCreate"][
        "customerGroup"
    ]
    twice = data(await admin(client, shop.admin_key, GROUP, {"input": ok}))
    assert twice["customerGroupCreate"]["errors"] == [
        {"code": "INVALID", "field": ["input", "name"]}
    ]


async def test_organisation_member_sees_the_price_list_price(
    client: httpx.AsyncClient, shop: CreatedShop, other_shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    await product(pool, shop.shop_id, "TEA", "9.99")
    await product(pool, shop.shop_id, "MUG", "14.00")
    list_input = {
        "name": "Wholesale",
        "currency": "eur",
        "prices": [{"sku": "TEA", "price": "6.5"}],
    }
    price_list = data(await admin(client, shop.admin_key, PRICE_LIST, {"input": list_input}))
    list_id = price_list["priceListCreate"]["priceList"]["id"]
    assert price_list["priceListCreate"]["priceList"]["currency"] == "EUR"
    org_input = {"name": "Tea Traders BV", "vatNumber": "NL 004495445 B01",
                 "paymentTerms": "30 days", "priceListId": list_id}  # fmt: skip
    org = data(await admin(client, shop.admin_key, ORG, {"input": org_input}))["organisationCreate"]
    assert org["organisation"]["vatNumber"] == "NL004495445B01"
    variables = {"org": org["organisation"]["id"], "contact": str(ann.id)}
    added = data(await admin(client, shop.admin_key, MEMBER, variables))
    assert added["organisationAddMember"]["errors"] == []

    key = shop.storefront_key
    tea = data(await storefront(client, key, PRICE, {"sku": "TEA"}, ann.token))["product"]
    assert tea["price"] == {"amount": "6.50"}
    mug = data(await storefront(client, key, PRICE, {"sku": "MUG"}, ann.token))["product"]
    assert mug["price"] == {"amount": "14.00"}
    viewer = data(await storefront(client, key, VIEWER, token=ann.token))["viewer"]
    assert viewer["organisationRole"] == "BUYER"
    assert viewer["organisation"] == {
        "name": "Tea Traders BV",
        "vatNumber": "NL004495445B01",
        "paymentTerms": "30 days",
        "priceList": {"name": "Wholesale", "currency": "EUR"},
    }
    # Another shop's admin cannot add Ann or use this shop's list.
    foreign = data(await admin(client, other_shop.admin_key, MEMBER, variables))
    assert foreign["organisationAddMember"]["errors"][0]["code"] == "NOT_FOUND"
    foreign_org = {"name": "X", "priceListId": list_id}
    body = data(await admin(client, other_shop.admin_key, ORG, {"input": foreign_org}))
    assert body["organisationCreate"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["input", "priceListId"]}
    ]


async def test_price_list_input_is_checked(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    await product(pool, shop.shop_id, "TEA")
    prices = [
        {"sku": "TEA", "price": "1"},
        {"sku": "TEA", "price": "-1"},
        {"sku": "NOPE", "price": "1"},
    ]
    list_input = {"name": "L", "currency": "EURO", "prices": prices}
    body = data(await admin(client, shop.admin_key, PRICE_LIST, {"input": list_input}))
    assert sorted(e["field"] for e in body["priceListCreate"]["errors"]) == [
        ["input", "currency"],
        ["input", "prices", "1", "minQuantity"],  # TEA from 1 twice
        ["input", "prices", "1", "price"],
        ["input", "prices", "2", "sku"],
    ]
    assert await pool.fetchval("select count(*) from price_lists") == 0
