"""SQL for an organisation's orders: all of them (its ADMINs, the merchant) or one member's."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import asyncpg

from gateway.db.orders import ORDER_COLUMNS, Order, order_from_row

# A page key: organisation, only this contact's orders (None: everyone's), rows wanted
# (page size + 1), and the position to start after.
OrgPageKey = tuple[UUID, UUID | None, int, datetime | None, str | None]


async def order_pages(
    conn: asyncpg.Connection, shop_id: UUID, keys: list[OrgPageKey]
) -> list[list[Order]]:
    """For each key, the organisation's orders newest first (placed_at desc, id desc)."""
    rows = await conn.fetch(
        f"""select k.n, o.* from unnest($2::uuid[], $3::uuid[], $4::int[], $5::timestamptz[],
                                         $6::text[])
                with ordinality as k(organisation_id, contact_id, lim, after_at, after_key, n)
            cross join lateral (
                select {ORDER_COLUMNS} from orders
                where shop_id = $1 and organisation_id = k.organisation_id
                  and (k.contact_id is null or contact_id = k.contact_id)
                  and (placed_at, id) < (coalesce(k.after_at, 'infinity'::timestamptz),
                       coalesce(k.after_key::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
                order by placed_at desc, id desc limit k.lim
            ) o
            order by k.n, o.placed_at desc, o.id desc""",
        shop_id,
        *[[k[i] for k in keys] for i in range(5)],
    )
    out: list[list[Order]] = [[] for _ in keys]
    for row in rows:
        out[row["n"] - 1].append(order_from_row(row))
    return out
