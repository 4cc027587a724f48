"""Admin invoiceCreate."""

from __future__ import annotations

import strawberry

from gateway.errors import ProblemError
from gateway.invoices.issue import create_invoice
from resolvers.context import Context
from resolvers.errors import UserError, user_errors
from resolvers.orders import Invoice


@strawberry.type
class InvoicePayload:
    invoice: Invoice | None
    errors: list[UserError]


@strawberry.type
class AdminInvoiceMutation:
    @strawberry.mutation(description="Invoice an order (one invoice per order, numbered per shop).")
    async def invoice_create(
        self, info: strawberry.Info[Context, None], order_id: strawberry.ID
    ) -> InvoicePayload:
        ctx = info.context
        try:
            row = await create_invoice(ctx.pool, ctx.shop_id, str(order_id))
        except ProblemError as error:
            return InvoicePayload(invoice=None, errors=user_errors(error))
        return InvoicePayload(invoice=Invoice.from_row(row), errors=[])
