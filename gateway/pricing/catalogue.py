"""The priced catalogue: `prices(skus, quantity)` for an order form, `products(first, after)`.

Both read products and the viewer's price-list breaks in one statement
(`gateway.db.pricing`), and price with `gateway.pricing.prices.unit_price`, the function every
other price in the gateway comes from. The viewer's terms (group discount, the acting
organisation's price list) are read with the session, so a call costs one statement more than
the session itself, whatever the number of SKUs.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple, TypeVar
from uuid import UUID

import asyncpg

from gateway.db import pricing as db
from gateway.db.pricing import Break, CatalogueRow, PriceTerms
from gateway.errors import Problem, ProblemError
from gateway.pricing.catalogue_cache import CatalogueCache
from gateway.pricing.prices import applicable_breaks, unit_price

T = TypeVar("T")
MAX_SKUS = 1_000
MAX_QUANTITY = 1_000_000


class PricedProduct(NamedTuple):
    product: CatalogueRow  # sku, name, base price, currency (what `Product` types read)
    price: Decimal  # the unit price at the asked quantity
    breaks: tuple[Break, ...]  # the viewer's breaks, lowest min_quantity first


def _priced(rows: list[CatalogueRow], terms: PriceTerms, quantity: int) -> list[PricedProduct]:
    return [
        PricedProduct(
            row,
            unit_price(row, terms, row.breaks, quantity),  # type: ignore[arg-type]
            applicable_breaks(row, terms, row.breaks),  # type: ignore[arg-type]
        )
        for row in rows
    ]


def check_request(skus: list[str], quantity: int) -> list[str]:
    """The distinct SKUs asked for, in their order; INVALID for too many or a bad quantity."""
    if len(skus) > MAX_SKUS:
        raise ProblemError(
            Problem("INVALID", ["skus"], f"Ask for at most {MAX_SKUS:,} SKUs at once.")
        )
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ProblemError(
            Problem("INVALID", ["quantity"], f"The quantity is 1 to {MAX_QUANTITY:,}.")
        )
    wanted = dict.fromkeys(map(str.strip, skus))
    wanted.pop("", None)
    return [s for s in wanted if len(s) <= 100]


async def prices(
    conn: asyncpg.Connection,
    shop_id: UUID,
    terms: PriceTerms,
    skus: list[str],
    quantity: int,
    cache: CatalogueCache,
    present: Callable[[PricedProduct], T] | None = None,
) -> list[T]:
    """Unit prices of the active products among these SKUs at this quantity, in the order
    asked; unknown and inactive SKUs are left out. Each is a `PricedProduct`, or what
    `present` (a pure function of it) makes of one.

    One statement: the rows `cache` (the process's, `Services.catalogue`) holds at the shop's
    current catalogue version are not read again (the statement reads the version and only the
    rows not held), and a SKU priced before at that version with the same terms, quantity and
    `present` is not priced or presented again (the cache's derived values)."""
    wanted = check_request(skus, quantity)
    if not wanted:
        return []
    key = (shop_id, terms.price_list_id)
    held_version = cache.version(key)
    known, not_held = cache.split(key, wanted)
    version, found = await db.priced_since(
        conn, shop_id, terms.price_list_id, wanted, held_version, not_held
    )
    complete = version != held_version
    cache.store(key, version, wanted if complete else not_held, found, complete)
    if complete:
        known = {}
    for row in found:
        known[row.sku] = row
    memo = cache.derived(key, version, (terms, quantity, present))
    out: list[Any] = []
    append = out.append
    for sku in wanted:
        value = memo.get(sku) if memo is not None else None
        if value is None:
            row = known.get(sku)
            if row is None:
                continue
            value = PricedProduct(
                row,
                unit_price(row, terms, row.breaks, quantity),  # type: ignore[arg-type]
                applicable_breaks(row, terms, row.breaks),  # type: ignore[arg-type]
            )
            if present is not None:
                value = present(value)
            if memo is not None:
                cache.remember(memo, sku, value)
        append(value)
    return out


def encode_sku_cursor(sku: str) -> str:
    return base64.urlsafe_b64encode(f"sku|{sku}".encode()).decode().rstrip("=")


def decode_sku_cursor(cursor: str) -> str:
    invalid = ProblemError(Problem("INVALID", ["after"], "This cursor is not valid."))
    if len(cursor) > 400:
        raise invalid
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid from None
    kind, _, sku = raw.partition("|")
    if kind != "sku" or not sku:
        raise invalid
    return sku


async def product_page(
    conn: asyncpg.Connection,
    shop_id: UUID,
    terms: PriceTerms,
    first: int,
    after: str | None,
) -> tuple[list[PricedProduct], bool]:
    """Active products by SKU after the cursor, priced for one unit; (page, has next page)."""
    after_sku = decode_sku_cursor(after) if after else None
    rows = await db.priced_page(conn, shop_id, terms.price_list_id, after_sku, first + 1)
    return _priced(rows[:first], terms, 1), len(rows) > first
