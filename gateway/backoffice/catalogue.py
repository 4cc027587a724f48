"""Changing products from the back office: update, deactivate, delete (only if never ordered).

A deactivated product stays for the orders that name it, is not sold (checkout, reorder and
`product` leave it out) and can be activated again. Deleting is for mistakes: a product that any
order line names is kept and the answer is CONFLICT (deactivate it instead).
"""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import asyncpg

from gateway.catalogue.products import _money
from gateway.db import admin_writes as db
from gateway.db.products import Product
from gateway.errors import Problem, ProblemError


def _not_found(sku: str) -> ProblemError:
    return ProblemError(Problem("NOT_FOUND", ["sku"], f"There is no product {sku!r}."))


async def update_product(
    pool: asyncpg.Pool,
    shop_id: UUID,
    sku: str,
    name: str | None = None,
    price: Decimal | str | None = None,
    active: bool | None = None,
) -> Product:
    """Change the fields given (None keeps one)."""
    sku = sku.strip()
    problems: list[Problem] = []
    if name is not None:
        name = name.strip()
        if not name or len(name) > 300:
            problems.append(
                Problem("INVALID", ["input", "name"], "A name has 1 to 300 characters.")
            )
    amount = None
    if price is not None:
        try:
            amount = _money(price, "price")
        except ProblemError as error:
            problems += [Problem(p.code, ["input", "price"], p.message) for p in error.problems]
    if problems:
        raise ProblemError(*problems)
    if not sku or len(sku) > 100:
        raise _not_found(sku)
    async with pool.acquire() as conn:
        row = await db.update_product(conn, shop_id, sku, name, amount, active)
    if row is None:
        raise _not_found(sku)
    return row


async def delete_product(pool: asyncpg.Pool, shop_id: UUID, sku: str) -> None:
    sku = sku.strip()
    if not sku or len(sku) > 100:
        raise _not_found(sku)
    async with pool.acquire() as conn, conn.transaction():
        outcome = await db.delete_unordered_product(conn, shop_id, sku)
    if outcome == "missing":
        raise _not_found(sku)
    if outcome == "ordered":
        raise ProblemError(
            Problem(
                "CONFLICT",
                ["sku"],
                "Orders name this product, so it is kept; deactivate it to stop selling it.",
            )
        )
