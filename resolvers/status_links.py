"""`Order.statusUrl`: the order-status link, for the order's owner."""

from __future__ import annotations

from typing import Any

import strawberry

from gateway.mail.outbox import account_link
from gateway.order_status.links import PAGE
from gateway.web.plain_subtrees import NOT_PREFETCHED
from loaders.after_order import AccountUrlByOrderLoader, StatusTokenByOrderLoader
from resolvers.context import Context


async def order_status_url(root: Any, info: strawberry.Info[Context, None]) -> str | None:
    """`<accountUrl>/order-status?token=...`: the order's page without signing in. Given to the
    order's own signed-in contact (and to whoever opened it by that link, and the merchant);
    null for anyone else."""
    if root._status_url is not NOT_PREFETCHED:
        return root._status_url  # type: ignore[no-any-return]
    return await status_url_for(info.context, root)


async def status_url_for(ctx: Context, root: Any) -> str | None:
    row = root._row
    storefront = ctx.storefront
    if storefront is not None and not root._opened_by_status_link:
        viewer_id = await ctx.viewer_id()
        if viewer_id is None or viewer_id != row.contact_id:
            return None
    token = await ctx.loaders.get(StatusTokenByOrderLoader).load(row.id)
    if storefront is not None:
        return account_link(storefront.account_url, PAGE, token)
    url = await ctx.loaders.get(AccountUrlByOrderLoader).load(row.id)
    return account_link(url, PAGE, token)
