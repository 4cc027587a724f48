"""The order part of the mails sent when an order is placed."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import asyncpg

from gateway.db.order_writes import NewOrderLine
from gateway.db.orders import Order
from gateway.mail.outbox import enqueue


def _amount(amount: Decimal, currency: str) -> str:
    return f"{currency} {amount:.2f}"


def _address(snapshot: dict[str, str] | None) -> str:
    if not snapshot:
        return "-"
    return "\n".join(
        [
            snapshot["name"],
            snapshot["street"],
            " ".join(
                v
                for v in (snapshot["postalCode"], snapshot["city"], snapshot.get("countryArea"))
                if v
            ),
            snapshot["country"],
        ]
    )


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
) -> int:
    params = order_params(order, lines, shop_name)
    if link is not None:
        params["link"] = link
    return await enqueue(
        conn, shop_id=shop_id, to=order.email, template=template, locale=locale, params=params
    )
