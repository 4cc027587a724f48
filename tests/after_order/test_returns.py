"""Customers send shipped items back; the merchant moves the return on; every step is mailed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.after_order.steps import (
    ADMIN_RETURNS,
    ask_return,
    codes,
    customer_order,
    move_return,
    my_order,
    ship,
)
from tests.gql import admin, data, storefront
from tests.smtp import SmtpServer

TEA_BACK = [{"sku": "TEA", "quantity": 1, "reason": "DAMAGED"}]
SETTINGS = """mutation($input: StorefrontSettingsInput!) {
  storefrontUpdate(input: $input) { storefront { returnWindowDays } errors { code field } } }"""


async def _shipped_order(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, email: str = "ada@example.com"
) -> tuple[str, dict]:
    token, order = await customer_order(client, pool, shop, email)
    assert (await ship(client, shop, order["id"], None))["errors"] == []
    return token, order


async def test_a_customer_returns_one_line_and_follows_it_to_refunded(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    token, order = await _shipped_order(client, pool, shop)
    asked = await ask_return(
        client,
        shop,
        token,
        order["id"],
        [{"sku": "TEA", "quantity": 2, "reason": "DOES_NOT_FIT"}],
        "Too strong for me",
    )
    assert asked["errors"] == []
    ret = asked["return"]
    assert ret["number"] == "R00001" and ret["status"] == "REQUESTED"
    assert ret["lines"] == [{"sku": "TEA", "quantity": 2, "reason": "DOES_NOT_FIT"}]
    assert ret["comment"] == "Too strong for me" and ret["orderNumber"] == order["number"]
    receipt = await smtp_server.mail_to("ada@example.com", "R00001")
    assert "2 x TEA" in receipt.text
    status_token = receipt.token("order-status")

    for status, note, subject in (
        ("APPROVED", "Use the enclosed label", "goedgekeurd"),
        ("RECEIVED", None, "ontvangen"),
        ("REFUNDED", "Refunded EUR 13.90", "terugbetaald"),
    ):
        moved = await move_return(client, shop, ret["id"], status, note)
        assert moved["errors"] == [], moved
        assert moved["return"]["status"] == status
        mail = await smtp_server.mail_to("ada@example.com", subject)
        assert "R00001" in mail.subject
        assert mail.token("order-status") == status_token
        if note:
            assert note in mail.text

    seen = await my_order(client, shop, token, order["number"])
    assert seen is not None
    assert [(r["number"], r["status"], r["note"]) for r in seen["returns"]] == [
        ("R00001", "REFUNDED", "Refunded EUR 13.90")
    ]
    refunded = data(await admin(client, shop.admin_key, ADMIN_RETURNS, {"status": "REFUNDED"}))
    assert [e["node"]["number"] for e in refunded["returns"]["edges"]] == ["R00001"]
    requested = data(await admin(client, shop.admin_key, ADMIN_RETURNS, {"status": "REQUESTED"}))
    assert requested["returns"]["edges"] == []
    # 1 TEA shipped and not returned is still returnable; 2 are not.
    assert codes(
        await ask_return(
            client, shop, token, order["id"], [{"sku": "TEA", "quantity": 2, "reason": "OTHER"}]
        )
    ) == ["INVALID"]
    assert (await ask_return(client, shop, token, order["id"], TEA_BACK))["errors"] == []


async def test_only_valid_transitions(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    token, order = await _shipped_order(client, pool, shop)
    ret = (await ask_return(client, shop, token, order["id"], TEA_BACK))["return"]
    for wrong in ("REQUESTED", "RECEIVED", "REFUNDED"):
        refused = await move_return(client, shop, ret["id"], wrong)
        assert codes(refused) == ["CONFLICT"], wrong
        assert refused["errors"][0]["field"] == ["input", "status"]
    assert codes(await move_return(client, other_shop, ret["id"], "APPROVED")) == ["NOT_FOUND"]
    assert codes(await move_return(client, shop, "nope", "APPROVED")) == ["NOT_FOUND"]
    assert (await move_return(client, shop, ret["id"], "REJECTED", "Opened"))["errors"] == []
    for after_final in ("APPROVED", "REFUNDED", "REJECTED"):
        assert codes(await move_return(client, shop, ret["id"], after_final)) == ["CONFLICT"]
    # A rejected return gives its quantity back.
    again = await ask_return(
        client, shop, token, order["id"], [{"sku": "TEA", "quantity": 3, "reason": "CHANGED_MIND"}]
    )
    assert again["errors"] == [] and again["return"]["number"] == "R00002"


async def test_two_merchants_moving_one_return_at_once_move_it_once(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    token, order = await _shipped_order(client, pool, shop)
    ret = (await ask_return(client, shop, token, order["id"], TEA_BACK))["return"]
    results = await asyncio.gather(
        *(move_return(client, shop, ret["id"], "APPROVED") for _ in range(6))
    )
    assert sum(1 for r in results if r["errors"] == []) == 1
    assert all(codes(r) == ["CONFLICT"] for r in results if r["errors"])
    mails = await pool.fetchval(
        "select count(*) from mail_outbox where template = 'return-approved'"
    )
    assert mails == 1


async def test_ten_concurrent_requests_for_the_last_unit_accept_one(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    token, order = await _shipped_order(client, pool, shop)
    first = await ask_return(
        client, shop, token, order["id"], [{"sku": "TEA", "quantity": 2, "reason": "OTHER"}]
    )
    assert first["errors"] == []
    results = await asyncio.gather(
        *(ask_return(client, shop, token, order["id"], TEA_BACK) for _ in range(10))
    )
    accepted = [r for r in results if r["errors"] == []]
    assert len(accepted) == 1
    assert all(codes(r) == ["INVALID"] for r in results if r["errors"])
    returning = await pool.fetchval(
        "select returning_quantity from order_lines where order_id = $1::uuid and sku = 'TEA'",
        order["id"],
    )
    assert returning == 3
    numbers = await pool.fetch("select number from returns where shop_id = $1", shop.shop_id)
    assert sorted(r["number"] for r in numbers) == ["R00001", "R00002"]  # no gaps


async def test_nothing_unshipped_comes_back_and_lines_are_checked(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    token, order = await customer_order(client, pool, shop)
    assert codes(await ask_return(client, shop, token, order["id"], TEA_BACK)) == ["INVALID"]
    assert (await ship(client, shop, order["id"], [{"sku": "TEA", "quantity": 1}]))["errors"] == []
    mug = [{"sku": "MUG", "quantity": 1, "reason": "DAMAGED"}]
    assert codes(await ask_return(client, shop, token, order["id"], mug)) == ["INVALID"]
    for lines in (
        [{"sku": "TEA", "quantity": 2, "reason": "DAMAGED"}],
        [{"sku": "TEA", "quantity": 0, "reason": "DAMAGED"}],
        [{"sku": "NOPE", "quantity": 1, "reason": "DAMAGED"}],
        [*TEA_BACK, *TEA_BACK],
        [],
    ):
        assert codes(await ask_return(client, shop, token, order["id"], lines)) == ["INVALID"]
    long = await ask_return(client, shop, token, order["id"], TEA_BACK, "x" * 2001)
    assert long["errors"][0]["field"] == ["input", "comment"]
    assert await pool.fetchval("select count(*) from returns") == 0
    assert await pool.fetchval("select sum(returning_quantity) from order_lines") == 0


async def test_the_return_window_bounds_requests(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    body = await storefront(client, shop.storefront_key, "{ storefront { returnWindowDays } }")
    assert data(body)["storefront"]["returnWindowDays"] == 30
    token, order = await customer_order(client, pool, shop)
    long_ago = (datetime.now(UTC) - timedelta(days=31)).isoformat()
    shipped = await ship(client, shop, order["id"], None, shippedAt=long_ago)
    assert shipped["errors"] == []
    late = await ask_return(client, shop, token, order["id"], TEA_BACK)
    assert codes(late) == ["NOT_ALLOWED"] and "30 days" in late["errors"][0]["message"]

    changed = data(
        await admin(client, shop.admin_key, SETTINGS, {"input": {"returnWindowDays": 60}})
    )
    assert changed["storefrontUpdate"]["storefront"]["returnWindowDays"] == 60
    assert (await ask_return(client, shop, token, order["id"], TEA_BACK))["errors"] == []

    changed = data(
        await admin(client, shop.admin_key, SETTINGS, {"input": {"returnWindowDays": 0}})
    )
    assert changed["storefrontUpdate"]["errors"] == []
    assert codes(await ask_return(client, shop, token, order["id"], TEA_BACK)) == ["NOT_ALLOWED"]
    for bad in (-1, 366):
        refused = data(
            await admin(client, shop.admin_key, SETTINGS, {"input": {"returnWindowDays": bad}})
        )
        assert [e["code"] for e in refused["storefrontUpdate"]["errors"]] == ["INVALID"]


async def test_return_numbers_are_per_shop_and_unique_under_concurrency(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    orders = [await _shipped_order(client, pool, shop, f"c{i}@example.com") for i in range(4)]
    results = await asyncio.gather(
        *(ask_return(client, shop, t, o["id"], TEA_BACK) for t, o in orders)
    )
    numbers = sorted(r["return"]["number"] for r in results)
    assert numbers == ["R00001", "R00002", "R00003", "R00004"]
    token, order = await _shipped_order(client, pool, other_shop, "z@example.com")
    assert (await ask_return(client, other_shop, token, order["id"], TEA_BACK))["return"][
        "number"
    ] == "R00001"
    page = data(await admin(client, shop.admin_key, ADMIN_RETURNS, {"first": 3}))["returns"]
    assert len(page["edges"]) == 3 and page["pageInfo"]["hasNextPage"]
    rest = data(
        await admin(
            client,
            shop.admin_key,
            ADMIN_RETURNS,
            {"first": 3, "after": page["pageInfo"]["endCursor"]},
        )
    )["returns"]
    seen = [e["node"]["number"] for e in page["edges"] + rest["edges"]]
    assert sorted(seen) == numbers and not rest["pageInfo"]["hasNextPage"]
