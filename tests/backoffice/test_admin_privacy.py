"""Admin `contactExport` and `contactErase`: a customer's GDPR request by mail, handled as the
customer's own export and account deletion would; another shop's admin key gets nothing."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.gql import admin, data, storefront
from tests.my_account.factories import customer, order, product

EXPORT = "query($id: ID!) { contactExport(id: $id) }"
EXPORT_MUTATION = "mutation($id: ID!) { contactExport(id: $id) }"
ERASE = "mutation($id: ID!) { contactErase(id: $id) { errors { code field message } } }"


async def test_export_gives_what_the_customer_would_get(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    await product(pool, shop.shop_id, "TEA")
    ann = await customer(pool, shop.shop_id)
    await order(pool, shop.shop_id, ann.id, "1001")
    exported = data(await admin(client, shop.admin_key, EXPORT, {"id": str(ann.id)}))
    own = data(await storefront(client, shop.storefront_key, "{ exportMyData }", token=ann.token))
    mine, theirs = exported["contactExport"], own["exportMyData"]
    assert mine["profile"]["email"] == "ann@example.com"
    assert [o["number"] for o in mine["orders"]] == ["1001"]
    assert {k: v for k, v in mine.items() if k != "exportedAt"} == {
        k: v for k, v in theirs.items() if k != "exportedAt"
    }
    as_mutation = data(await admin(client, shop.admin_key, EXPORT_MUTATION, {"id": str(ann.id)}))
    assert as_mutation["contactExport"]["profile"]["email"] == "ann@example.com"
    for key, contact_id in (
        (other_shop.admin_key, str(ann.id)),
        (shop.admin_key, "00000000-0000-0000-0000-000000000000"),
        (shop.admin_key, "not-an-id"),
    ):
        assert data(await admin(client, key, EXPORT, {"id": contact_id}))["contactExport"] is None


async def test_erase_anonymises_signs_out_and_keeps_the_books(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    await product(pool, shop.shop_id, "TEA")
    ann = await customer(pool, shop.shop_id)
    order_id = await order(pool, shop.shop_id, ann.id, "1001")

    refused = data(await admin(client, other_shop.admin_key, ERASE, {"id": str(ann.id)}))
    assert refused["contactErase"]["errors"][0]["code"] == "NOT_FOUND"
    assert await pool.fetchval("select email from contacts where id = $1", ann.id) == (
        "ann@example.com"
    )

    done = data(await admin(client, shop.admin_key, ERASE, {"id": str(ann.id)}))
    assert done["contactErase"] == {"errors": []}
    row = await pool.fetchrow(
        "select email, full_name, anonymised_at from contacts where id = $1", ann.id
    )
    assert row["email"].endswith("@invalid") and row["full_name"] == ""
    assert row["anonymised_at"] is not None
    kept = await pool.fetchrow("select number, email, total from orders where id = $1", order_id)
    assert kept["number"] == "1001" and kept["email"].endswith("@invalid")
    viewer = await storefront(client, shop.storefront_key, "{ viewer { email } }", token=ann.token)
    assert data(viewer)["viewer"] is None  # signed out everywhere

    again = data(await admin(client, shop.admin_key, ERASE, {"id": str(ann.id)}))
    assert again["contactErase"]["errors"][0]["code"] == "NOT_FOUND"
    bad = data(await admin(client, shop.admin_key, ERASE, {"id": "not-an-id"}))
    assert bad["contactErase"]["errors"][0]["code"] == "NOT_FOUND"
