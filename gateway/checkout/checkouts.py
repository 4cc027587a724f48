"""Checkouts: made from lines, read at the viewer's prices, owned by one storefront.

Prices are never stored on a checkout: they are worked out when it is read, for whoever is
signed in on that request, and again inside the transaction that completes it (the order keeps
the prices of that moment). An unknown, expired or other storefront's checkout reads as None.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import asyncpg

from gateway.checkout.prefill import fill_from_account
from gateway.db import checkouts as db
from gateway.db.order_writes import NewOrderLine
from gateway.db.shops import Storefront
from gateway.errors import Problem, ProblemError
from gateway.orders.lines import LineRequest, priced_lines, resolve_lines, total_of
from gateway.pricing.prices import pricer_for
from gateway.validation import uuid_or_none


@dataclass(frozen=True)
class PricedCheckout:
    checkout: db.Checkout
    lines: list[NewOrderLine]
    total: Decimal
    currency: str


def parse_checkout_id(raw: str) -> UUID | None:
    return uuid_or_none(raw)


def not_found() -> ProblemError:
    return ProblemError(
        Problem("NOT_FOUND", ["checkoutId"], "There is no open checkout with this id.")
    )


async def price_checkout(
    conn: asyncpg.Connection,
    storefront: Storefront,
    checkout: db.Checkout,
    viewer_id: UUID | None,
    organisation_id: UUID | None = None,
) -> PricedCheckout:
    """The checkout's lines at the prices of the viewer acting for this organisation (three
    queries at most)."""
    rows = await db.lines_with_products(conn, storefront.shop_id, checkout.id)
    resolved = [(LineRequest(r.sku, r.quantity), r.product) for r in rows if r.product is not None]
    skus = [r.sku for r in rows]
    pricer = await pricer_for(conn, storefront.shop_id, viewer_id, skus, organisation_id)
    lines = priced_lines(resolved, pricer)
    return PricedCheckout(checkout, lines, total_of(lines), storefront.currency)


async def create_checkout(
    pool: asyncpg.Pool,
    storefront: Storefront,
    viewer_id: UUID | None,
    lines: list[LineRequest],
    ttl_days: int,
    path: list[str] | None = None,
    organisation_id: UUID | None = None,
) -> PricedCheckout:
    """A new checkout with these lines (known, active SKUs; quantities 1..9,999); a signed-in
    viewer's starts with the account's name, e-mail, phone and default addresses."""
    path = path if path is not None else ["input", "lines"]
    async with pool.acquire() as conn, conn.transaction():
        resolved = await resolve_lines(conn, storefront.shop_id, lines, path)
        checkout = await db.insert_checkout(
            conn,
            storefront.shop_id,
            storefront.id,
            ttl_days,
            [(line.sku, line.quantity) for line, _ in resolved],
        )
        if viewer_id is not None:
            filled = await fill_from_account(conn, storefront, checkout, viewer_id, ttl_days)
            checkout = filled or checkout
        return await price_checkout(conn, storefront, checkout, viewer_id, organisation_id)


async def find_checkout(
    pool: asyncpg.Pool,
    storefront: Storefront,
    raw_id: str,
    viewer_id: UUID | None,
    organisation_id: UUID | None = None,
) -> PricedCheckout | None:
    checkout_id = parse_checkout_id(raw_id)
    if checkout_id is None:
        return None
    async with pool.acquire() as conn:
        checkout = await db.live_checkout(conn, storefront.shop_id, storefront.id, checkout_id)
        if checkout is None:
            return None
        return await price_checkout(conn, storefront, checkout, viewer_id, organisation_id)
