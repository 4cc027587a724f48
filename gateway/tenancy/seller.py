"""The seller on a shop's invoices (EU VAT directive art. 226): legal name, address, VAT number,
and the VAT rate for products without their own. Set with the admin `sellerUpdate`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

import asyncpg

from gateway.db import seller as db
from gateway.errors import Problem, ProblemError
from gateway.updates import KEEP
from gateway.validation import ValidationProblem, normalise_vat_number

MAX_ADDRESS = 500


@dataclass(frozen=True)
class SellerChanges:
    """KEEP leaves a field; None clears the address or VAT number (or the legal name)."""

    name: Any = KEEP
    address: Any = KEEP
    vat_number: Any = KEEP
    vat_rate: Any = KEEP
    prices_include_vat: Any = KEEP


def _check(changes: SellerChanges) -> dict[str, Any]:
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    if changes.name is not KEEP:
        name = " ".join((changes.name or "").split())
        if changes.name is not None and not 1 <= len(name) <= 300:
            problems.append(
                Problem("INVALID", ["input", "name"], "A name has 1 to 300 characters.")
            )
        out["legal_name"] = name or None
    if changes.address is not KEEP:
        lines = [" ".join(line.split()) for line in (changes.address or "").splitlines()]
        address = "\n".join(line for line in lines if line)
        if len(address) > MAX_ADDRESS:
            problems.append(
                Problem("INVALID", ["input", "address"], f"At most {MAX_ADDRESS} characters.")
            )
        out["address"] = address or None
    if changes.vat_number is not KEEP:
        out["vat_number"] = None
        if changes.vat_number and changes.vat_number.strip():
            try:
                out["vat_number"] = normalise_vat_number(changes.vat_number)
            except ValidationProblem as error:
                problems.append(Problem(error.code, ["input", error.field], error.message))
    if changes.vat_rate is not KEEP:
        try:
            rate = Decimal(str(changes.vat_rate))
            valid = rate.is_finite() and 0 <= rate <= 100 and rate == rate.quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            valid = False
        if changes.vat_rate is None or not valid:
            problems.append(
                Problem("INVALID", ["input", "vatRate"], "A rate from 0 to 100, two decimals.")
            )
        else:
            out["vat_rate"] = rate
    if changes.prices_include_vat not in (KEEP, None):
        out["prices_include_vat"] = bool(changes.prices_include_vat)
    if problems:
        raise ProblemError(*problems)
    return out


async def update_seller(pool: asyncpg.Pool, shop_id: UUID, changes: SellerChanges) -> db.Seller:
    values = _check(changes)
    async with pool.acquire() as conn:
        return await db.update_seller(conn, shop_id, values)


async def get_seller(pool: asyncpg.Pool, shop_id: UUID) -> db.Seller:
    async with pool.acquire() as conn:
        return await db.seller(conn, shop_id)
