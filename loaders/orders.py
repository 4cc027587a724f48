"""Order lines and invoices by order id, and addresses by contact id: one query per batch."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import TypeVar
from uuid import UUID

import asyncpg
from strawberry.dataloader import DataLoader

from gateway.db import addresses as addresses_db
from gateway.db import orders as db
from loaders.connection import ConnectionSource

T = TypeVar("T")


def _grouped(
    pool: ConnectionSource,
    shop_id: UUID,
    fetch: Callable[[asyncpg.Connection, UUID, list[UUID]], Awaitable[list[T]]],
    key: Callable[[T], UUID],
) -> Callable[[list[UUID]], Awaitable[list[list[T]]]]:
    async def load(ids: list[UUID]) -> list[list[T]]:
        async with pool.acquire() as conn:
            rows = await fetch(conn, shop_id, list(ids))
        groups: dict[UUID, list[T]] = defaultdict(list)
        for row in rows:
            groups[key(row)].append(row)
        return [groups.get(i, []) for i in ids]

    return load


class OrderLinesByOrderLoader(DataLoader[UUID, list[db.OrderLine]]):
    def __init__(self, pool: ConnectionSource, shop_id: UUID) -> None:
        super().__init__(
            load_fn=_grouped(pool, shop_id, db.lines_by_order_ids, lambda r: r.order_id)
        )


class InvoicesByOrderLoader(DataLoader[UUID, list[db.Invoice]]):
    def __init__(self, pool: ConnectionSource, shop_id: UUID) -> None:
        super().__init__(
            load_fn=_grouped(pool, shop_id, db.invoices_by_order_ids, lambda r: r.order_id)
        )


class AddressesByContactLoader(DataLoader[UUID, list[addresses_db.Address]]):
    def __init__(self, pool: ConnectionSource, shop_id: UUID) -> None:
        super().__init__(
            load_fn=_grouped(pool, shop_id, addresses_db.by_contact_ids, lambda r: r.contact_id)
        )
