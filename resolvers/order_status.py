"""`orderStatus(token)`: one order for whoever holds its link; `Order.statusUrl`."""

from __future__ import annotations

import strawberry

from gateway.order_status.links import order_by_token
from resolvers.context import Context
from resolvers.orders import Order


@strawberry.type
class OrderStatusQuery:
    @strawberry.field(
        description=(
            "The order whose order-status link carries this token (lines, statuses, shipments, "
            "returns); null when the token is unknown. Needs no sign-in."
        )
    )
    async def order_status(self, info: strawberry.Info[Context, None], token: str) -> Order | None:
        ctx = info.context
        async with ctx.connection.acquire() as conn:
            row = await order_by_token(conn, ctx.shop_id, token)
        if row is None:
            return None
        order = Order.from_row(row)
        order._opened_by_status_link = True
        return order
