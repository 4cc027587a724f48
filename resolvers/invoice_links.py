"""Invoice.downloadUrl: a 15-minute signed URL, for the invoice's own contact on the storefront
API and for the merchant (any invoice of the shop) on the admin API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import strawberry

from gateway.db import orders as db
from gateway.invoices.links import signed_path, signing_key
from gateway.web.plain_subtrees import NOT_PREFETCHED
from resolvers.context import Context

UrlMaker = Callable[[db.Invoice, UUID | None], str | None]


def _no_url(_row: db.Invoice, _owner: UUID | None) -> str | None:
    return None


async def download_url_maker(ctx: Context) -> UrlMaker:
    """The download URL of an invoice (row, the contact its order belongs to) for this request."""
    storefront = ctx.storefront
    if storefront is None:
        return await _admin_url_maker(ctx)
    if not storefront.invoice_download_enabled:
        return _no_url  # fiscal invoices: the storefront hands them out itself
    viewer_id = await ctx.viewer_id()
    if viewer_id is None:
        return _no_url
    key = await signing_key(ctx.pool)
    base = str(ctx.request.base_url).rstrip("/")

    def url(row: db.Invoice, owner: UUID | None) -> str | None:
        if owner is None or owner != viewer_id:
            return None
        return base + signed_path(key, row.id, row.shop_id)

    return url


async def _admin_url_maker(ctx: Context) -> UrlMaker:
    """The admin key's shop owns every invoice its queries return (they filter by shop_id)."""
    key = await signing_key(ctx.pool)
    base = str(ctx.request.base_url).rstrip("/")
    shop_id = ctx.shop_id

    def url(row: db.Invoice, _owner: UUID | None) -> str | None:
        return base + signed_path(key, row.id, row.shop_id) if row.shop_id == shop_id else None

    return url


async def invoice_download_url(root: Any, info: strawberry.Info[Context, None]) -> str | None:
    if root._download_url is not NOT_PREFETCHED:
        return root._download_url  # type: ignore[no-any-return]
    make = await download_url_maker(info.context)
    return make(root._row, root._owner_id)
