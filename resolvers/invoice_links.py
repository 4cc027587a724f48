"""Invoice.downloadUrl: a 15-minute signed URL, only for the invoice's own contact."""

from __future__ import annotations

from typing import Any

import strawberry

from gateway.invoices.links import signed_path, signing_key
from resolvers.context import Context


async def invoice_download_url(root: Any, info: strawberry.Info[Context, None]) -> str | None:
    ctx = info.context
    storefront = ctx.storefront
    if storefront is None or not storefront.invoice_download_enabled:
        return None  # admin API, or fiscal invoices: the storefront hands them out itself
    owner = root._owner_id
    if owner is None or owner != await ctx.viewer_id():
        return None
    key = await signing_key(ctx.pool)
    base = str(ctx.request.base_url).rstrip("/")
    return base + signed_path(key, root._row.id, root._row.shop_id)
