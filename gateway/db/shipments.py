"""SQL for shipments: recording one (lines and running totals) and reading them per order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg


@dataclass(frozen=True)
class ShipmentLine:
    sku: str
    quantity: int


@dataclass(frozen=True)
class Shipment:
    id: UUID
    shop_id: UUID
    order_id: UUID
    carrier: str | None
    tracking_number: str | None
    tracking_url: str | None
    shipped_at: datetime
    lines: tuple[ShipmentLine, ...]


@dataclass(frozen=True)
class LineProgress:
    """An order line with what has shipped and what is in returns so far."""

    id: UUID
    position: int
    sku: str
    name: str
    quantity: int
    shipped_quantity: int
    returning_quantity: int


_SHIPMENT_SELECT = """
    select s.id, s.shop_id, s.order_id, s.carrier, s.tracking_number, s.tracking_url,
           s.shipped_at,
           coalesce(array_agg(row(l.sku, l.quantity) order by l.position)
                    filter (where l.sku is not null), '{}') as lines
    from shipments s left join shipment_lines l on l.shipment_id = s.id
"""


def _shipment(row: asyncpg.Record) -> Shipment:
    return Shipment(
        id=row["id"],
        shop_id=row["shop_id"],
        order_id=row["order_id"],
        carrier=row["carrier"],
        tracking_number=row["tracking_number"],
        tracking_url=row["tracking_url"],
        shipped_at=row["shipped_at"],
        lines=tuple(ShipmentLine(sku, quantity) for sku, quantity in row["lines"]),
    )


async def line_progress(
    conn: asyncpg.Connection, shop_id: UUID, order_id: UUID
) -> list[LineProgress]:
    rows = await conn.fetch(
        """select id, position, sku, name, quantity, shipped_quantity, returning_quantity
           from order_lines where shop_id = $1 and order_id = $2 order by position""",
        shop_id,
        order_id,
    )
    return [LineProgress(**dict(r.items())) for r in rows]


async def add_shipped(
    conn: asyncpg.Connection, shop_id: UUID, line_ids: list[UUID], quantities: list[int]
) -> int:
    """Add shipped quantities to order lines, each only while it stays within what was ordered;
    returns how many lines took it (fewer than asked: roll back). Rows are locked in id order."""
    await conn.execute(
        """select 1 from order_lines where shop_id = $1 and id = any($2::uuid[])
           order by id for update""",
        shop_id,
        line_ids,
    )
    rows = await conn.fetch(
        """update order_lines l set shipped_quantity = l.shipped_quantity + t.quantity
           from unnest($2::uuid[], $3::int[]) as t(id, quantity)
           where l.shop_id = $1 and l.id = t.id
             and l.shipped_quantity + t.quantity <= l.quantity
           returning l.id""",
        shop_id,
        line_ids,
        quantities,
    )
    return len(rows)


async def insert_shipment(
    conn: asyncpg.Connection,
    shop_id: UUID,
    order_id: UUID,
    carrier: str | None,
    tracking_number: str | None,
    tracking_url: str | None,
    shipped_at: datetime | None,
    lines: list[tuple[LineProgress, int]],
) -> Shipment:
    shipment_id = await conn.fetchval(
        """insert into shipments (shop_id, order_id, carrier, tracking_number, tracking_url,
               shipped_at)
           values ($1, $2, $3, $4, $5, coalesce($6, now())) returning id""",
        shop_id,
        order_id,
        carrier,
        tracking_number,
        tracking_url,
        shipped_at,
    )
    await conn.execute(
        """insert into shipment_lines (shipment_id, shop_id, order_line_id, position, sku, quantity)
           select $1, $2, t.id, t.position, t.sku, t.quantity
           from unnest($3::uuid[], $4::int[], $5::text[], $6::int[])
                as t(id, position, sku, quantity)""",
        shipment_id,
        shop_id,
        [line.id for line, _ in lines],
        [line.position for line, _ in lines],
        [line.sku for line, _ in lines],
        [quantity for _, quantity in lines],
    )
    found = await shipments_by_order_ids(conn, shop_id, [order_id], shipment_id)
    return found[0]


async def follow_shipped_quantities(conn: asyncpg.Connection, shop_id: UUID, order_id: UUID) -> str:
    """Set the order's fulfilment status from its lines (PARTIALLY_SHIPPED or SHIPPED) unless
    the merchant already moved it on (DELIVERED, CANCELLED); returns the status it has."""
    return await conn.fetchval(
        """update orders o set
               fulfilment_status = case
                   when o.fulfilment_status in ('DELIVERED', 'CANCELLED') then o.fulfilment_status
                   when p.open = 0 then 'SHIPPED'
                   when p.shipped > 0 then 'PARTIALLY_SHIPPED'
                   else o.fulfilment_status end,
               updated_at = now()
           from (select count(*) filter (where shipped_quantity < quantity) as open,
                        coalesce(sum(shipped_quantity), 0) as shipped
                 from order_lines where shop_id = $1 and order_id = $2) p
           where o.shop_id = $1 and o.id = $2
           returning o.fulfilment_status""",
        shop_id,
        order_id,
    )


async def shipments_by_order_ids(
    conn: asyncpg.Connection,
    shop_id: UUID,
    order_ids: list[UUID],
    shipment_id: UUID | None = None,
) -> list[Shipment]:
    """Shipments of these orders (oldest first, lines in order-line order); one statement."""
    rows = await conn.fetch(
        f"""{_SHIPMENT_SELECT}
            where s.shop_id = $1 and s.order_id = any($2::uuid[])
              and ($3::uuid is null or s.id = $3)
            group by s.id
            order by s.order_id, s.shipped_at, s.created_at, s.id""",
        shop_id,
        order_ids,
        shipment_id,
    )
    return [_shipment(r) for r in rows]


async def last_shipped_at(conn: asyncpg.Connection, shop_id: UUID, order_id: UUID) -> datetime:
    return await conn.fetchval(
        "select max(shipped_at) from shipments where shop_id = $1 and order_id = $2",
        shop_id,
        order_id,
    )
