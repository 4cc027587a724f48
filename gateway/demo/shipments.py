"""Demo seed step: an order of Anna's shipped in two parcels (one line still open) and a
return of a damaged item, approved by the merchant. Runs through the same domain code as the
API, so numbers, statuses and outbox mails are real."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import asyncpg

from gateway.db.shops import storefront_by_id
from gateway.demo.contacts import ANNA, ANNA_ADDRESS
from gateway.orders.admin import OrderRequest, create_order
from gateway.orders.lines import LineRequest
from gateway.returns.request import ReturnLineRequest, ReturnRequest, request_return
from gateway.returns.update import update_return
from gateway.shipments.record import ShipmentLineRequest, ShipmentRequest, create_shipment

if TYPE_CHECKING:
    from gateway.demo.model import Demo

PARCELS = [
    (8, "PostNL", "3SDEMO0001", [("TEA-EARL-GREY", 4), ("MUG-STONE", 1)]),
    (5, "DHL", "JVGL0DEMO0002", [("MUG-STONE", 1)]),
]


async def seed_shipments_and_returns(pool: asyncpg.Pool, demo: Demo) -> None:
    shop_id = demo.shop.shop_id
    now = datetime.now(UTC)
    anna_id = await pool.fetchval(
        "select id from contacts where shop_id = $1 and email = $2", shop_id, ANNA[0]
    )
    order = await create_order(
        pool,
        shop_id,
        OrderRequest(
            contact_id=str(anna_id),
            lines=[
                LineRequest("TEA-EARL-GREY", 4),
                LineRequest("MUG-STONE", 3),
                LineRequest("FILTER-PAPER-100", 2),
            ],
            shipping_method="PostNL",
            payment_method="iDEAL",
            shipping_address=ANNA_ADDRESS,
            placed_at=now - timedelta(days=9),
        ),
    )
    async with pool.acquire() as conn:
        for days_ago, carrier, code, lines in PARCELS:
            url = f"https://tracking.demo.example/{carrier.lower()}/{code}"
            await create_shipment(
                conn,
                shop_id,
                str(order.id),
                ShipmentRequest(
                    carrier,
                    code,
                    url,
                    [ShipmentLineRequest(sku, n) for sku, n in lines],
                    now - timedelta(days=days_ago),
                ),
            )
        storefront = await storefront_by_id(conn, shop_id, demo.shop.storefront_id)
        assert storefront is not None
        ret = await request_return(
            conn,
            storefront,
            anna_id,
            str(order.id),
            ReturnRequest(
                [ReturnLineRequest("MUG-STONE", 1, "DAMAGED")], "One mug arrived chipped."
            ),
        )
        await update_return(
            conn, shop_id, str(ret.id), "APPROVED", "Send it back with the enclosed label."
        )
