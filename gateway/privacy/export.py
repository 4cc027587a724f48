"""exportMyData: everything the gateway holds about a contact, as JSON-ready data."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from gateway.db import privacy as db

FORMAT_VERSION = 1


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part.capitalize() for part in rest)


def plain(value: Any) -> Any:
    """JSON-ready: camelCase keys, ISO dates, decimal strings, string ids."""
    if isinstance(value, dict):
        return {_camel(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


async def export_my_data(pool: asyncpg.Pool, shop_id: UUID, contact_id: UUID) -> dict[str, Any]:
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        rows = await db.export_rows(conn, shop_id, contact_id)
        exported_at = await conn.fetchval("select now()")
    if rows is None:
        return {}
    lines: dict[UUID, list[dict[str, Any]]] = {}
    for line in rows.pop("order_lines"):
        lines.setdefault(line.pop("order_id"), []).append(line)
    for order in rows["orders"]:
        order["lines"] = lines.get(order["id"], [])
    rows["pending_requests"] = rows.pop("tokens")
    return plain({"format_version": FORMAT_VERSION, "exported_at": exported_at, **rows})
