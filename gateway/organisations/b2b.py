"""Admin rules for customer groups, and the input checks shared by the B2B admin modules
(`price_lists`, `admin`)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from uuid import UUID

import asyncpg

from gateway.db import b2b as db
from gateway.errors import Problem, ProblemError
from gateway.text import text_fault

CENT = Decimal("0.01")
MAX_PRICE = Decimal("9999999999.99")
ROLES = ("ADMIN", "BUYER")


def check_name(raw: str, field: list[str], limit: int, problems: list[Problem]) -> str:
    name = " ".join(raw.split())
    fault = text_fault(name)
    if fault is not None:
        problems.append(Problem("INVALID", field, fault))
    elif not 1 <= len(name) <= limit:
        problems.append(Problem("INVALID", field, f"A name has 1 to {limit} characters."))
    return name


def check_decimal(raw: Decimal, field: list[str], low: Decimal, high: Decimal) -> Problem | None:
    try:
        value = Decimal(raw)
    except (InvalidOperation, TypeError):
        return Problem("INVALID", field, "Give a number.")
    if not value.is_finite() or not low <= value <= high:
        return Problem("INVALID", field, f"Give a number from {low} to {high}.")
    if value != value.quantize(CENT):
        return Problem("INVALID", field, "Use at most two decimals.")
    return None


def parse_uuid(raw: str | None, field: list[str], what: str) -> UUID:
    try:
        return UUID(str(raw))
    except ValueError:
        raise ProblemError(Problem("NOT_FOUND", field, f"There is no such {what}.")) from None


async def create_customer_group(
    pool: asyncpg.Pool, shop_id: UUID, name: str, discount_percent: Decimal
) -> db.CustomerGroup:
    problems: list[Problem] = []
    name = check_name(name, ["input", "name"], 200, problems)
    bad = check_decimal(discount_percent, ["input", "discountPercent"], Decimal(0), Decimal(100))
    if bad:
        problems.append(bad)
    if problems:
        raise ProblemError(*problems)
    async with pool.acquire() as conn:
        group = await db.insert_customer_group(conn, shop_id, name, Decimal(discount_percent))
    if group is None:
        raise ProblemError(Problem("INVALID", ["input", "name"], "A group has this name already."))
    return group
