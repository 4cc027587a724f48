"""Product rules: validation of admin input."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from uuid import UUID

import asyncpg

from gateway.db import products as db
from gateway.db import shops as shops_db
from gateway.errors import Problem, ProblemError

MAX_PRICE = Decimal("9999999999.99")


def _money(value: Decimal | str, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ProblemError(Problem("INVALID", [field], "Give the price as a number.")) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_PRICE:
        raise ProblemError(
            Problem("INVALID", [field], "The price must be between 0 and 9999999999.99.")
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise ProblemError(Problem("INVALID", [field], "The price can have at most two decimals."))
    return amount.quantize(Decimal("0.01"))


async def upsert_product(
    pool: asyncpg.Pool,
    shop_id: UUID,
    sku: str,
    name: str,
    price: Decimal | str,
    currency: str | None,
    active: bool = True,
    vat_rate: Decimal | None = None,
) -> db.Product:
    async with pool.acquire() as conn:
        shop_currency = await shops_db.currency(conn, shop_id)
    sku = sku.strip()
    name = name.strip()
    problems: list[Problem] = []
    if not sku or len(sku) > 100:
        problems.append(Problem("INVALID", ["input", "sku"], "A SKU has 1 to 100 characters."))
    if not name or len(name) > 300:
        problems.append(Problem("INVALID", ["input", "name"], "A name has 1 to 300 characters."))
    currency = (currency or shop_currency).strip().upper()
    if currency != shop_currency:
        problems.append(
            Problem(
                "INVALID",
                ["input", "currency"],
                f"This shop sells in {shop_currency}; use price lists for other currencies.",
            )
        )
    try:
        amount = _money(price, "price")
    except ProblemError as error:
        problems.extend(
            Problem(p.code, ["input", *(p.field or [])], p.message) for p in error.problems
        )
        amount = Decimal(0)
    if vat_rate is not None and (
        not Decimal(vat_rate).is_finite()
        or not 0 <= vat_rate <= 100
        or vat_rate != Decimal(vat_rate).quantize(Decimal("0.01"))
    ):
        problems.append(
            Problem("INVALID", ["input", "vatRate"], "A VAT rate is 0 to 100, two decimals.")
        )
    if problems:
        raise ProblemError(*problems)
    async with pool.acquire() as conn:
        return await db.upsert(conn, shop_id, sku, name, amount, currency, active, vat_rate)
