"""Loaders of the account area: keyset pages per contact, groups, organisations.

Use them through `ctx.loaders.get(LoaderClass)`; each batch is one query whatever its size.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar
from uuid import UUID

import asyncpg
from strawberry.dataloader import DataLoader

from gateway.db import account_orders as orders_db
from gateway.db import b2b as b2b_db
from gateway.db import favourites as favourites_db
from gateway.db import order_pages as order_pages_db
from loaders.connection import ConnectionSource

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


def _batched(
    pool: ConnectionSource,
    shop_id: UUID,
    fetch: Callable[[asyncpg.Connection, UUID, list[K]], Awaitable[list[T]]],
) -> Callable[[list[K]], Awaitable[list[T]]]:
    async def load(keys: list[K]) -> list[T]:
        async with pool.acquire() as conn:
            return await fetch(conn, shop_id, list(keys))

    return load


def _by_id(
    pool: ConnectionSource,
    shop_id: UUID,
    fetch: Callable[[asyncpg.Connection, UUID, list[UUID]], Awaitable[list[Any]]],
) -> Callable[[list[UUID]], Awaitable[list[Any]]]:
    async def load(ids: list[UUID]) -> list[Any]:
        async with pool.acquire() as conn:
            found = {row.id: row for row in await fetch(conn, shop_id, list(ids))}
        return [found.get(i) for i in ids]

    return load


class OrderPagesLoader(DataLoader[orders_db.PageKey, list[Any]]):
    def __init__(self, pool: ConnectionSource, shop_id: UUID) -> None:
        super().__init__(load_fn=_batched(pool, shop_id, orders_db.order_pages))


class OrderPagesWithDetailsLoader(DataLoader[orders_db.PageKey, list[Any]]):
    def __init__(self, pool: ConnectionSource, shop_id: UUID) -> None:
        super().__init__(load_fn=_batched(pool, shop_id, order_pages_db.order_pages_with_details))


class InvoicePagesLoader(DataLoader[orders_db.PageKey, list[Any]]):
    def __init__(self, pool: ConnectionSource, shop_id: UUID) -> None:
        super().__init__(load_fn=_batched(pool, shop_id, orders_db.invoice_pages))


class FavouritePagesLoader(DataLoader[orders_db.PageKey, list[Any]]):
    def __init__(self, pool: ConnectionSource, shop_id: UUID) -> None:
        super().__init__(load_fn=_batched(pool, shop_id, favourites_db.pages))


class CustomerGroupByIdLoader(DataLoader[UUID, b2b_db.CustomerGroup | None]):
    def __init__(self, pool: ConnectionSource, shop_id: UUID) -> None:
        super().__init__(load_fn=_by_id(pool, shop_id, b2b_db.customer_groups_by_ids))


class OrganisationByIdLoader(DataLoader[UUID, b2b_db.Organisation | None]):
    def __init__(self, pool: ConnectionSource, shop_id: UUID) -> None:
        super().__init__(load_fn=_by_id(pool, shop_id, b2b_db.organisations_by_ids))
