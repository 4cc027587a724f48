"""Admin `returns`: the shop's returns, newest first, keyset-paged, optionally by status."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from gateway.db import returns as db
from gateway.errors import Problem, ProblemError
from gateway.pagination import Page, page_request, to_page


async def list_returns(
    pool: asyncpg.Pool,
    shop_id: UUID,
    first: int | None,
    after: str | None,
    status: str | None,
    max_page_size: int,
) -> Page[db.Return]:
    request = page_request(first, after, max_page_size)
    after_id = None
    if request.after is not None:
        try:
            after_id = UUID(request.after.key)
        except ValueError:
            raise ProblemError(Problem("INVALID", ["after"], "This cursor is not valid.")) from None
    query = db.ReturnPageQuery(
        limit=request.first + 1,
        status=status,
        after_at=request.after.at if request.after else None,
        after_id=after_id,
    )
    async with pool.acquire() as conn:
        rows = await db.page_of_returns(conn, shop_id, query)
    return to_page(rows, request, lambda r: (r.requested_at, r.id))


async def find_return(pool: asyncpg.Pool, shop_id: UUID, raw_id: str) -> db.Return | None:
    try:
        return_id = UUID(raw_id.strip())
    except ValueError:
        return None
    async with pool.acquire() as conn:
        return await db.return_by_id(conn, shop_id, return_id)
