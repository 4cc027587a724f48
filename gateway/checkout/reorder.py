"""Order the same again: a new checkout with an earlier order's lines at today's prices.

Lines whose product is gone or no longer for sale are left out and reported; the rest become
the checkout. Only the signed-in contact's own orders can be reordered: any other id, another
contact's or another shop's, is NOT_FOUND alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import asyncpg

from gateway.checkout.checkouts import PricedCheckout, create_checkout
from gateway.db import orders as orders_db
from gateway.db import products as products_db
from gateway.db.shops import Storefront
from gateway.errors import Problem, ProblemError
from gateway.orders.lines import LineRequest


@dataclass(frozen=True)
class Reorder:
    checkout: PricedCheckout
    left_out: list[Problem]


def _not_found() -> ProblemError:
    return ProblemError(Problem("NOT_FOUND", ["orderId"], "There is no such order."))


async def reorder(
    pool: asyncpg.Pool,
    storefront: Storefront,
    viewer_id: UUID,
    raw_order_id: str,
    ttl_days: int,
    organisation_id: UUID | None = None,
) -> Reorder:
    try:
        order_id = UUID(raw_order_id.strip())
    except ValueError:
        raise _not_found() from None
    async with pool.acquire() as conn:
        order = await orders_db.order_of_contact(conn, storefront.shop_id, viewer_id, order_id)
        if order is None:
            raise _not_found()
        lines = await orders_db.lines_by_order_ids(conn, storefront.shop_id, [order.id])
        products = {
            p.sku: p
            for p in await products_db.by_skus(conn, storefront.shop_id, [li.sku for li in lines])
        }
    keep: list[LineRequest] = []
    left_out: list[Problem] = []
    for index, line in enumerate(lines):
        product = products.get(line.sku)
        if product is None or not product.active:
            left_out.append(
                Problem(
                    "UNAVAILABLE",
                    ["orderId", "lines", str(index)],
                    f"{line.name} ({line.sku}) is no longer available and was left out.",
                )
            )
        else:
            keep.append(LineRequest(line.sku, line.quantity))
    if not keep:
        raise ProblemError(
            *left_out,
            Problem("UNAVAILABLE", ["orderId"], "Nothing from this order is available now."),
        )
    checkout = await create_checkout(
        pool,
        storefront,
        viewer_id,
        keep,
        ttl_days,
        path=["orderId", "lines"],
        organisation_id=organisation_id,
    )
    return Reorder(checkout, left_out)
