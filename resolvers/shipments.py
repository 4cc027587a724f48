"""Shipment types, `Order.shipments`, and the admin `shipmentCreate`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from gateway.db import shipments as db
from gateway.errors import ProblemError
from gateway.shipments.record import ShipmentLineRequest, ShipmentRequest, create_shipment
from gateway.web.plain_subtrees import NOT_PREFETCHED
from loaders.after_order import ShipmentsByOrderLoader
from resolvers.context import Context
from resolvers.errors import UserError, user_errors


@strawberry.type
class ShipmentLine:
    sku: str
    quantity: int


@strawberry.type(description="A parcel: which order lines, how many, and how to track it.")
class Shipment:
    id: strawberry.ID
    carrier: str | None
    tracking_number: str | None
    tracking_url: str | None
    shipped_at: datetime
    lines: list[ShipmentLine]

    @classmethod
    def from_row(cls, row: db.Shipment) -> Shipment:
        return cls(
            id=strawberry.ID(str(row.id)),
            carrier=row.carrier,
            tracking_number=row.tracking_number,
            tracking_url=row.tracking_url,
            shipped_at=row.shipped_at,
            lines=[ShipmentLine(sku=li.sku, quantity=li.quantity) for li in row.lines],
        )


async def order_shipments(root: Any, info: strawberry.Info[Context, None]) -> list[Shipment]:
    """The order's parcels, oldest first."""
    if root._shipments is not NOT_PREFETCHED:
        return root._shipments  # type: ignore[no-any-return]
    rows = await info.context.loaders.get(ShipmentsByOrderLoader).load(root._row.id)
    return [Shipment.from_row(r) for r in rows]


@strawberry.input
class ShipmentLineInput:
    sku: str
    quantity: int


@strawberry.input
class ShipmentInput:
    carrier: str | None = None
    tracking_number: str | None = None
    tracking_url: str | None = strawberry.field(
        default=None, description="The carrier's http(s) track & trace page for this parcel."
    )
    lines: list[ShipmentLineInput] | None = strawberry.field(
        default=None, description="SKUs of the order and quantities; null: all not shipped yet."
    )
    shipped_at: datetime | None = strawberry.field(default=None, description="Default: now.")
    notify_customer: bool = strawberry.field(
        default=True, description="Mail the customer (the tracking and order-status links)."
    )


@strawberry.type
class ShipmentPayload:
    shipment: Shipment | None
    errors: list[UserError]


@strawberry.type
class AdminShipmentMutation:
    @strawberry.mutation(
        description=(
            "Record a parcel of an order. Quantities beyond what is left to ship: INVALID; "
            "unknown order: NOT_FOUND; cancelled order: CONFLICT. The order's "
            "fulfilmentStatus follows (PARTIALLY_SHIPPED, SHIPPED) and the customer is mailed."
        )
    )
    async def shipment_create(
        self, info: strawberry.Info[Context, None], order_id: strawberry.ID, input: ShipmentInput
    ) -> ShipmentPayload:
        ctx = info.context
        request = ShipmentRequest(
            carrier=input.carrier,
            tracking_number=input.tracking_number,
            tracking_url=input.tracking_url,
            lines=None
            if input.lines is None
            else [ShipmentLineRequest(li.sku, li.quantity) for li in input.lines],
            shipped_at=input.shipped_at,
            notify_customer=input.notify_customer,
        )
        try:
            async with ctx.connection.acquire() as conn:
                row = await create_shipment(conn, ctx.shop_id, str(order_id), request)
        except ProblemError as error:
            return ShipmentPayload(shipment=None, errors=user_errors(error))
        return ShipmentPayload(shipment=Shipment.from_row(row), errors=[])
