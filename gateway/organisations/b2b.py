"""Admin rules for customer groups, price lists and organisations."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from uuid import UUID

import asyncpg

from gateway.db import b2b as db
from gateway.errors import Problem, ProblemError
from gateway.validation import ValidationProblem, normalise_vat_number

CENT = Decimal("0.01")
MAX_PRICE = Decimal("9999999999.99")
ROLES = ("ADMIN", "BUYER")


def _name(raw: str, field: list[str], limit: int, problems: list[Problem]) -> str:
    name = " ".join(raw.split())
    if not 1 <= len(name) <= limit:
        problems.append(Problem("INVALID", field, f"A name has 1 to {limit} characters."))
    return name


def _decimal(raw: Decimal, field: list[str], low: Decimal, high: Decimal) -> Problem | None:
    try:
        value = Decimal(raw)
    except (InvalidOperation, TypeError):
        return Problem("INVALID", field, "Give a number.")
    if not value.is_finite() or not low <= value <= high:
        return Problem("INVALID", field, f"Give a number from {low} to {high}.")
    if value != value.quantize(CENT):
        return Problem("INVALID", field, "Use at most two decimals.")
    return None


def _uuid(raw: str | None, field: list[str], what: str) -> UUID:
    try:
        return UUID(str(raw))
    except ValueError:
        raise ProblemError(Problem("NOT_FOUND", field, f"There is no such {what}.")) from None


async def create_customer_group(
    pool: asyncpg.Pool, shop_id: UUID, name: str, discount_percent: Decimal
) -> db.CustomerGroup:
    problems: list[Problem] = []
    name = _name(name, ["input", "name"], 200, problems)
    bad = _decimal(discount_percent, ["input", "discountPercent"], Decimal(0), Decimal(100))
    if bad:
        problems.append(bad)
    if problems:
        raise ProblemError(*problems)
    async with pool.acquire() as conn:
        group = await db.insert_customer_group(conn, shop_id, name, Decimal(discount_percent))
    if group is None:
        raise ProblemError(Problem("INVALID", ["input", "name"], "A group has this name already."))
    return group


@dataclass(frozen=True)
class PriceEntry:
    sku: str
    price: Decimal


async def create_price_list(
    pool: asyncpg.Pool, shop_id: UUID, name: str, currency: str, prices: list[PriceEntry]
) -> db.PriceList:
    problems: list[Problem] = []
    name = _name(name, ["input", "name"], 200, problems)
    currency = currency.strip().upper()
    if len(currency) != 3 or not currency.isascii() or not currency.isalpha():
        problems.append(Problem("INVALID", ["input", "currency"], "Use an ISO 4217 code."))
    seen: set[str] = set()
    for i, entry in enumerate(prices):
        field = ["input", "prices", str(i)]
        if entry.sku in seen:
            problems.append(Problem("INVALID", [*field, "sku"], "This SKU is listed twice."))
        seen.add(entry.sku)
        bad = _decimal(entry.price, [*field, "price"], Decimal(0), MAX_PRICE)
        if bad:
            problems.append(bad)
    async with pool.acquire() as conn:
        known = await db.known_skus(conn, shop_id, sorted(seen))
        for i, entry in enumerate(prices):
            if entry.sku not in known:
                problems.append(
                    Problem("NOT_FOUND", ["input", "prices", str(i), "sku"], "No such product.")
                )
        if problems:
            raise ProblemError(*problems)
        async with conn.transaction():
            return await db.insert_price_list(
                conn, shop_id, name, currency, [(e.sku, Decimal(e.price)) for e in prices]
            )


async def create_organisation(
    pool: asyncpg.Pool,
    shop_id: UUID,
    name: str,
    vat_number: str | None,
    payment_terms: str | None,
    price_list_id: str | None,
) -> db.Organisation:
    problems: list[Problem] = []
    name = _name(name, ["input", "name"], 300, problems)
    vat = None
    if vat_number and vat_number.strip():
        try:
            vat = normalise_vat_number(vat_number)
        except ValidationProblem as error:
            problems.append(Problem(error.code, ["input", error.field], error.message))
    terms = (payment_terms or "").strip()[:500] or None
    if problems:
        raise ProblemError(*problems)
    async with pool.acquire() as conn:
        list_id = None
        if price_list_id:
            list_id = _uuid(price_list_id, ["input", "priceListId"], "price list")
            if not await db.price_list_exists(conn, shop_id, list_id):
                raise ProblemError(
                    Problem("NOT_FOUND", ["input", "priceListId"], "There is no such price list.")
                )
        org_id = await db.insert_organisation(conn, shop_id, name, vat, terms, list_id)
        return (await db.organisations_by_ids(conn, shop_id, [org_id]))[0]


async def add_member(
    pool: asyncpg.Pool, shop_id: UUID, organisation_id: str, contact_id: str, role: str
) -> db.Organisation:
    org = _uuid(organisation_id, ["organisationId"], "organisation or contact")
    contact = _uuid(contact_id, ["contactId"], "organisation or contact")
    if role not in ROLES:
        raise ValueError("unknown role")
    async with pool.acquire() as conn:
        if not await db.set_membership(conn, shop_id, org, contact, role):
            raise ProblemError(
                Problem("NOT_FOUND", ["contactId"], "There is no such organisation or contact.")
            )
        return (await db.organisations_by_ids(conn, shop_id, [org]))[0]
