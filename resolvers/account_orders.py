"""viewer.orders and viewer.invoices (newest first), and Query.order(number)."""

from __future__ import annotations

from typing import Any

import strawberry

from gateway.db import account_orders as db
from gateway.db import order_pages as order_pages_db
from gateway.pagination import to_page
from loaders.account import InvoicePagesLoader, OrderPagesLoader, OrderPagesWithDetailsLoader
from resolvers.after_order import prefetch_after_order
from resolvers.context import Context
from resolvers.invoice_links import download_url_maker
from resolvers.orders import Invoice, Order
from resolvers.pagination import (
    PageInfo,
    node_fields,
    one_page,
    page_key,
    requested_page,
    require_viewer_id,
)


@strawberry.type
class OrderEdge:
    cursor: str
    node: Order


@strawberry.type
class OrderConnection:
    edges: list[OrderEdge]
    page_info: PageInfo


@strawberry.type
class InvoiceEdge:
    cursor: str
    node: Invoice


@strawberry.type
class InvoiceConnection:
    edges: list[InvoiceEdge]
    page_info: PageInfo


async def contact_orders(
    root: Any,
    info: strawberry.Info[Context, None],
    first: int | None = None,
    after: str | None = None,
) -> OrderConnection:
    ctx = info.context
    request = requested_page(ctx, first, after)
    key = page_key(root._row.id, request)
    wanted = node_fields(info)
    if "lines" not in wanted and "invoices" not in wanted:
        rows = await one_page(ctx, root, OrderPagesLoader, db.order_pages, key)
        page = to_page(rows, request, lambda o: (o.placed_at, o.id))
        edges = [OrderEdge(cursor=c, node=Order.from_row(o)) for c, o in page.items]
    else:
        # Lines and invoices with the page, in the same statement, so each order's list
        # fields resolve without awaiting and a whole order is plain data for the executor.
        found = await one_page(
            ctx, root, OrderPagesWithDetailsLoader, order_pages_db.order_pages_with_details, key
        )
        details = to_page(found, request, lambda d: (d.order.placed_at, d.order.id))
        url = await download_url_maker(ctx) if any(d.invoices for _, d in details.items) else None
        edges = [
            OrderEdge(cursor=c, node=Order.from_row(d.order, d.lines, d.invoices, url))
            for c, d in details.items
        ]
        page = details
    await prefetch_after_order(ctx, wanted, [edge.node for edge in edges])
    return OrderConnection(
        edges=edges,
        page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
    )


async def contact_invoices(
    root: Any,
    info: strawberry.Info[Context, None],
    first: int | None = None,
    after: str | None = None,
) -> InvoiceConnection:
    ctx = info.context
    request = requested_page(ctx, first, after)
    rows = await ctx.loaders.get(InvoicePagesLoader).load(page_key(root._row.id, request))
    page = to_page(rows, request, lambda r: (r.invoice.issued_at, r.invoice.id))
    return InvoiceConnection(
        edges=[
            InvoiceEdge(cursor=c, node=Invoice.from_row(r.invoice, r.contact_id))
            for c, r in page.items
        ],
        page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
    )


@strawberry.type
class AccountOrderQuery:
    @strawberry.field(description="One of the signed-in contact's orders by number; else null.")
    async def order(self, info: strawberry.Info[Context, None], number: str) -> Order | None:
        ctx = info.context
        contact_id = await require_viewer_id(ctx)
        async with ctx.pool.acquire() as conn:
            row = await db.order_by_number(conn, ctx.shop_id, contact_id, number.strip()[:100])
        return Order.from_row(row) if row else None
