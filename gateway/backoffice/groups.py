"""Customer groups and price lists from the back office: change and delete.

Deleting a customer group leaves its members as ordinary customers (no discount). A price list
that organisations still use is kept (CONFLICT): taking negotiated prices away from a business
customer should be a decision about that customer, not a side effect.
"""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import asyncpg

from gateway.db import admin_writes as db
from gateway.db.b2b import CustomerGroup, PriceList
from gateway.errors import Problem, ProblemError
from gateway.organisations.b2b import check_decimal, check_name


def _id(raw: str, what: str) -> UUID:
    try:
        return UUID(str(raw))
    except ValueError:
        raise ProblemError(Problem("NOT_FOUND", ["id"], f"There is no such {what}.")) from None


async def update_customer_group(
    pool: asyncpg.Pool,
    shop_id: UUID,
    group_id: str,
    name: str | None,
    discount_percent: Decimal | None,
) -> CustomerGroup:
    problems: list[Problem] = []
    if name is not None:
        name = check_name(name, ["input", "name"], 200, problems)
    if discount_percent is not None:
        bad = check_decimal(
            discount_percent, ["input", "discountPercent"], Decimal(0), Decimal(100)
        )
        if bad:
            problems.append(bad)
    if problems:
        raise ProblemError(*problems)
    key = _id(group_id, "customer group")
    try:
        async with pool.acquire() as conn:
            group = await db.update_customer_group(conn, shop_id, key, name, discount_percent)
    except asyncpg.UniqueViolationError:
        raise ProblemError(
            Problem("CONFLICT", ["input", "name"], "Another group has this name.")
        ) from None
    if group is None:
        raise ProblemError(Problem("NOT_FOUND", ["id"], "There is no such customer group."))
    return group


async def delete_customer_group(pool: asyncpg.Pool, shop_id: UUID, group_id: str) -> None:
    key = _id(group_id, "customer group")
    async with pool.acquire() as conn:
        if not await db.delete_customer_group(conn, shop_id, key):
            raise ProblemError(Problem("NOT_FOUND", ["id"], "There is no such customer group."))


async def rename_price_list(
    pool: asyncpg.Pool, shop_id: UUID, price_list_id: str, name: str
) -> PriceList:
    problems: list[Problem] = []
    name = check_name(name, ["input", "name"], 200, problems)
    if problems:
        raise ProblemError(*problems)
    key = _id(price_list_id, "price list")
    async with pool.acquire() as conn:
        found = await db.rename_price_list(conn, shop_id, key, name)
    if found is None:
        raise ProblemError(Problem("NOT_FOUND", ["id"], "There is no such price list."))
    return found


async def delete_price_list(pool: asyncpg.Pool, shop_id: UUID, price_list_id: str) -> None:
    key = _id(price_list_id, "price list")
    async with pool.acquire() as conn, conn.transaction():
        outcome = await db.delete_unused_price_list(conn, shop_id, key)
    if outcome == "missing":
        raise ProblemError(Problem("NOT_FOUND", ["id"], "There is no such price list."))
    if outcome != "deleted":
        raise ProblemError(
            Problem(
                "CONFLICT",
                ["id"],
                f"{outcome} organisation(s) use this price list; give them another one first.",
            )
        )
