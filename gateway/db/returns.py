"""SQL for returns: reserving returnable quantities, numbering, status changes, reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from gateway.db.shipments import LineProgress


@dataclass(frozen=True)
class ReturnLine:
    sku: str
    quantity: int
    reason: str


@dataclass(frozen=True)
class Return:
    id: UUID
    shop_id: UUID
    order_id: UUID
    order_number: str
    number: str
    status: str
    comment: str | None
    note: str | None
    requested_at: datetime
    updated_at: datetime
    lines: tuple[ReturnLine, ...]


@dataclass(frozen=True)
class ReturnPageQuery:
    limit: int
    status: str | None
    after_at: datetime | None
    after_id: UUID | None


_SELECT = """
    select r.id, r.shop_id, r.order_id, o.number as order_number, r.number, r.status,
           r.comment, r.note, r.requested_at, r.updated_at,
           array(select row(l.sku, l.quantity, l.reason) from return_lines l
                 where l.return_id = r.id order by l.position) as lines
    from returns r join orders o on o.id = r.order_id
"""


def _return(row: asyncpg.Record) -> Return:
    data = dict(row.items())
    data["lines"] = tuple(ReturnLine(*line) for line in row["lines"])
    return Return(**data)


async def reserve_returning(
    conn: asyncpg.Connection, shop_id: UUID, line_ids: list[UUID], quantities: list[int]
) -> int:
    """Count these quantities as being returned, each only while shipped minus already being
    returned allows it; returns how many lines took it (fewer than asked: roll back).
    Rows are locked in id order first, so concurrent multi-line requests never deadlock."""
    await conn.execute(
        """select 1 from order_lines where shop_id = $1 and id = any($2::uuid[])
           order by id for update""",
        shop_id,
        line_ids,
    )
    rows = await conn.fetch(
        """update order_lines l set returning_quantity = l.returning_quantity + t.quantity
           from unnest($2::uuid[], $3::int[]) as t(id, quantity)
           where l.shop_id = $1 and l.id = t.id
             and l.returning_quantity + t.quantity <= l.shipped_quantity
           returning l.id""",
        shop_id,
        line_ids,
        quantities,
    )
    return len(rows)


async def release_returning(conn: asyncpg.Connection, shop_id: UUID, return_id: UUID) -> None:
    """A rejected return no longer holds its quantities."""
    await conn.execute(
        """update order_lines l set returning_quantity = l.returning_quantity - rl.quantity
           from return_lines rl
           where rl.return_id = $2 and rl.shop_id = $1 and l.id = rl.order_line_id
             and l.shop_id = $1""",
        shop_id,
        return_id,
    )


async def insert_return(
    conn: asyncpg.Connection,
    shop_id: UUID,
    order_id: UUID,
    requested_by: UUID | None,
    number: str,
    comment: str | None,
    lines: list[tuple[LineProgress, int, str]],
) -> Return:
    return_id = await conn.fetchval(
        """insert into returns (shop_id, order_id, requested_by, number, comment)
           values ($1, $2, $3, $4, $5) returning id""",
        shop_id,
        order_id,
        requested_by,
        number,
        comment,
    )
    await conn.execute(
        """insert into return_lines (return_id, shop_id, order_line_id, position, sku, quantity,
               reason)
           select $1, $2, t.id, t.position, t.sku, t.quantity, t.reason
           from unnest($3::uuid[], $4::int[], $5::text[], $6::int[], $7::text[])
                as t(id, position, sku, quantity, reason)""",
        return_id,
        shop_id,
        [line.id for line, _, _ in lines],
        [line.position for line, _, _ in lines],
        [line.sku for line, _, _ in lines],
        [quantity for _, quantity, _ in lines],
        [reason for _, _, reason in lines],
    )
    found = await return_by_id(conn, shop_id, return_id)
    assert found is not None
    return found


async def change_status(
    conn: asyncpg.Connection,
    shop_id: UUID,
    return_id: UUID,
    status: str,
    from_statuses: list[str],
    note: str | None,
) -> bool:
    """Move the return on only from one of `from_statuses` (two merchants clicking at once:
    one wins); a given note replaces the last one."""
    changed = await conn.fetchval(
        """update returns set status = $3, note = coalesce($5, note), updated_at = now()
           where shop_id = $1 and id = $2 and status = any($4::text[]) returning true""",
        shop_id,
        return_id,
        status,
        from_statuses,
        note,
    )
    return bool(changed)


async def return_by_id(conn: asyncpg.Connection, shop_id: UUID, return_id: UUID) -> Return | None:
    row = await conn.fetchrow(f"{_SELECT} where r.shop_id = $1 and r.id = $2", shop_id, return_id)
    return _return(row) if row else None


async def returns_by_order_ids(
    conn: asyncpg.Connection, shop_id: UUID, order_ids: list[UUID]
) -> list[Return]:
    rows = await conn.fetch(
        f"""{_SELECT} where r.shop_id = $1 and r.order_id = any($2::uuid[])
            order by r.order_id, r.requested_at, r.id""",
        shop_id,
        order_ids,
    )
    return [_return(r) for r in rows]


async def page_of_returns(
    conn: asyncpg.Connection, shop_id: UUID, query: ReturnPageQuery
) -> list[Return]:
    """The shop's returns, newest first, optionally of one status; keyset after a position."""
    rows = await conn.fetch(
        f"""{_SELECT}
            where r.shop_id = $1 and ($2::text is null or r.status = $2)
              and ($3::timestamptz is null or (r.requested_at, r.id) < ($3, $4::uuid))
            order by r.requested_at desc, r.id desc limit $5""",
        shop_id,
        query.status,
        query.after_at,
        query.after_id,
        query.limit,
    )
    return [_return(r) for r in rows]
