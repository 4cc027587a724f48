"""Admin `priceListCreate`: negotiated prices for organisations, with quantity breaks.

A price list is in the shop's currency (another currency is INVALID: the gateway sells in one
currency per shop). Each entry is a unit price for a SKU from `minQuantity` up (default 1); a
SKU may have several breaks, each (SKU, minQuantity) once. Which break applies is decided by
`gateway.pricing.prices.unit_price`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import asyncpg

from gateway.db import b2b as db
from gateway.errors import Problem, ProblemError
from gateway.organisations.b2b import MAX_PRICE, check_decimal, check_name

MAX_ENTRIES = 10_000
MAX_MIN_QUANTITY = 1_000_000


@dataclass(frozen=True)
class PriceEntry:
    sku: str
    price: Decimal
    min_quantity: int = 1


def _check_entries(prices: list[PriceEntry]) -> tuple[set[str], list[Problem]]:
    problems: list[Problem] = []
    if len(prices) > MAX_ENTRIES:
        return set(), [
            Problem("INVALID", ["input", "prices"], f"A list has at most {MAX_ENTRIES:,} prices.")
        ]
    seen: set[tuple[str, int]] = set()
    for i, entry in enumerate(prices):
        field = ["input", "prices", str(i)]
        if not entry.sku or len(entry.sku) > 100:
            problems.append(Problem("INVALID", [*field, "sku"], "Give the product's SKU."))
        if not 1 <= entry.min_quantity <= MAX_MIN_QUANTITY:
            problems.append(
                Problem(
                    "INVALID",
                    [*field, "minQuantity"],
                    f"A minimum quantity is 1 to {MAX_MIN_QUANTITY:,}.",
                )
            )
        elif (entry.sku, entry.min_quantity) in seen:
            problems.append(
                Problem(
                    "INVALID",
                    [*field, "minQuantity"],
                    "This SKU has a price from this quantity already.",
                )
            )
        seen.add((entry.sku, entry.min_quantity))
        bad = check_decimal(entry.price, [*field, "price"], Decimal(0), MAX_PRICE)
        if bad:
            problems.append(bad)
    return {sku for sku, _ in seen}, problems


async def create_price_list(
    pool: asyncpg.Pool, shop_id: UUID, name: str, currency: str, prices: list[PriceEntry]
) -> db.PriceList:
    problems: list[Problem] = []
    name = check_name(name, ["input", "name"], 200, problems)
    currency = currency.strip().upper()
    skus, found = _check_entries(prices)
    problems += found
    async with pool.acquire() as conn:
        shop_currency = await db.shop_currency(conn, shop_id)
        if currency != shop_currency:
            problems.append(
                Problem(
                    "INVALID",
                    ["input", "currency"],
                    f"This shop sells in {shop_currency}; a price list must be in "
                    f"{shop_currency} too.",
                )
            )
        known = await db.known_skus(conn, shop_id, sorted(skus)) if skus else set()
        for i, entry in enumerate(prices[:MAX_ENTRIES]):
            if entry.sku and entry.sku not in known:
                problems.append(
                    Problem("NOT_FOUND", ["input", "prices", str(i), "sku"], "No such product.")
                )
        if problems:
            raise ProblemError(*problems)
        rows = [(e.sku, e.min_quantity, Decimal(e.price)) for e in prices]
        async with conn.transaction():
            return await db.insert_price_list(conn, shop_id, name, currency, rows)
