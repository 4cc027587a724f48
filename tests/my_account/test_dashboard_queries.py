"""The dashboard query costs a fixed number of SQL statements, whatever the history length."""

from __future__ import annotations

from uuid import UUID

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.conftest import StatementCounter
from tests.gql import data, storefront
from tests.my_account.factories import Customer, customer, order, product

DASHBOARD = """query($first: Int!) { viewer {
  id email fullName locale
  customerGroup { name discountPercent }
  orders(first: $first) {
    edges { cursor node {
      number placedAt paymentStatus fulfilmentStatus trackingUrl expectedDeliveryDate
      total { amount currency }
      lines { sku name quantity unitPrice { amount } total { amount } }
      invoices { number issuedAt downloadUrl }
    } }
    pageInfo { hasNextPage endCursor }
  }
  favourites(first: 10) { edges { node { addedAt product { sku name price { amount } } } } }
} }"""


async def _customer_with_orders(
    pool: asyncpg.Pool, shop_id: UUID, email: str, orders: int
) -> Customer:
    person = await customer(pool, shop_id, email=email)
    group = await pool.fetchval(
        "insert into customer_groups (shop_id, name, discount_percent) values ($1, $2, 10) "
        "returning id",
        shop_id,
        email,
    )
    await pool.execute("update contacts set customer_group_id = $1 where id = $2", group, person.id)
    for i in range(orders):
        order_id = await order(
            pool, shop_id, person.id, f"{email}-{i}", lines=[("A", 1, "2.00"), ("B", 3, "1.00")]
        )
        await pool.execute(
            """insert into invoices (shop_id, order_id, number, currency, total)
               values ($1, $2, $3, 'EUR', 5)""",
            shop_id,
            order_id,
            f"INV-{email}-{i}",
        )
    for sku in ("A", "B"):
        await pool.execute(
            "insert into favourites (shop_id, contact_id, sku) values ($1, $2, $3)",
            shop_id,
            person.id,
            sku,
        )
    return person


async def test_dashboard_statements_do_not_grow_with_orders(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    pool: asyncpg.Pool,
    statements: StatementCounter,
) -> None:
    for sku in ("A", "B"):
        await product(pool, shop.shop_id, sku)
    few = await _customer_with_orders(pool, shop.shop_id, "few@example.com", 1)
    many = await _customer_with_orders(pool, shop.shop_id, "many@example.com", 100)
    key = shop.storefront_key
    await storefront(client, key, DASHBOARD, {"first": 1}, few.token)  # warm process caches

    counts = {}
    for person, first, expected_orders in ((few, 10, 1), (many, 10, 10), (many, 100, 100)):
        statements.count = 0
        body = data(await storefront(client, key, DASHBOARD, {"first": first}, person.token))
        counts[(person.email, first)] = statements.count
        edges = body["viewer"]["orders"]["edges"]
        assert len(edges) == expected_orders
        assert all(len(e["node"]["lines"]) == 2 for e in edges)
        assert all(len(e["node"]["invoices"]) == 1 for e in edges)
        assert all(e["node"]["invoices"][0]["downloadUrl"] for e in edges)
        favourites = body["viewer"]["favourites"]["edges"]
        assert [f["node"]["product"]["price"]["amount"] for f in favourites] == ["9.00", "9.00"]
        assert body["viewer"]["customerGroup"]["discountPercent"] == "10.00"
    assert len(set(counts.values())) == 1, counts
    # session with contact, group and price terms; orders page with lines and invoices;
    # favourites page with products
    assert next(iter(counts.values())) <= 3, counts


async def test_a_signed_in_product_price_reuses_the_terms_read_with_the_session(
    client: httpx.AsyncClient,
    pool: asyncpg.Pool,
    shop: CreatedShop,
    statements: StatementCounter,
) -> None:
    await product(pool, shop.shop_id, "TEA", "10.00")
    person = await customer(pool, shop.shop_id)
    group = await pool.fetchval(
        """insert into customer_groups (shop_id, name, discount_percent)
           values ($1, 'Club', 10) returning id""",
        shop.shop_id,
    )
    await pool.execute("update contacts set customer_group_id = $1", group)
    await storefront(client, shop.storefront_key, "{ storefront { name } }")  # key now cached
    statements.count = 0
    body = await storefront(
        client,
        shop.storefront_key,
        '{ product(sku: "TEA") { price { amount } basePrice { amount } } }',
        token=person.token,
    )
    assert data(body)["product"] == {"price": {"amount": "9.00"}, "basePrice": {"amount": "10.00"}}
    # The viewer (session, contact, group, price terms) and the product: no third query.
    assert statements.count == 2
