"""Single-use tokens mailed to a person (confirm, sign-in link, reset, invitation, ...).

256 bits from `secrets`, stored only as a SHA-256 hash, scoped to a purpose and a shop. Use is
settled by the database: `UPDATE ... WHERE used_at IS NULL ... RETURNING`, so of many
concurrent redemptions exactly one wins.

Every outstanding token of a contact, of every purpose, dies when the contact's password or
e-mail address changes: a trigger on `contacts` decides it (migration 0007), so no code path
and no purpose added later can forget it. `PURPOSES` lists every purpose; tests enumerate it.
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
ORGANISATION_INVITATION = "organisation_invitation"
# Every purpose, with what its token lets the holder do. A new purpose must be added here
# (issue_token refuses others), which puts it under the tests that enumerate this table.
PURPOSES: dict[str, str] = {
    CONFIRM_EMAIL: "confirms the address it was mailed to and signs in",
    SIGN_IN: "signs in (proves the address)",
    RESET_PASSWORD: "sets a new password and signs in (also a merchant's invitation)",
    INVITATION: "joins an organisation and signs in",
    CHANGE_EMAIL: "moves the account to the address it was mailed to",
    DELETE_ACCOUNT: "erases the account",
    ORGANISATION_INVITATION: "joins the inviting organisation and signs in (makes a confirmed "
    "account for an address without one)",
}


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
