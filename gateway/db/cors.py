"""SQL for the origins browser storefronts may call from."""

from __future__ import annotations

import asyncpg


async def all_allowed_origins(conn: asyncpg.Connection) -> set[str]:
    rows = await conn.fetch("select distinct unnest(cors_origins) as origin from storefronts")
    return {r["origin"] for r in rows}
