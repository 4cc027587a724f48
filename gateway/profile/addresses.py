"""The address book: validated addresses, the first one the default for shipping and billing."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from gateway.db import address_book as db
from gateway.db.addresses import Address
from gateway.errors import Problem, ProblemError
from gateway.orders.address_snapshot import AddressData, check_address

MAX_ADDRESSES = 50

# One set of address rules for the address book, checkout and admin orders.
AddressValues = AddressData


def _not_found(field: list[str]) -> ProblemError:
    return ProblemError(Problem("NOT_FOUND", field, "There is no such address."))


def validate_address(values: AddressValues) -> dict[str, str]:
    """The address book's columns, or every problem with a field path under `input`."""
    snapshot, problems = check_address(values, ["input"])
    if snapshot is None:
        raise ProblemError(*problems)
    return {
        "name": snapshot["name"],
        "street": snapshot["street"],
        "postal_code": snapshot["postalCode"],
        "city": snapshot["city"],
        "country": snapshot["country"],
        "country_area": snapshot["countryArea"],
    }


def parse_id(raw: str, field: list[str]) -> UUID:
    try:
        return UUID(raw)
    except ValueError:
        raise _not_found(field) from None


async def create_address(
    pool: asyncpg.Pool, shop_id: UUID, contact_id: UUID, values: AddressValues
) -> Address:
    clean = validate_address(values)
    async with pool.acquire() as conn, conn.transaction():
        count = await db.lock_contact(conn, shop_id, contact_id)
        if count is None:
            raise ProblemError(Problem("NOT_FOUND", [], "This account no longer exists."))
        if count >= MAX_ADDRESSES:
            raise ProblemError(
                Problem("INVALID", ["input"], f"Keep at most {MAX_ADDRESSES} addresses.")
            )
        address = await db.insert(conn, shop_id, contact_id, clean)
        await db.fill_defaults(conn, shop_id, contact_id)
    return address


async def update_address(
    pool: asyncpg.Pool, shop_id: UUID, contact_id: UUID, address_id: str, values: AddressValues
) -> Address:
    target = parse_id(address_id, ["id"])
    clean = validate_address(values)
    async with pool.acquire() as conn:
        address = await db.update(conn, shop_id, contact_id, target, clean)
    if address is None:
        raise _not_found(["id"])
    return address


async def delete_address(
    pool: asyncpg.Pool, shop_id: UUID, contact_id: UUID, address_id: str
) -> UUID:
    """Delete it; a default it was passes to the oldest address left."""
    target = parse_id(address_id, ["id"])
    async with pool.acquire() as conn, conn.transaction():
        if await db.lock_contact(conn, shop_id, contact_id) is None:
            raise _not_found(["id"])
        if not await db.delete(conn, shop_id, contact_id, target):
            raise _not_found(["id"])
        await db.fill_defaults(conn, shop_id, contact_id)
    return target


async def set_default_address(
    pool: asyncpg.Pool, shop_id: UUID, contact_id: UUID, address_id: str, kind: str
) -> None:
    target = parse_id(address_id, ["id"])
    async with pool.acquire() as conn:
        if not await db.set_default(conn, shop_id, contact_id, target, kind):
            raise _not_found(["id"])
