"""Contacts by id, batched per request."""

from __future__ import annotations

from uuid import UUID

from strawberry.dataloader import DataLoader

from gateway.db import contacts as db
from loaders.connection import ConnectionSource


class ContactByIdLoader(DataLoader[UUID, db.Contact | None]):
    def __init__(self, pool: ConnectionSource, shop_id: UUID) -> None:
        async def load(ids: list[UUID]) -> list[db.Contact | None]:
            async with pool.acquire() as conn:
                found = {c.id: c for c in await db.by_ids(conn, shop_id, list(ids))}
            return [found.get(i) for i in ids]

        super().__init__(load_fn=load)
