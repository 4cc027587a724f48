"""The back office's lists: orders, invoices and products of a shop, newest first, searchable.

Arguments are checked here (`first` 0..page limit, a cursor we gave out, a search of at most 200
characters); a bad one is a ProblemError the resolver turns into a GraphQL error.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar
from uuid import UUID

import asyncpg

from gateway.db import admin_lists as db
from gateway.errors import Problem, ProblemError
from gateway.pagination import Page, PageRequest, page_request, to_page

T = TypeVar("T")
MAX_SEARCH = 200


def _like(term: str) -> str:
    escaped = term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_query(
    first: int | None, after: str | None, search: str | None, max_page: int
) -> tuple[PageRequest, db.ListQuery]:
    """The page asked for (one row more than shown) and the checked search."""
    request = page_request(first, after, max_page)
    position = None
    if request.after is not None:
        try:
            position = (request.after.at, UUID(request.after.key))
        except ValueError:
            raise ProblemError(Problem("INVALID", ["after"], "This cursor is not valid.")) from None
    term = " ".join((search or "").split()) or None
    if term is not None and len(term) > MAX_SEARCH:
        raise ProblemError(Problem("INVALID", ["search"], "Search for at most 200 characters."))
    query = db.ListQuery(
        limit=request.first + 1,
        after=position,
        pattern=_like(term) if term else None,
        exact=term,
    )
    return request, query


def _paged(
    rows: list[T], request: PageRequest, position: Callable[[T], tuple[datetime, object]]
) -> Page[T]:
    return to_page(rows, request, position)


async def list_orders(
    pool: asyncpg.Pool,
    shop_id: UUID,
    first: int | None,
    after: str | None,
    search: str | None,
    payment_status: str | None,
    fulfilment_status: str | None,
    max_page: int,
) -> Page[db.Order]:
    """Search: the order number exactly, or part of the e-mail address or name."""
    request, query = list_query(first, after, search, max_page)
    async with pool.acquire() as conn:
        rows = await db.order_page(conn, shop_id, query, payment_status, fulfilment_status)
    return _paged(rows, request, lambda o: (o.placed_at, o.id))


async def list_invoices(
    pool: asyncpg.Pool,
    shop_id: UUID,
    first: int | None,
    after: str | None,
    search: str | None,
    max_page: int,
) -> Page[db.ShopInvoice]:
    """Search: the invoice or order number exactly, or part of the e-mail address."""
    request, query = list_query(first, after, search, max_page)
    async with pool.acquire() as conn:
        rows = await db.invoice_page(conn, shop_id, query)
    return _paged(rows, request, lambda r: (r.invoice.issued_at, r.invoice.id))


async def list_products(
    pool: asyncpg.Pool,
    shop_id: UUID,
    first: int | None,
    after: str | None,
    search: str | None,
    active: bool | None,
    max_page: int,
) -> Page[db.ListedProduct]:
    """Search: part of the SKU or name. Inactive products too, unless `active` says."""
    request, query = list_query(first, after, search, max_page)
    async with pool.acquire() as conn:
        rows = await db.product_page(conn, shop_id, query, active)
    return _paged(rows, request, lambda r: (r.created_at, r.product.id))
