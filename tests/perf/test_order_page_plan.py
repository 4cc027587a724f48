"""The orders page reads lines and invoices as sets: one scan of each table per statement,
never a subquery or index probe per order (issue 15: two correlated subqueries per order, 20
for a dashboard of 10 orders). Every read statement a request sends is run again under
`EXPLAIN (ANALYZE, FORMAT JSON)` with its own arguments and its plan is checked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import asyncpg
import httpx

from gateway.db import account_orders, order_pages
from gateway.tenancy.shops import CreatedShop
from tests.conftest import StatementCounter
from tests.gql import admin, data, storefront
from tests.my_account.factories import customer, order, product
from tests.my_account.test_dashboard_queries import DASHBOARD, _customer_with_orders

PER_ORDER_TABLES = {"order_lines", "invoices"}
Sent = list[tuple[str, tuple[Any, ...]]]


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


async def _per_order_reads(pool: asyncpg.Pool, statements: Sent) -> list[str]:
    """Problems found in the plans of the read statements among these; also asserts lines and
    invoices were read at all."""
    problems: list[str] = []
    read: set[str] = set()
    reads = [(q, a) for q, a in statements if q.lstrip().lower().startswith(("select", "with"))]
    async with pool.acquire() as conn:
        for query, args in reads:
            raw = await conn.fetchval(f"explain (analyze, format json) {query}", *args)
            for node in _nodes(json.loads(raw)[0]["Plan"]):
                relation = node.get("Relation Name")
                if node.get("Parent Relationship") == "SubPlan" and node["Actual Loops"] > 1:
                    loops = node["Actual Loops"]
                    problems.append(f"a subquery run {loops} times (once a row) in {query}")
                if relation in PER_ORDER_TABLES:
                    read.add(relation)
                    if node["Actual Loops"] > 1:
                        problems.append(f"{relation} scanned {node['Actual Loops']} times")
    assert read == PER_ORDER_TABLES, f"the requests did not read {PER_ORDER_TABLES - read}"
    return problems


async def test_the_dashboard_reads_lines_and_invoices_once(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool, statements: StatementCounter
) -> None:
    for sku in ("A", "B"):
        await product(pool, shop.shop_id, sku)
    person = await _customer_with_orders(pool, shop.shop_id, "ann@example.com", 12)
    for first in (10, 100):
        statements.sent.clear()
        body = data(
            await storefront(client, shop.storefront_key, DASHBOARD, {"first": first}, person.token)
        )
        assert len(body["viewer"]["orders"]["edges"]) == min(first, 12)
        assert await _per_order_reads(pool, list(statements.sent)) == []


ADMIN_CONTACTS = """{ contacts(first: 10) { edges { node { email
  orders(first: 5) { edges { node { number lines { sku } invoices { number } } } }
} } } }"""


async def test_a_list_of_contacts_reads_lines_and_invoices_once(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool, statements: StatementCounter
) -> None:
    for i in range(3):
        await _customer_with_orders(pool, shop.shop_id, f"c{i}@example.com", 4)
    statements.sent.clear()
    body = data(await admin(client, shop.admin_key, ADMIN_CONTACTS))
    assert [len(e["node"]["orders"]["edges"]) for e in body["contacts"]["edges"]] == [4, 4, 4]
    assert await _per_order_reads(pool, list(statements.sent)) == []


async def test_one_page_and_a_batch_give_the_same_orders(
    pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    """The single-contact statement (the viewer's) answers what the batch form answers,
    keyset position included."""
    ann = await customer(pool, shop.shop_id)
    bo = await customer(pool, shop.shop_id, email="bo@example.com")
    for i in range(4):
        await order(pool, shop.shop_id, ann.id, f"A-{i}", lines=[("A", 1, "1"), ("B", 2, "3")])
    async with pool.acquire() as conn:
        full = await account_orders.order_pages(conn, shop.shop_id, [(ann.id, 10, None, None)])
        middle = full[0][1]
        keys = [
            (ann.id, 11, None, None),
            (ann.id, 2, middle.placed_at, str(middle.id)),
            (bo.id, 5, None, None),
        ]
        batch = await order_pages.order_pages_with_details(conn, shop.shop_id, keys)
        for key, expected in zip(keys, batch, strict=True):
            assert await order_pages.order_pages_with_details(conn, shop.shop_id, [key]) == [
                expected
            ]
    assert [d.order.number for d in batch[1]] == [o.number for o in full[0][2:4]]
    assert all(len(d.lines) == 2 for d in batch[0])
