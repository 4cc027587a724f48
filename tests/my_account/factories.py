"""Small factories for account tests: customers with sessions, products, orders, mails."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg
from argon2 import PasswordHasher

from gateway.accounts.sessions import create_session
from gateway.db import products as products_db

_hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
_TOKEN = re.compile(r"token=([A-Za-z0-9_-]{32,})")


@dataclass(frozen=True)
class Customer:
    id: UUID
    email: str
    token: str


async def customer(
    pool: asyncpg.Pool,
    shop_id: UUID,
    email: str = "ann@example.com",
    name: str = "Ann Example",
    password: str | None = None,
) -> Customer:
    """A registered, confirmed contact signed in with a fresh session."""
    async with pool.acquire() as conn:
        contact_id = await conn.fetchval(
            """insert into contacts (shop_id, email, full_name, is_guest, email_confirmed_at,
                                     password_hash)
               values ($1, $2, $3, false, now(), $4) returning id""",
            shop_id,
            email,
            name,
            _hasher.hash(password) if password else None,
        )
        session = await create_session(conn, shop_id, contact_id, ttl_days=30)
    return Customer(contact_id, email, session.token)


async def product(pool: asyncpg.Pool, shop_id: UUID, sku: str, price: str = "10.00") -> None:
    async with pool.acquire() as conn:
        await products_db.upsert(conn, shop_id, sku, f"Product {sku}", Decimal(price), "EUR")


async def order(
    pool: asyncpg.Pool,
    shop_id: UUID,
    contact_id: UUID | None,
    number: str,
    placed_at: datetime | None = None,
    lines: list[tuple[str, int, str]] | None = None,
    **columns: Any,
) -> UUID:
    """An order with lines (sku, quantity, unit price); total is their sum."""
    lines = lines if lines is not None else [("TEA", 2, "5.00")]
    total = sum((Decimal(p) * q for _, q, p in lines), Decimal(0))
    values = {
        "email": "ann@example.com",
        "full_name": "Ann Example",
        "shipping_method": "PostNL",
        "payment_method": "iDEAL",
        "shipping_address": {
            "name": "Ann Example",
            "street": "Dorpsstraat 5",
            "postalCode": "1234 AB",
            "city": "Utrecht",
            "country": "NL",
        },
        **columns,
    }
    names = ", ".join(values)
    params = ", ".join(f"${i + 7}" for i in range(len(values)))
    async with pool.acquire() as conn, conn.transaction():
        order_id = await conn.fetchval(
            f"""insert into orders (shop_id, number, contact_id, placed_at, currency, total,
                                    {names})
                values ($1, $2, $3, $4, $5, $6, {params}) returning id""",  # noqa: S608 - test column names
            shop_id,
            number,
            contact_id,
            placed_at or datetime.now(UTC),
            "EUR",
            total,
            *values.values(),
        )
        await conn.executemany(
            """insert into order_lines (shop_id, order_id, position, sku, name, quantity,
                                        unit_price, total)
               values ($1, $2, $3, $4, $5, $6, $7, $8)""",
            [
                (shop_id, order_id, i, sku, f"Product {sku}", q, Decimal(p), Decimal(p) * q)
                for i, (sku, q, p) in enumerate(lines, 1)
            ],
        )
    return order_id


async def mails(pool: asyncpg.Pool, to: str | None = None) -> list[asyncpg.Record]:
    rows = await pool.fetch("select * from mail_outbox order by id")
    return [r for r in rows if to is None or r["to_address"] == to]


def token_in(mail: asyncpg.Record) -> str:
    found = _TOKEN.search(mail["text_body"])
    assert found, mail["text_body"]
    return found.group(1)
