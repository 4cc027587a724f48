"""Admin `products`, `productUpdate`, `productDeactivate`, `productDelete`, `customerGroups`,
`customerGroupUpdate/Delete`, `priceLists`, `priceListUpdate/Delete`; other shops get nothing."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.gql import admin, data, storefront
from tests.my_account.factories import customer, order, product

ERRORS = "errors { code field message }"
PRODUCTS = """query($search: String, $active: Boolean, $after: String, $first: Int) {
  products(first: $first, search: $search, active: $active, after: $after) {
    edges { node { sku name active price { amount currency } } }
    pageInfo { hasNextPage endCursor } } }"""
UPDATE = f"""mutation($sku: String!, $input: ProductUpdateInput!) {{
  productUpdate(sku: $sku, input: $input) {{ product {{ sku name active price {{ amount }} }}
  {ERRORS} }} }}"""
DEACTIVATE = f"""mutation($sku: String!) {{ productDeactivate(sku: $sku) {{
  product {{ sku active }} {ERRORS} }} }}"""
DELETE = f"mutation($sku: String!) {{ productDelete(sku: $sku) {{ {ERRORS} }} }}"


async def _skus(client: httpx.AsyncClient, key: str, **variables: Any) -> list[str]:
    found = data(await admin(client, key, PRODUCTS, variables))["products"]
    return [e["node"]["sku"] for e in found["edges"]]


async def test_products_listed_searched_and_paged(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    for sku in ("TEA-GREEN", "TEA-BLACK", "MUG"):
        await product(pool, shop.shop_id, sku)
    assert data(await admin(client, shop.admin_key, DEACTIVATE, {"sku": "MUG"}))
    assert await _skus(client, shop.admin_key) == ["MUG", "TEA-BLACK", "TEA-GREEN"]
    assert await _skus(client, shop.admin_key, search="tea-b") == ["TEA-BLACK"]
    assert await _skus(client, shop.admin_key, search="product mug") == ["MUG"]  # by name
    assert await _skus(client, shop.admin_key, active=True) == ["TEA-BLACK", "TEA-GREEN"]
    assert await _skus(client, shop.admin_key, active=False) == ["MUG"]
    page = data(await admin(client, shop.admin_key, PRODUCTS, {"first": 2}))["products"]
    after = page["pageInfo"]["endCursor"]
    assert await _skus(client, shop.admin_key, after=after) == ["TEA-GREEN"]
    assert await _skus(client, other_shop.admin_key) == []
    bad = await admin(client, shop.admin_key, PRODUCTS, {"first": 500})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_product_update_changes_only_what_is_given(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    await product(pool, shop.shop_id, "TEA", "10.00")
    changed = data(
        await admin(client, shop.admin_key, UPDATE, {"sku": "TEA", "input": {"price": "12.50"}})
    )["productUpdate"]
    assert changed == {
        "product": {"sku": "TEA", "name": "Product TEA", "active": True,
                    "price": {"amount": "12.50"}},
        "errors": [],
    }  # fmt: skip
    bad = data(
        await admin(
            client, shop.admin_key, UPDATE, {"sku": "TEA", "input": {"price": "-1", "name": " "}}
        )
    )["productUpdate"]
    assert {(e["code"], tuple(e["field"])) for e in bad["errors"]} == {
        ("INVALID", ("input", "price")),
        ("INVALID", ("input", "name")),
    }
    for key, sku in ((shop.admin_key, "NOPE"), (other_shop.admin_key, "TEA")):
        missing = data(await admin(client, key, UPDATE, {"sku": sku, "input": {"name": "X"}}))
        assert missing["productUpdate"]["errors"][0]["code"] == "NOT_FOUND"
    name = await pool.fetchval("select name from products where shop_id = $1", shop.shop_id)
    assert name == "Product TEA"


async def test_a_deactivated_product_is_not_sold_but_orders_keep_it(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await product(pool, shop.shop_id, "TEA")
    await product(pool, shop.shop_id, "MUG")
    ann = await customer(pool, shop.shop_id)
    lines = [("TEA", 1, "10.00"), ("MUG", 1, "10.00")]
    order_id = await order(pool, shop.shop_id, ann.id, "1001", lines=lines)
    done = data(await admin(client, shop.admin_key, DEACTIVATE, {"sku": "TEA"}))
    assert done["productDeactivate"] == {"product": {"sku": "TEA", "active": False}, "errors": []}

    seen = await storefront(client, shop.storefront_key, '{ product(sku: "TEA") { sku } }')
    assert data(seen)["product"] is None
    create = """mutation { checkoutCreate(input: { lines: [{ sku: "TEA", quantity: 1 }] }) {
      checkout { id } errors { code field } } }"""
    refused = data(await storefront(client, shop.storefront_key, create))["checkoutCreate"]
    assert refused["checkout"] is None and refused["errors"]
    reorder = """mutation($id: ID!) { reorder(orderId: $id) {
      checkout { lines { sku } } errors { code } } }"""
    again = data(
        await storefront(client, shop.storefront_key, reorder, {"id": str(order_id)}, ann.token)
    )["reorder"]
    assert [line["sku"] for line in again["checkout"]["lines"]] == ["MUG"]
    assert [e["code"] for e in again["errors"]] == ["UNAVAILABLE"]

    deleted = data(await admin(client, shop.admin_key, DELETE, {"sku": "TEA"}))["productDelete"]
    assert deleted["errors"][0]["code"] == "CONFLICT"
    assert await pool.fetchval("select count(*) from products where sku = 'TEA'") == 1
    back = data(
        await admin(client, shop.admin_key, UPDATE, {"sku": "TEA", "input": {"active": True}})
    )
    assert back["productUpdate"]["product"]["active"] is True


async def test_a_never_ordered_product_can_be_deleted(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    await product(pool, shop.shop_id, "TYPO")
    other = data(await admin(client, other_shop.admin_key, DELETE, {"sku": "TYPO"}))
    assert other["productDelete"]["errors"][0]["code"] == "NOT_FOUND"
    done = data(await admin(client, shop.admin_key, DELETE, {"sku": "TYPO"}))
    assert done["productDelete"]["errors"] == []
    assert await _skus(client, shop.admin_key) == []
    again = data(await admin(client, shop.admin_key, DELETE, {"sku": "TYPO"}))
    assert again["productDelete"]["errors"][0]["code"] == "NOT_FOUND"


GROUPS = "{ customerGroups { id name discountPercent } priceLists { id name currency } }"
GROUP_CREATE = """mutation($name: String!) { customerGroupCreate(input: {
  name: $name, discountPercent: "5" }) { customerGroup { id } } }"""
GROUP_UPDATE = f"""mutation($id: ID!, $input: CustomerGroupUpdateInput!) {{
  customerGroupUpdate(id: $id, input: $input) {{ customerGroup {{ name discountPercent }}
  {ERRORS} }} }}"""
GROUP_DELETE = f"mutation($id: ID!) {{ customerGroupDelete(id: $id) {{ {ERRORS} }} }}"
LIST_CREATE = """mutation($name: String!) { priceListCreate(input: {
  name: $name, currency: "EUR", prices: [] }) { priceList { id } } }"""
LIST_UPDATE = f"""mutation($id: ID!, $name: String!) {{
  priceListUpdate(id: $id, input: {{ name: $name }}) {{ priceList {{ name }} {ERRORS} }} }}"""
LIST_DELETE = f"mutation($id: ID!) {{ priceListDelete(id: $id) {{ {ERRORS} }} }}"


async def _make(client: httpx.AsyncClient, key: str, mutation: str, name: str) -> str:
    body = data(await admin(client, key, mutation, {"name": name}))
    payload = next(iter(body.values()))
    return next(iter(v for v in payload.values()))["id"]  # type: ignore[no-any-return]


async def test_customer_groups_listed_changed_and_deleted(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    club = await _make(client, shop.admin_key, GROUP_CREATE, "Tea club")
    await _make(client, shop.admin_key, GROUP_CREATE, "Retailers")
    groups = data(await admin(client, shop.admin_key, GROUPS))["customerGroups"]
    assert [g["name"] for g in groups] == ["Retailers", "Tea club"]
    assert data(await admin(client, other_shop.admin_key, GROUPS))["customerGroups"] == []

    changed = data(await admin(client, shop.admin_key, GROUP_UPDATE,
                               {"id": club, "input": {"discountPercent": "7.5"}}))  # fmt: skip
    assert changed["customerGroupUpdate"]["customerGroup"] == {
        "name": "Tea club", "discountPercent": "7.50"}  # fmt: skip
    taken = data(await admin(client, shop.admin_key, GROUP_UPDATE,
                             {"id": club, "input": {"name": "Retailers"}}))  # fmt: skip
    assert taken["customerGroupUpdate"]["errors"][0]["code"] == "CONFLICT"
    bad = data(await admin(client, shop.admin_key, GROUP_UPDATE,
                           {"id": club, "input": {"discountPercent": "101"}}))  # fmt: skip
    assert bad["customerGroupUpdate"]["errors"][0]["code"] == "INVALID"

    ann = await customer(pool, shop.shop_id)
    await pool.execute("update contacts set customer_group_id = $1 where id = $2",
                       UUID(club), ann.id)  # fmt: skip
    for key, group_id in ((other_shop.admin_key, club), (shop.admin_key, "nope")):
        refused = data(await admin(client, key, GROUP_DELETE, {"id": group_id}))
        assert refused["customerGroupDelete"]["errors"][0]["code"] == "NOT_FOUND"
    done = data(await admin(client, shop.admin_key, GROUP_DELETE, {"id": club}))
    assert done["customerGroupDelete"]["errors"] == []
    viewer = await storefront(client, shop.storefront_key, "{ viewer { customerGroup { name } } }",
                              token=ann.token)  # fmt: skip
    assert data(viewer)["viewer"] == {"customerGroup": None}


async def test_price_lists_listed_renamed_and_deleted_when_unused(
    client: httpx.AsyncClient, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    used = await _make(client, shop.admin_key, LIST_CREATE, "Wholesale")
    spare = await _make(client, shop.admin_key, LIST_CREATE, "Spare")
    lists = data(await admin(client, shop.admin_key, GROUPS))["priceLists"]
    assert [(p["name"], p["currency"]) for p in lists] == [("Spare", "EUR"), ("Wholesale", "EUR")]
    assert data(await admin(client, other_shop.admin_key, GROUPS))["priceLists"] == []
    organisation = """mutation($id: ID!) { organisationCreate(input: {
      name: "Acme", priceListId: $id }) { errors { code } } }"""
    assert data(await admin(client, shop.admin_key, organisation, {"id": used}))

    renamed = data(await admin(client, shop.admin_key, LIST_UPDATE, {"id": used, "name": "B2B"}))
    assert renamed["priceListUpdate"] == {"priceList": {"name": "B2B"}, "errors": []}
    blank = data(await admin(client, shop.admin_key, LIST_UPDATE, {"id": used, "name": " "}))
    assert blank["priceListUpdate"]["errors"][0]["code"] == "INVALID"
    other = data(await admin(client, other_shop.admin_key, LIST_UPDATE, {"id": used, "name": "X"}))
    assert other["priceListUpdate"]["errors"][0]["code"] == "NOT_FOUND"

    kept = data(await admin(client, shop.admin_key, LIST_DELETE, {"id": used}))
    assert kept["priceListDelete"]["errors"][0]["code"] == "CONFLICT"
    assert "1 organisation" in kept["priceListDelete"]["errors"][0]["message"]
    gone = data(await admin(client, shop.admin_key, LIST_DELETE, {"id": spare}))
    assert gone["priceListDelete"]["errors"] == []
    lists = data(await admin(client, shop.admin_key, GROUPS))["priceLists"]
    assert [p["name"] for p in lists] == ["B2B"]
    again = data(await admin(client, shop.admin_key, LIST_DELETE, {"id": spare}))
    assert again["priceListDelete"]["errors"][0]["code"] == "NOT_FOUND"
