"""Admin reads a back office runs on: `order`, `orders`, `invoices`, `contact`, and the GDPR
requests a merchant gets by mail: `contactExport`, `contactErase`."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.scalars import JSON

from gateway.backoffice.listing import list_invoices, list_orders
from gateway.backoffice.privacy import erase_contact, export_contact
from gateway.db import admin_lists as db
from gateway.errors import ProblemError
from resolvers.account_orders import InvoiceConnection, InvoiceEdge, OrderConnection, OrderEdge
from resolvers.contact import Contact
from resolvers.context import Context
from resolvers.errors import UserError, user_errors
from resolvers.invoice_links import download_url_maker
from resolvers.orders import FulfilmentStatus, Invoice, Order, PaymentStatus
from resolvers.pagination import PageInfo, query_error

Search = Annotated[
    str | None,
    strawberry.argument(
        description="The order (or invoice) number exactly, or part of the e-mail address "
        "or name; at most 200 characters."
    ),
]


@strawberry.type
class ContactErasePayload:
    errors: list[UserError]


async def _export(info: strawberry.Info[Context, None], id: strawberry.ID) -> JSON | None:
    ctx = info.context
    return await export_contact(ctx.pool, ctx.shop_id, str(id))


EXPORT_DOC = (
    "Everything the gateway holds about the contact, as the customer's own exportMyData "
    "gives it (JSON); null when the shop has no such contact."
)


@strawberry.type
class AdminOrderQuery:
    @strawberry.field(description="An order of the shop by its number; null if unknown.")
    async def order(self, info: strawberry.Info[Context, None], number: str) -> Order | None:
        ctx = info.context
        async with ctx.connection.acquire() as conn:
            row = await db.order_by_number(conn, ctx.shop_id, number.strip()[:100])
        return Order.from_row(row) if row else None

    @strawberry.field(description="The shop's orders, newest first; at most 100 a page.")
    async def orders(
        self,
        info: strawberry.Info[Context, None],
        first: int | None = None,
        after: str | None = None,
        search: Search = None,
        payment_status: PaymentStatus | None = None,
        fulfilment_status: FulfilmentStatus | None = None,
    ) -> OrderConnection:
        ctx = info.context
        try:
            page = await list_orders(
                ctx.pool,
                ctx.shop_id,
                first,
                after,
                search,
                payment_status.value if payment_status else None,
                fulfilment_status.value if fulfilment_status else None,
                ctx.settings.max_page_size,
            )
        except ProblemError as error:
            raise query_error(error) from None
        return OrderConnection(
            edges=[OrderEdge(cursor=c, node=Order.from_row(o)) for c, o in page.items],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
        )

    @strawberry.field(
        description="The shop's invoices, newest first, each with a 15-minute PDF link."
    )
    async def invoices(
        self,
        info: strawberry.Info[Context, None],
        first: int | None = None,
        after: str | None = None,
        search: Search = None,
    ) -> InvoiceConnection:
        ctx = info.context
        try:
            page = await list_invoices(
                ctx.pool, ctx.shop_id, first, after, search, ctx.settings.max_page_size
            )
        except ProblemError as error:
            raise query_error(error) from None
        url = await download_url_maker(ctx)
        return InvoiceConnection(
            edges=[
                InvoiceEdge(cursor=c, node=Invoice.from_row(r.invoice, r.contact_id, url))
                for c, r in page.items
            ],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
        )

    @strawberry.field(description="A contact of the shop (guest or registered); null if unknown.")
    async def contact(
        self, info: strawberry.Info[Context, None], id: strawberry.ID
    ) -> Contact | None:
        try:
            key = UUID(str(id))
        except ValueError:
            return None
        row = await info.context.loaders.contact_by_id.load(key)
        return Contact.from_row(row) if row else None

    contact_export: JSON | None = strawberry.field(resolver=_export, description=EXPORT_DOC)


@strawberry.type
class AdminPrivacyMutation:
    @strawberry.mutation(
        description="Erase a contact on the customer's request, as the customer's own account "
        "deletion does: personal data goes, orders and invoices stay for the books; signed out "
        "everywhere. Unknown or already erased: NOT_FOUND."
    )
    async def contact_erase(
        self, info: strawberry.Info[Context, None], id: strawberry.ID
    ) -> ContactErasePayload:
        ctx = info.context
        try:
            await erase_contact(ctx.pool, ctx.shop_id, str(id))
        except ProblemError as error:
            return ContactErasePayload(errors=user_errors(error))
        return ContactErasePayload(errors=[])

    contact_export: JSON | None = strawberry.mutation(
        resolver=_export, description=EXPORT_DOC + " The same as Query.contactExport."
    )
