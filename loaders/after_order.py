"""Shipments and returns by order id, and order-status tokens: one statement per batch."""

from __future__ import annotations

from uuid import UUID

from strawberry.dataloader import DataLoader

from gateway.db import order_status as status_db
from gateway.db import returns as returns_db
from gateway.db import shipments as shipments_db
from gateway.order_status.links import record_links
from loaders.connection import ConnectionSource
from loaders.orders import _grouped


class ShipmentsByOrderLoader(DataLoader[UUID, list[shipments_db.Shipment]]):
    def __init__(self, pool: ConnectionSource, shop_id: UUID) -> None:
        super().__init__(
            load_fn=_grouped(
                pool, shop_id, shipments_db.shipments_by_order_ids, lambda r: r.order_id
            )
        )


class ReturnsByOrderLoader(DataLoader[UUID, list[returns_db.Return]]):
    def __init__(self, pool: ConnectionSource, shop_id: UUID) -> None:
        super().__init__(
            load_fn=_grouped(pool, shop_id, returns_db.returns_by_order_ids, lambda r: r.order_id)
        )


class StatusTokenByOrderLoader(DataLoader[UUID, str]):
    """Each order's status token, its hash recorded on first hand-out (orders from before)."""

    def __init__(self, pool: ConnectionSource, shop_id: UUID) -> None:
        async def load(ids: list[UUID]) -> list[str]:
            async with pool.acquire() as conn:
                tokens = await record_links(conn, shop_id, list(ids))
            return [tokens[i] for i in ids]

        super().__init__(load_fn=load)


class AccountUrlByOrderLoader(DataLoader[UUID, str]):
    """The account URL an order's links point to (admin API: no storefront in the request)."""

    def __init__(self, pool: ConnectionSource, shop_id: UUID) -> None:
        async def load(ids: list[UUID]) -> list[str]:
            async with pool.acquire() as conn:
                urls = await status_db.account_urls(conn, shop_id, list(ids))
            return [urls.get(i, "") for i in ids]

        super().__init__(load_fn=load)
