"""Return types, `Order.returns`, the storefront `returnRequest`, admin `returnUpdate` and
the admin `returns` connection."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry

from gateway.db import returns as db
from gateway.errors import ProblemError
from gateway.returns.listing import find_return, list_returns
from gateway.returns.request import ReturnLineRequest, ReturnRequest, request_return
from gateway.returns.update import update_return
from gateway.web.plain_subtrees import NOT_PREFETCHED
from loaders.after_order import ReturnsByOrderLoader
from resolvers.context import Context
from resolvers.errors import UserError, user_errors
from resolvers.pagination import PageInfo, query_error, require_viewer_id


@strawberry.enum
class ReturnStatus(Enum):
    REQUESTED = "REQUESTED"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    RECEIVED = "RECEIVED"
    REFUNDED = "REFUNDED"


@strawberry.enum
class ReturnReason(Enum):
    DAMAGED = "DAMAGED"
    WRONG_ITEM = "WRONG_ITEM"
    DOES_NOT_FIT = "DOES_NOT_FIT"
    NOT_AS_DESCRIBED = "NOT_AS_DESCRIBED"
    CHANGED_MIND = "CHANGED_MIND"
    OTHER = "OTHER"


@strawberry.type
class ReturnLine:
    sku: str
    quantity: int
    reason: ReturnReason


@strawberry.type(description="Items of one order sent back; numbered per shop (R00001, ...).")
class Return:
    id: strawberry.ID
    number: str
    status: ReturnStatus
    requested_at: datetime
    updated_at: datetime
    lines: list[ReturnLine]
    comment: str | None = strawberry.field(description="The customer's words.")
    note: str | None = strawberry.field(description="The merchant's last note (also mailed).")
    order_number: str

    @classmethod
    def from_row(cls, row: db.Return) -> Return:
        return cls(
            id=strawberry.ID(str(row.id)),
            number=row.number,
            status=ReturnStatus(row.status),
            requested_at=row.requested_at,
            updated_at=row.updated_at,
            lines=[
                ReturnLine(sku=li.sku, quantity=li.quantity, reason=ReturnReason(li.reason))
                for li in row.lines
            ],
            comment=row.comment,
            note=row.note,
            order_number=row.order_number,
        )


async def order_returns(root: Any, info: strawberry.Info[Context, None]) -> list[Return]:
    """The order's returns, oldest first."""
    if root._returns is not NOT_PREFETCHED:
        return root._returns  # type: ignore[no-any-return]
    rows = await info.context.loaders.get(ReturnsByOrderLoader).load(root._row.id)
    return [Return.from_row(r) for r in rows]


@strawberry.type
class ReturnPayload:
    return_: Return | None = strawberry.field(name="return")
    errors: list[UserError]


@strawberry.input
class ReturnLineInput:
    sku: str
    quantity: int
    reason: ReturnReason


@strawberry.input
class ReturnRequestInput:
    lines: list[ReturnLineInput]
    comment: str | None = None


@strawberry.type
class ReturnMutation:
    @strawberry.mutation(
        description=(
            "Send back shipped items of one of the viewer's orders (or, for an ADMIN acting for "
            "an organisation, one of its orders), a reason per line. At most "
            "what shipped minus what is already being returned (INVALID), within the "
            "storefront's returnWindowDays after the last shipment (NOT_ALLOWED); another's "
            "order: NOT_FOUND. Mails a receipt."
        )
    )
    async def return_request(
        self,
        info: strawberry.Info[Context, None],
        order_id: strawberry.ID,
        input: ReturnRequestInput,
    ) -> ReturnPayload:
        ctx = info.context
        viewer_id = await require_viewer_id(ctx)
        _, acting_organisation_id = await ctx.acting_for()
        request = ReturnRequest(
            lines=[ReturnLineRequest(li.sku, li.quantity, li.reason.value) for li in input.lines],
            comment=input.comment,
        )
        try:
            # The request's own connection (it read the session): a second one from the pool
            # could wait forever when many signed-in requests run at once.
            async with ctx.connection.acquire() as conn:
                row = await request_return(
                    conn,
                    ctx.require_storefront(),
                    viewer_id,
                    str(order_id),
                    request,
                    acting_organisation_id,
                )
        except ProblemError as error:
            return ReturnPayload(return_=None, errors=user_errors(error))
        return ReturnPayload(return_=Return.from_row(row), errors=[])


@strawberry.input
class ReturnUpdateInput:
    status: ReturnStatus
    note: str | None = strawberry.field(default=None, description="Shown and mailed to them.")


@strawberry.type
class ReturnEdge:
    cursor: str
    node: Return


@strawberry.type
class ReturnConnection:
    edges: list[ReturnEdge]
    page_info: PageInfo


@strawberry.type
class AdminReturnMutation:
    @strawberry.mutation(
        description=(
            "Move a return on: REQUESTED -> APPROVED | REJECTED, APPROVED -> RECEIVED | "
            "REJECTED, RECEIVED -> REFUNDED (else CONFLICT). Mails the customer."
        )
    )
    async def return_update(
        self, info: strawberry.Info[Context, None], id: strawberry.ID, input: ReturnUpdateInput
    ) -> ReturnPayload:
        ctx = info.context
        try:
            async with ctx.connection.acquire() as conn:
                row = await update_return(
                    conn, ctx.shop_id, str(id), input.status.value, input.note
                )
        except ProblemError as error:
            return ReturnPayload(return_=None, errors=user_errors(error))
        return ReturnPayload(return_=Return.from_row(row), errors=[])


@strawberry.type
class AdminReturnQuery:
    @strawberry.field(name="return", description="One of the shop's returns; null if unknown.")
    async def return_by_id(
        self, info: strawberry.Info[Context, None], id: strawberry.ID
    ) -> Return | None:
        ctx = info.context
        row = await find_return(ctx.pool, ctx.shop_id, str(id))
        return Return.from_row(row) if row else None

    @strawberry.field(description="The shop's returns, newest first; optionally of one status.")
    async def returns(
        self,
        info: strawberry.Info[Context, None],
        first: int | None = None,
        after: str | None = None,
        status: ReturnStatus | None = None,
    ) -> ReturnConnection:
        ctx = info.context
        try:
            page = await list_returns(
                ctx.pool,
                ctx.shop_id,
                first,
                after,
                status.value if status else None,
                ctx.settings.max_page_size,
            )
        except ProblemError as error:
            raise query_error(error) from None
        return ReturnConnection(
            edges=[ReturnEdge(cursor=c, node=Return.from_row(r)) for c, r in page.items],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
        )
