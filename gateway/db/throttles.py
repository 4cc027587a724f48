"""SQL for throttle counters: growing-delay counters (failed passwords) and fixed windows."""

from __future__ import annotations

import math
from datetime import timedelta
from uuid import UUID

import asyncpg

# The attempt with number n (n >= free) blocks the key for 2 ** (n - free) seconds, capped.
_NEXT_COUNT = "case when t.updated_at < now() - $5::interval then 1 else t.count + 1 end"


async def count_attempt(
    conn: asyncpg.Connection,
    shop_id: UUID,
    key: str,
    free: int,
    max_delay_seconds: int,
    forget_after: timedelta,
) -> int | None:
    """Count one attempt unless the key is blocked; return seconds to wait when it is.

    The row lock of the upsert serialises concurrent attempts, so of many parallel guesses
    only those counted before the block was set get through.
    """
    row = await conn.fetchrow(
        f"""insert into throttle_counters as t (shop_id, key, count, blocked_until)
            values ($1, $2, 1, case when 1 >= $3 then now() + make_interval(secs => 1) end)
            on conflict (shop_id, key) do update set
                count = {_NEXT_COUNT},
                blocked_until = case when {_NEXT_COUNT} >= $3
                    then now() + make_interval(
                        secs => least(power(2, {_NEXT_COUNT} - $3), $4)::double precision)
                    end,
                updated_at = now()
            where t.blocked_until is null or t.blocked_until <= now()
            returning count""",
        shop_id,
        key,
        free,
        max_delay_seconds,
        forget_after,
    )
    if row is not None:
        return None
    wait = await conn.fetchval(
        """select extract(epoch from blocked_until - now()) from throttle_counters
           where shop_id = $1 and key = $2""",
        shop_id,
        key,
    )
    return max(1, math.ceil(float(wait or 1)))


async def forget(conn: asyncpg.Connection, shop_id: UUID, key: str) -> None:
    await conn.execute(
        "delete from throttle_counters where shop_id = $1 and key = $2", shop_id, key
    )


async def uncount(conn: asyncpg.Connection, shop_id: UUID, key: str, free: int) -> None:
    """Take back one counted attempt (it succeeded); lift the block when below the threshold."""
    await conn.execute(
        """update throttle_counters set count = greatest(count - 1, 0),
               blocked_until = case when count - 1 >= $3 then blocked_until end
           where shop_id = $1 and key = $2""",
        shop_id,
        key,
        free,
    )


async def hit_window(
    conn: asyncpg.Connection, shop_id: UUID, key: str, limit: int, window: timedelta
) -> int | None:
    """Count a hit in a fixed window; return seconds until the window ends when over `limit`."""
    row = await conn.fetchrow(
        """insert into throttle_counters as t (shop_id, key, count) values ($1, $2, 1)
           on conflict (shop_id, key) do update set
               count = case when t.window_start <= now() - $3::interval then 1
                            else t.count + 1 end,
               window_start = case when t.window_start <= now() - $3::interval then now()
                                   else t.window_start end,
               updated_at = now()
           returning count, extract(epoch from window_start + $3::interval - now()) as wait""",
        shop_id,
        key,
        window,
    )
    if row["count"] <= limit:
        return None
    return max(1, math.ceil(float(row["wait"])))


async def prune(conn: asyncpg.Connection, older_than: timedelta) -> int:
    """Drop counters nobody touched for a while (not tenant data: gateway housekeeping)."""
    result = await conn.execute(
        """delete from throttle_counters where updated_at < now() - $1::interval
           and (blocked_until is null or blocked_until < now())""",
        older_than,
    )
    return int(result.split()[-1])
