"""`reorder(orderId)`: a new checkout with the order's lines at today's prices."""

from __future__ import annotations

import strawberry

from gateway.checkout.reorder import reorder
from gateway.errors import ProblemError
from resolvers.checkout import Checkout, CheckoutPayload
from resolvers.context import Context
from resolvers.errors import user_errors


@strawberry.type
class ReorderMutation:
    @strawberry.mutation(
        description="Order the same again: lines no longer available are left out and listed "
        "in errors (code UNAVAILABLE) next to the new checkout."
    )
    async def reorder(
        self, info: strawberry.Info[Context, None], order_id: strawberry.ID
    ) -> CheckoutPayload:
        ctx = info.context
        viewer = await ctx.require_viewer()
        try:
            result = await reorder(
                ctx.pool,
                ctx.require_storefront(),
                viewer.id,
                str(order_id),
                ctx.settings.checkout_ttl_days,
                organisation_id=ctx.viewer_organisation_id,
            )
        except ProblemError as error:
            return CheckoutPayload(checkout=None, errors=user_errors(error))
        return CheckoutPayload(
            checkout=Checkout.from_priced(result.checkout), errors=user_errors(result.left_out)
        )
