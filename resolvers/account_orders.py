"""viewer.orders and viewer.invoices (newest first), and Query.order(number)."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

import strawberry
from strawberry.dataloader import DataLoader

from gateway.db import account_orders as db
from gateway.pagination import to_page
from loaders.account import InvoicePagesLoader, OrderPagesLoader
from resolvers.context import Context
from resolvers.invoice_links import download_url_maker
from resolvers.orders import Invoice, Order
from resolvers.pagination import PageInfo, node_fields, page_key, requested_page, require_viewer_id


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
    rows = await ctx.loaders.get(OrderPagesLoader).load(page_key(root._row.id, request))
    page = to_page(rows, request, lambda o: (o.placed_at, o.id))
    # Lines and invoices for the whole page at once (two batched queries, started together),
    # so each order's list fields resolve without awaiting.
    wanted = node_fields(info) if page.items else set()
    ids = [o.id for _, o in page.items]
    lines, invoices = await asyncio.gather(
        _many(ctx.loaders.order_lines, ids, "lines" in wanted),
        _many(ctx.loaders.order_invoices, ids, "invoices" in wanted),
    )
    # Download URLs with the invoices, so a whole order is plain data for the executor.
    url = await download_url_maker(ctx) if any(invoices) else None
    return OrderConnection(
        edges=[
            OrderEdge(cursor=c, node=Order.from_row(o, lines[i], invoices[i], url))
            for i, (c, o) in enumerate(page.items)
        ],
        page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
    )


async def _many(loader: DataLoader[UUID, Any], ids: list[UUID], wanted: bool) -> list[Any]:
    if not wanted:
        return [None] * len(ids)
    return list(await loader.load_many(ids))


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
