"""Loaders of organisations: memberships per contact, members and orders per organisation."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from strawberry.dataloader import DataLoader

from gateway.db import memberships as db
from gateway.db import organisation_orders as orders_db
from loaders.connection import ConnectionSource


class MembershipsByContactLoader(DataLoader[UUID, list[db.Membership]]):
    """A contact's memberships, oldest first."""

    def __init__(self, pool: ConnectionSource, shop_id: UUID) -> None:
        async def load(ids: list[UUID]) -> list[list[db.Membership]]:
            async with pool.acquire() as conn:
                rows = await db.of_contacts(conn, shop_id, list(ids))
            found: dict[UUID, list[db.Membership]] = {i: [] for i in ids}
            for row in rows:
                found[row.contact_id].append(row)
            return [found[i] for i in ids]

        super().__init__(load_fn=load)


class MemberPagesLoader(DataLoader[db.MemberPageKey, list[db.Member]]):
    def __init__(self, pool: ConnectionSource, shop_id: UUID) -> None:
        async def load(keys: list[db.MemberPageKey]) -> list[list[db.Member]]:
            async with pool.acquire() as conn:
                return await db.member_pages(conn, shop_id, list(keys))

        super().__init__(load_fn=load)


class OrganisationOrderPagesLoader(DataLoader[orders_db.OrgPageKey, list[Any]]):
    def __init__(self, pool: ConnectionSource, shop_id: UUID) -> None:
        async def load(keys: list[orders_db.OrgPageKey]) -> list[list[Any]]:
            async with pool.acquire() as conn:
                return await orders_db.order_pages(conn, shop_id, list(keys))

        super().__init__(load_fn=load)
