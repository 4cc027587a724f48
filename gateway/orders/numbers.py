"""Order numbers: per shop, consecutive without gaps, "1001", "1002", ...

The number comes from the shop's "order" counter, a row locked by the placing transaction: an
order that is rolled back gives its number back, so numbers stay consecutive under concurrency.
"""

from __future__ import annotations

from uuid import UUID

import asyncpg

from gateway.db.shops import next_counter

FIRST_NUMBER = 1001


async def next_order_number(conn: asyncpg.Connection, shop_id: UUID) -> str:
    """Call inside the transaction that inserts the order."""
    return str(FIRST_NUMBER - 1 + await next_counter(conn, shop_id, "order"))
