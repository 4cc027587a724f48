"""Mails about a return: requested (a receipt), approved, rejected, received, refunded."""

from __future__ import annotations

import asyncpg

from gateway.db.orders import Order
from gateway.db.returns import Return
from gateway.mail.outbox import enqueue
from gateway.shipments.mails import order_mail_params

TEMPLATES = {
    "REQUESTED": "return-requested",
    "APPROVED": "return-approved",
    "REJECTED": "return-rejected",
    "RECEIVED": "return-received",
    "REFUNDED": "return-refunded",
}


async def enqueue_return_mail(conn: asyncpg.Connection, order: Order, ret: Return) -> int:
    params, locale = await order_mail_params(conn, order)
    params |= {
        "return_number": ret.number,
        "lines": "\n".join(f"{line.quantity} x {line.sku}" for line in ret.lines),
        "note": ret.note or "-",
    }
    return await enqueue(
        conn,
        shop_id=order.shop_id,
        to=order.email,
        template=TEMPLATES[ret.status],
        locale=locale,
        params=params,
    )
