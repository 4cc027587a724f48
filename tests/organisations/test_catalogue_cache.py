"""The catalogue rows `prices` keeps between calls (gateway/pricing/catalogue_cache.py): used
while the shop's catalogue version stands, dropped by any write to products or price-list
prices, through any connection (another replica, psql, an import), and bounded."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import asyncpg

from gateway.db.pricing import CatalogueRow, PriceTerms
from gateway.pricing import catalogue
from gateway.pricing.catalogue_cache import MAX_TAGS, CatalogueCache
from gateway.tenancy.shops import CreatedShop

NO_TERMS = PriceTerms(Decimal(0), None, None)


async def _products(pool: asyncpg.Pool, shop_id: UUID, count: int) -> list[str]:
    skus = [f"C-{i:03d}" for i in range(count)]
    async with pool.acquire() as conn:
        await conn.executemany(
            """insert into products (shop_id, sku, name, price, currency)
               values ($1, $2, $3, 5, 'EUR')""",
            [(shop_id, s, f"Product {s}") for s in skus],
        )
    return skus


async def _prices(
    pool: asyncpg.Pool,
    shop_id: UUID,
    skus: list[str],
    cache: CatalogueCache,
    terms: PriceTerms = NO_TERMS,
    quantity: int = 1,
) -> dict[str, str]:
    async with pool.acquire() as conn:
        found = await catalogue.prices(conn, shop_id, terms, skus, quantity, cache)
    return {p.product.sku: str(p.price) for p in found}


async def _behind_the_version(pool: asyncpg.Pool, sql: str, *args: object) -> None:
    """A write the version triggers do not see (replica mode): what the cache serves shows."""
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("set local session_replication_role = replica")
        await conn.execute(sql, *args)


async def test_held_rows_are_served_until_the_catalogue_changes(
    pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    skus = await _products(pool, shop.shop_id, 3)
    cache = CatalogueCache()
    assert await _prices(pool, shop.shop_id, skus, cache) == dict.fromkeys(skus, "5.00")
    assert cache.rows == 3
    # Changed without a version bump: the held rows answer (the cache is in use) ...
    await _behind_the_version(
        pool, "update products set price = 7 where shop_id = $1 and sku = $2", shop.shop_id, skus[0]
    )
    assert (await _prices(pool, shop.shop_id, skus, cache))[skus[0]] == "5.00"
    # ... and any ordinary write to the shop's products makes every replica read again.
    async with pool.acquire() as conn:
        await conn.execute(
            "update products set name = 'Renamed' where shop_id = $1 and sku = $2",
            shop.shop_id,
            skus[2],
        )
    assert await _prices(pool, shop.shop_id, skus, cache) == {
        skus[0]: "7.00",
        skus[1]: "5.00",
        skus[2]: "5.00",
    }


async def test_every_kind_of_catalogue_write_is_seen(
    pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    skus = await _products(pool, shop.shop_id, 3)
    cache = CatalogueCache()
    late = "C-NEW"
    asked = [*skus, late]
    assert set(await _prices(pool, shop.shop_id, asked, cache)) == set(skus)  # late unknown
    async with pool.acquire() as conn:
        list_id = await conn.fetchval(
            """insert into price_lists (shop_id, name, currency)
               values ($1, 'Trade', 'EUR') returning id""",
            shop.shop_id,
        )
    terms = PriceTerms(Decimal(0), list_id, "EUR")
    assert (await _prices(pool, shop.shop_id, asked, cache, terms))[skus[0]] == "5.00"

    steps: list[tuple[str, tuple[object, ...], dict[str, str | None]]] = [
        ("insert into products (shop_id, sku, name, price, currency) "
         "values ($1, 'C-NEW', 'New', 3, 'EUR')",
         (shop.shop_id,), {late: "3.00"}),
        ("update products set active = false where shop_id = $1 and sku = 'C-001'",
         (shop.shop_id,), {"C-001": None}),
        ("insert into price_list_prices (price_list_id, shop_id, sku, min_quantity, price) "
         "values ($2, $1, 'C-000', 1, 4)",
         (shop.shop_id, list_id), {"C-000": "4.00"}),
        ("update price_list_prices set price = 2 where shop_id = $1 and sku = 'C-000'",
         (shop.shop_id,), {"C-000": "2.00"}),
        ("delete from price_list_prices where shop_id = $1 and sku = 'C-000'",
         (shop.shop_id,), {"C-000": "5.00"}),
        ("delete from products where shop_id = $1 and sku = 'C-002'",
         (shop.shop_id,), {"C-002": None}),
    ]  # fmt: skip
    for sql, args, expected in steps:
        async with pool.acquire() as conn:
            await conn.execute(sql, *args)
        answer = await _prices(pool, shop.shop_id, asked, cache, terms)
        for sku, price in expected.items():
            assert answer.get(sku) == price, (sql, answer)

    # Another shop's writes leave this shop's version (and its held rows) alone.
    version = cache.version((shop.shop_id, list_id))
    await _products(pool, other_shop.shop_id, 2)
    await _prices(pool, shop.shop_id, asked, cache, terms)
    assert cache.version((shop.shop_id, list_id)) == version


def _row(sku: str) -> CatalogueRow:
    return CatalogueRow(sku, sku, Decimal(1), "EUR", ())


def test_the_cache_keeps_at_most_its_bound_and_never_an_older_version() -> None:
    shop, other = UUID(int=1), UUID(int=2)
    cache = CatalogueCache(max_rows=5)
    cache.store((shop, None), 3, ["a", "b", "c"], [_row("a"), _row("b")], complete=True)
    assert cache.split((shop, None), ["a", "c", "d"]) == ({"a": _row("a"), "c": None}, ["d"])
    cache.store((other, None), 1, ["x", "y", "z"], [_row("x")], complete=True)
    assert cache.rows <= 5
    assert cache.version((shop, None)) == -1  # the least recently used key went first
    # A partial read at a version not held is not kept; an older version drops what is held.
    cache.store((shop, None), 4, ["a"], [_row("a")], complete=False)
    assert cache.version((shop, None)) == -1
    cache.store((other, None), 0, ["x"], [_row("x")], complete=True)
    assert cache.version((other, None)) == -1 and cache.rows == 0
    # One key larger than the bound keeps its newest rows.
    many = [str(i) for i in range(8)]
    cache.store((shop, None), 5, many, [_row(s) for s in many], complete=True)
    assert cache.rows == 5
    assert cache.split((shop, None), many)[1] == many[:3]


def _present(item: catalogue.PricedProduct) -> tuple[str, str]:
    return (item.product.sku, str(item.price))


async def _presented(
    pool: asyncpg.Pool,
    shop_id: UUID,
    skus: list[str],
    cache: CatalogueCache,
    terms: PriceTerms = NO_TERMS,
    quantity: int = 1,
) -> list[tuple[str, str]]:
    async with pool.acquire() as conn:
        return await catalogue.prices(conn, shop_id, terms, skus, quantity, cache, present=_present)


async def test_presented_prices_are_reused_per_terms_and_quantity_until_a_change(
    pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    skus = await _products(pool, shop.shop_id, 3)
    cache = CatalogueCache()
    first = await _presented(pool, shop.shop_id, skus, cache)
    assert first == [(s, "5.00") for s in skus]
    again = await _presented(pool, shop.shop_id, list(reversed(skus)), cache)
    assert [a is b for a, b in zip(again, reversed(first), strict=True)] == [True] * 3
    # Other terms or another quantity derive their own values (a group discount of 10%).
    discounted = PriceTerms(Decimal(10), None, None)
    assert await _presented(pool, shop.shop_id, skus[:1], cache, discounted) == [(skus[0], "4.50")]
    assert (await _presented(pool, shop.shop_id, skus[:1], cache, quantity=5))[0] is not first[0]
    # A catalogue write drops every derived value with the rows.
    async with pool.acquire() as conn:
        await conn.execute(
            "update products set price = 6 where shop_id = $1 and sku = $2", shop.shop_id, skus[1]
        )
    assert await _presented(pool, shop.shop_id, skus, cache) == [
        (skus[0], "5.00"),
        (skus[1], "6.00"),
        (skus[2], "5.00"),
    ]
    assert await _presented(pool, shop.shop_id, skus, cache, discounted) == [
        (skus[0], "4.50"),
        (skus[1], "5.40"),
        (skus[2], "4.50"),
    ]


def test_derived_values_are_bounded_and_die_with_their_rows() -> None:
    shop = UUID(int=1)
    key = (shop, None)
    cache = CatalogueCache(max_rows=4)
    cache.store(key, 1, ["a", "b"], [_row("a"), _row("b")], complete=True)
    assert cache.derived(key, 2, "tag") is None  # not the version held: derive, keep nothing
    for quantity in range(20):  # at most MAX_TAGS tags per key, at most max_rows values in all
        memo = cache.derived(key, 1, ("tag", quantity))
        assert memo is not None
        cache.remember(memo, "a", quantity)
        cache.remember(memo, "b", quantity)
        held = sum(len(m) for m in cache._held[key].derived.values())
        assert held <= cache.max_rows and len(cache._held[key].derived) <= MAX_TAGS
    memo = cache.derived(key, 1, "kept")
    assert memo is not None
    cache.remember(memo, "a", "value")
    assert cache.derived(key, 1, "kept") == {"a": "value"}
    cache.store(key, 2, ["a"], [_row("a")], complete=True)  # a new version: all of it goes
    assert cache.derived(key, 2, "kept") == {}
