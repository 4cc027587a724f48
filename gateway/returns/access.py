"""Whose orders a signed-in contact may send back: today their own.

Hook for B2B: an organisation ADMIN may also request returns of its organisation's orders.
Organisation memberships are being rebuilt (issue 9); once orders carry the organisation they
were placed for, extend `returnable_order` with: "or the order's organisation is one the viewer
is ADMIN of" (one more condition in `gateway.db.orders`-style SQL, filtered by shop as always).
Every caller of returns goes through this one function, so that is the only change needed.
"""

from __future__ import annotations

from uuid import UUID

import asyncpg

from gateway.db import orders as orders_db
from gateway.db.orders import Order


async def returnable_order(
    conn: asyncpg.Connection, shop_id: UUID, viewer_id: UUID, order_id: UUID
) -> Order | None:
    """The order if the viewer may request returns for it, else None (as if it did not exist)."""
    return await orders_db.order_of_contact(conn, shop_id, viewer_id, order_id)
