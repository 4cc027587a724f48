"""A signed-in contact's sessions: list them, sign out here, elsewhere, or one of them."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from gateway.accounts.sessions import revoke_all_sessions, revoke_session
from gateway.db import identity as db
from gateway.db.identity import SessionRow


async def list_sessions(pool: asyncpg.Pool, shop_id: UUID, contact_id: UUID) -> list[SessionRow]:
    async with pool.acquire() as conn:
        return await db.active_sessions(conn, shop_id, contact_id)


async def logout(pool: asyncpg.Pool, shop_id: UUID, session_id: UUID) -> None:
    async with pool.acquire() as conn:
        await revoke_session(conn, shop_id, session_id)


async def sign_out_everywhere_else(
    pool: asyncpg.Pool, shop_id: UUID, contact_id: UUID, session_id: UUID
) -> int:
    async with pool.acquire() as conn:
        return await revoke_all_sessions(conn, shop_id, contact_id, except_id=session_id)


async def revoke_one(pool: asyncpg.Pool, shop_id: UUID, contact_id: UUID, session_id: UUID) -> bool:
    async with pool.acquire() as conn:
        return await db.revoke_contact_session(conn, shop_id, contact_id, session_id)
