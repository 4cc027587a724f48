"""The order part of the mails sent when an order is placed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from gateway.db.order_writes import NewOrderLine
from gateway.db.orders import Order
from gateway.mail.outbox import enqueue


def _amount(amount: Decimal, currency: str) -> str:
    return f"{currency} {amount:.2f}"


def _address(snapshot: Any) -> str:
    """The address as mail text; a stored snapshot missing parts (or not an object, e.g. a
    hand-written row) prints the parts it has."""
    if not isinstance(snapshot, dict) or not snapshot:
        return "-"
    part = {k: v for k, v in snapshot.items() if isinstance(v, str) and v}
    place = " ".join(part[k] for k in ("postalCode", "city", "countryArea") if k in part)
    lines = [part.get("name"), part.get("street"), place, part.get("country")]
    return "\n".join(line for line in lines if line) or "-"


def order_params(order: Order, lines: list[NewOrderLine], shop_name: str) -> dict[str, str]:
    """Template parameters describing the order: $number $lines $total $address $shop ..."""
    return {
        "shop": shop_name,
        "name": order.full_name or order.email,
        "number": order.number,
        "lines": "\n".join(
            f"{line.quantity} x {line.name} ({line.sku}): {_amount(line.total, order.currency)}"
            for line in lines
        ),
        "total": _amount(order.total, order.currency),
        "address": _address(order.shipping_address),
        "shipping_method": order.shipping_method or "-",
        "payment_method": order.payment_method or "-",
    }


async def enqueue_order_mail(
    conn: asyncpg.Connection,
    shop_id: UUID,
    *,
    template: str,
    locale: str,
    order: Order,
    lines: list[NewOrderLine],
    shop_name: str,
    link: str | None = None,
    status_link: str = "",
) -> int:
    params = order_params(order, lines, shop_name)
    params["status_link"] = status_link  # <accountUrl>/order-status?token=...
    if link is not None:
        params["link"] = link
    return await enqueue(
        conn, shop_id=shop_id, to=order.email, template=template, locale=locale, params=params
    )
