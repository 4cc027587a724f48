"""The gateway-wide secrets (order-status links, invoice link signing), read once at start-up.

They live in `gateway_secrets`, a table of no shop: requests run as the row-level security
role `gateway_tenant` (gateway/db/tenant_scope.py), which has no rights on it (migration 0017),
so a hole in one request's SQL cannot read the keys that sign every shop's links. The app's
lifespan reads them here, with no shop bound (the login role), before it serves a request; the
modules that use them keep them in memory.
"""

from __future__ import annotations

import asyncpg

from gateway.invoices.links import signing_key
from gateway.order_status.links import status_key


async def warm_gateway_secrets(pool: asyncpg.Pool) -> None:
    await signing_key(pool)
    async with pool.acquire() as conn:
        await status_key(conn)
