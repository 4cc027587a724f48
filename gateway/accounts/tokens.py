"""Single-use tokens mailed to a person (confirm, sign-in link, reset, invitation, ...).

256 bits from `secrets`, stored only as a SHA-256 hash, scoped to a purpose and a shop. Use is
settled by the database: `UPDATE ... WHERE used_at IS NULL ... RETURNING`, so of many
concurrent redemptions exactly one wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from gateway.secrets import hash_token, new_token

CONFIRM_EMAIL = "confirm_email"
SIGN_IN = "sign_in"
RESET_PASSWORD = "reset_password"
INVITATION = "invitation"
CHANGE_EMAIL = "change_email"
DELETE_ACCOUNT = "delete_account"
ORGANISATION_INVITATION = "organisation_invitation"  # joins an organisation (and signs in)
PURPOSES = frozenset(
    {
        CONFIRM_EMAIL,
        SIGN_IN,
        RESET_PASSWORD,
        INVITATION,
        CHANGE_EMAIL,
        DELETE_ACCOUNT,
        ORGANISATION_INVITATION,
    }
)
# Tokens that can sign someone in: every outstanding one dies when the password changes.
SIGN_IN_CAPABLE = frozenset({SIGN_IN, RESET_PASSWORD, INVITATION, ORGANISATION_INVITATION})


@dataclass(frozen=True)
class UsedToken:
    id: UUID
    contact_id: UUID
    purpose: str
    payload: dict[str, Any]
    created_at: datetime


async def issue_token(
    conn: asyncpg.Connection,
    shop_id: UUID,
    contact_id: UUID,
    purpose: str,
    ttl: timedelta,
    payload: dict[str, Any] | None = None,
) -> str:
    """Store a new token's hash and return the token (to be mailed, never stored)."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose}")
    token = new_token()
    await conn.execute(
        """insert into auth_tokens (shop_id, contact_id, purpose, token_hash, payload, expires_at)
           values ($1, $2, $3, $4, $5, now() + $6::interval)""",
        shop_id,
        contact_id,
        purpose,
        hash_token(token),
        payload or {},
        ttl,
    )
    return token


async def use_token(
    conn: asyncpg.Connection, shop_id: UUID, purpose: str, token: str
) -> UsedToken | None:
    """Mark the token used and return it, or None if unknown, expired, used or of another
    purpose or shop. Call inside the transaction that acts on it."""
    if not token or len(token) > 200:
        return None
    row = await conn.fetchrow(
        """update auth_tokens set used_at = now()
           where token_hash = $1 and shop_id = $2 and purpose = $3
             and used_at is null and expires_at > now()
           returning id, contact_id, purpose, payload, created_at""",
        hash_token(token),
        shop_id,
        purpose,
    )
    return UsedToken(**dict(row.items())) if row else None


async def revoke_tokens(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, purposes: frozenset[str] | set[str]
) -> int:
    """Make every outstanding token of these purposes unusable (e.g. after a password change)."""
    result = await conn.execute(
        """update auth_tokens set used_at = now()
           where shop_id = $1 and contact_id = $2 and purpose = any($3::text[])
             and used_at is null""",
        shop_id,
        contact_id,
        list(purposes),
    )
    return int(result.split()[-1])
