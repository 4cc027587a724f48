"""The "shipped" mail: what is in the parcel, the track & trace link, the order-status link."""

from __future__ import annotations

import asyncpg

from gateway.db import order_status as status_db
from gateway.db import shipments as db
from gateway.db.orders import Order
from gateway.mail.outbox import enqueue
from gateway.order_status.links import status_link

SHIPPED = "order-shipped"


async def order_mail_params(conn: asyncpg.Connection, order: Order) -> tuple[dict[str, str], str]:
    """Parameters every mail about an existing order carries ($shop $name $number
    $status_link), and the customer's locale."""
    where = await status_db.mail_context(conn, order.shop_id, order.id)
    link = await status_link(conn, order.shop_id, order.id, where.account_url)
    params = {
        "shop": where.shop_name,
        "name": order.full_name or order.email,
        "number": order.number,
        "status_link": link,
    }
    return params, where.locale


async def enqueue_shipped_mail(
    conn: asyncpg.Connection, order: Order, shipment: db.Shipment, names: dict[str, str]
) -> int:
    """Queue the mail; `names` are the order lines' product names by SKU."""
    params, locale = await order_mail_params(conn, order)
    tracking = shipment.tracking_url or shipment.tracking_number or "-"
    params |= {
        "carrier": shipment.carrier or "-",
        "tracking_number": shipment.tracking_number or "-",
        "tracking": tracking,
        "lines": "\n".join(
            f"{line.quantity} x {names.get(line.sku, line.sku)} ({line.sku})"
            for line in shipment.lines
        ),
    }
    return await enqueue(
        conn, shop_id=order.shop_id, to=order.email, template=SHIPPED, locale=locale, params=params
    )
