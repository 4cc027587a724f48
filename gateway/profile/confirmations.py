"""What a mailed `confirm` link is for, so the storefront's confirm page knows what to call.

Sign-up confirmation, e-mail change and account deletion all link to `<accountUrl>/confirm`
(the contract's pages). `confirmationKind(token)` tells e-mail change and account deletion
apart without using the token up; for anything else the page calls `confirmEmail`.
"""

from __future__ import annotations

from uuid import UUID

import asyncpg

from gateway.accounts.tokens import CHANGE_EMAIL, DELETE_ACCOUNT
from gateway.db import profile as db
from gateway.secrets import hash_token

KINDS = {CHANGE_EMAIL: "EMAIL_CHANGE", DELETE_ACCOUNT: "ACCOUNT_DELETION"}


async def confirmation_kind(pool: asyncpg.Pool, shop_id: UUID, token: str) -> str | None:
    if not token or len(token) > 200:
        return None
    async with pool.acquire() as conn:
        purpose = await db.live_token_purpose(conn, shop_id, hash_token(token), list(KINDS))
    return KINDS.get(purpose) if purpose else None
