"""Prefetch shipments, returns and status links with a page of orders.

Fields resolved by an awaited loader take a whole order out of the compiled plain-data path
(`gateway/web/plain_subtrees.py`). Loading them for the page before the executor walks it (the
same batched statements, one per kind) lets the executor read them as plain data, as it does
for lines and invoices.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from typing import Any

from loaders.after_order import ReturnsByOrderLoader, ShipmentsByOrderLoader
from resolvers.context import Context
from resolvers.returns import Return
from resolvers.shipments import Shipment
from resolvers.status_links import status_url_for


async def prefetch_after_order(ctx: Context, wanted: Collection[str], orders: list[Any]) -> None:
    """Set `_shipments`, `_returns` and `_status_url` on these Order objects when asked for."""
    if not orders:
        return
    ids = [order._row.id for order in orders]
    if "shipments" in wanted:
        found = await ctx.loaders.get(ShipmentsByOrderLoader).load_many(ids)
        for order, rows in zip(orders, found, strict=True):
            order._shipments = [Shipment.from_row(r) for r in rows]
    if "returns" in wanted:
        found = await ctx.loaders.get(ReturnsByOrderLoader).load_many(ids)
        for order, rows in zip(orders, found, strict=True):
            order._returns = [Return.from_row(r) for r in rows]
    if "statusUrl" in wanted:
        urls = await asyncio.gather(*(status_url_for(ctx, order) for order in orders))
        for order, url in zip(orders, urls, strict=True):
            order._status_url = url
