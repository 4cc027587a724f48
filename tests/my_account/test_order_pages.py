"""Orders pages with their lines and invoices in one statement: the same rows as the separate
reads, batched for lists of contacts (admin), and fragments still see what is prefetched."""

from __future__ import annotations

from decimal import Decimal

import asyncpg
import httpx

from gateway.db import account_orders, order_pages
from gateway.db import orders as orders_db
from gateway.tenancy.shops import CreatedShop
from tests.gql import admin, data, storefront
from tests.my_account.factories import customer, order


async def _invoice(pool: asyncpg.Pool, shop: CreatedShop, order_id: object, number: str) -> None:
    await pool.execute(
        "insert into invoices (shop_id, order_id, number, currency, total)"
        " values ($1, $2, $3, 'EUR', 5)",
        shop.shop_id,
        order_id,
        number,
    )


async def test_details_are_the_separate_reads(pool: asyncpg.Pool, shop: CreatedShop) -> None:
    ann = await customer(pool, shop.shop_id)
    bo = await customer(pool, shop.shop_id, email="bo@example.com")
    first = await order(pool, shop.shop_id, ann.id, "A-1", lines=[("B", 1, "2.50"), ("A", 3, "1")])
    await order(pool, shop.shop_id, ann.id, "A-2", lines=[("C", 2, "4.00")])
    await _invoice(pool, shop, first, "INV-1")
    keys = [(ann.id, 11, None, None), (bo.id, 11, None, None), (ann.id, 2, None, None)]
    async with pool.acquire() as conn:
        pages = await order_pages.order_pages_with_details(conn, shop.shop_id, keys)
        plain = await account_orders.order_pages(conn, shop.shop_id, keys)
        ids = [o.id for o in plain[0]]
        lines = await orders_db.lines_by_order_ids(conn, shop.shop_id, ids)
        invoices = await orders_db.invoices_by_order_ids(conn, shop.shop_id, ids)
    assert [[d.order for d in page] for page in pages] == plain
    assert pages[1] == []
    for d in pages[0]:
        assert d.lines == [
            order_pages.LineSummary(line.sku, line.name, line.quantity, line.unit_price, line.total)
            for line in lines
            if line.order_id == d.order.id
        ]
        assert d.invoices == [i for i in invoices if i.order_id == d.order.id]
    assert [len(d.lines) for d in pages[0]] == [1, 2]
    assert [len(d.invoices) for d in pages[0]] == [0, 1]


FRAGMENTS = """query { viewer { orders(first: 5) { ...Page } } }
fragment Page on OrderConnection { edges { node { ... on Order { number ...Lines } } } }
fragment Lines on Order { lines { sku quantity } invoices { number } }"""


async def test_fragments_see_prefetched_lines(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    order_id = await order(pool, shop.shop_id, ann.id, "A-1", lines=[("A", 2, "1.00")])
    await _invoice(pool, shop, order_id, "INV-1")
    for _ in range(2):  # the second time from the per-node cache
        body = data(await storefront(client, shop.storefront_key, FRAGMENTS, None, ann.token))
        assert body["viewer"]["orders"]["edges"] == [
            {
                "node": {
                    "number": "A-1",
                    "lines": [{"sku": "A", "quantity": 2}],
                    "invoices": [{"number": "INV-1"}],
                }
            }
        ]


ADMIN_CONTACTS = """{ contacts(first: 10) { edges { node { email
  orders(first: 5) { edges { node { number lines { sku } invoices { number downloadUrl } } } }
} } } }"""


async def test_admin_contacts_with_orders_batch_through_the_loader(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    people = [await customer(pool, shop.shop_id, email=f"c{i}@example.com") for i in range(3)]
    for i, person in enumerate(people):
        order_id = await order(pool, shop.shop_id, person.id, f"N-{i}", lines=[(f"S{i}", 1, "1")])
        await _invoice(pool, shop, order_id, f"INV-{i}")
    body = data(await admin(client, shop.admin_key, ADMIN_CONTACTS))
    found = {e["node"]["email"]: e["node"]["orders"]["edges"] for e in body["contacts"]["edges"]}
    for i, person in enumerate(people):
        # The merchant gets a signed PDF link for every invoice of the shop.
        url = found[person.email][0]["node"]["invoices"][0].pop("downloadUrl")
        assert url.startswith("http://gateway.test/invoices/") and "sig=" in url
        assert found[person.email] == [
            {
                "node": {
                    "number": f"N-{i}",
                    "lines": [{"sku": f"S{i}"}],
                    "invoices": [{"number": f"INV-{i}"}],
                }
            }
        ]


async def test_lines_come_back_exactly_as_stored(pool: asyncpg.Pool, shop: CreatedShop) -> None:
    """Lines travel as JSON text (gateway/db/order_pages.py): names with quotes, backslashes,
    line breaks and characters beyond ASCII, and amounts with every digit, come back as stored
    (amounts as text, never through a float)."""
    ann = await customer(pool, shop.shop_id)
    order_id = await order(pool, shop.shop_id, ann.id, "A-1", lines=[("A", 1, "1.00")])
    name = 'Thé "vert" \\ 50 g\nrecharge ☕ 𝄞'
    await pool.execute(
        """update order_lines set name = $2, unit_price = 9999999999.99, total = 0.10
           where order_id = $1""",
        order_id,
        name,
    )
    async with pool.acquire() as conn:
        (page,) = await order_pages.order_pages_with_details(
            conn, shop.shop_id, [(ann.id, 11, None, None)]
        )
    (line,) = page[0].lines
    assert line.name == name
    assert (line.unit_price, line.total) == (Decimal("9999999999.99"), Decimal("0.10"))
    assert str(line.total) == "0.10" and type(line.quantity) is int
