"""Admin orders from elsewhere: `orderCreate` and `orderUpdate`."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from gateway.errors import ProblemError
from gateway.orders.address_snapshot import AddressData
from gateway.orders.admin import OrderChanges, OrderRequest, create_order, update_order
from gateway.orders.lines import LineRequest
from resolvers.addresses import AddressInput
from resolvers.admin_contacts import given
from resolvers.context import Context
from resolvers.errors import UserError, user_errors
from resolvers.orders import FulfilmentStatus, Order, PaymentStatus


@strawberry.input
class OrderLineInput:
    sku: str
    quantity: int
    unit_price: Decimal | None = strawberry.field(
        default=None, description="The price agreed elsewhere; left out: the contact's price."
    )


@strawberry.input
class OrderCreateInput:
    contact_id: strawberry.ID
    lines: list[OrderLineInput]
    shipping_method: str | None = None
    shipping_address: AddressInput | None = None
    billing_address: AddressInput | None = None
    payment_method: str | None = None
    placed_at: datetime | None = None
    email: str | None = strawberry.field(default=None, description="Left out: the contact's.")
    full_name: str | None = None
    organisation_id: strawberry.ID | None = strawberry.field(
        default=None, description="Placed for this organisation of the contact (its prices)."
    )


@strawberry.input(description="Fields left out are kept; null clears the date and the URL.")
class OrderUpdateInput:
    payment_status: PaymentStatus | None = None
    fulfilment_status: FulfilmentStatus | None = None
    amount_paid: Decimal | None = None
    expected_delivery_date: strawberry.Maybe[date | None]
    tracking_url: strawberry.Maybe[str | None]


@strawberry.type
class OrderPayload:
    order: Order | None
    errors: list[UserError]


def _address(value: AddressInput | None) -> AddressData | None:
    return value.to_data() if value is not None else None


@strawberry.type
class AdminOrdersMutation:
    @strawberry.mutation(description="Record an order placed elsewhere (shop system, marketplace).")
    async def order_create(
        self, info: strawberry.Info[Context, None], input: OrderCreateInput
    ) -> OrderPayload:
        ctx = info.context
        request = OrderRequest(
            contact_id=input.contact_id,
            lines=[LineRequest(li.sku, li.quantity, li.unit_price) for li in input.lines],
            shipping_method=input.shipping_method,
            payment_method=input.payment_method,
            shipping_address=_address(input.shipping_address),
            billing_address=_address(input.billing_address),
            placed_at=input.placed_at,
            email=input.email,
            full_name=input.full_name,
            organisation_id=None if input.organisation_id is None else str(input.organisation_id),
        )
        try:
            row = await create_order(ctx.pool, ctx.shop_id, request)
        except ProblemError as error:
            return OrderPayload(order=None, errors=user_errors(error))
        return OrderPayload(order=Order.from_row(row), errors=[])

    @strawberry.mutation(description="Record payment and fulfilment progress of an order.")
    async def order_update(
        self, info: strawberry.Info[Context, None], id: strawberry.ID, input: OrderUpdateInput
    ) -> OrderPayload:
        ctx = info.context
        changes = OrderChanges(
            payment_status=input.payment_status.value if input.payment_status else None,
            fulfilment_status=input.fulfilment_status.value if input.fulfilment_status else None,
            amount_paid=input.amount_paid,
            expected_delivery_date=given(input.expected_delivery_date),
            tracking_url=given(input.tracking_url),
        )
        try:
            row = await update_order(ctx.pool, ctx.shop_id, id, changes)
        except ProblemError as error:
            return OrderPayload(order=None, errors=user_errors(error))
        return OrderPayload(order=Order.from_row(row), errors=[])
