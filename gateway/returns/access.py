"""Whose orders a signed-in contact may send back: the one place that decides.

- Their own orders (placed by them, privately or for an organisation).
- While the session acts for an organisation (`setActiveOrganisation`) and the contact is an
  ADMIN of it: that organisation's orders, placed by any member. The ADMIN role is read from
  the memberships at the time of the request (a demoted or removed ADMIN loses it at once).
- Never a colleague's order for a BUYER, nor another organisation's order, nor anything of
  another shop. An order one may not return is reported as not existing (NOT_FOUND).
"""

from __future__ import annotations

from uuid import UUID

import asyncpg

from gateway.db import orders as orders_db
from gateway.db.orders import Order


async def returnable_order(
    conn: asyncpg.Connection,
    shop_id: UUID,
    viewer_id: UUID,
    order_id: UUID,
    acting_organisation_id: UUID | None = None,
) -> Order | None:
    """The order if the viewer may request returns for it, else None (as if it did not exist).

    `acting_organisation_id`: the organisation the viewer's session acts for (None: private)."""
    if acting_organisation_id is None:
        return await orders_db.order_of_contact(conn, shop_id, viewer_id, order_id)
    return await orders_db.order_of_contact_or_admin(
        conn, shop_id, viewer_id, order_id, acting_organisation_id
    )
