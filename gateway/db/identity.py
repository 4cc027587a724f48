"""SQL for identity: registered contacts, passwords, proof of address, sessions, tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from gateway.db.contacts import COLUMNS, Contact, Credentials, contact_from_row


async def insert_registered_contact(
    conn: asyncpg.Connection,
    shop_id: UUID,
    email: str,
    full_name: str,
    locale: str,
    password_hash: str | None,
    confirmed: bool = False,
) -> Contact | None:
    """A new registered contact, or None when the address is taken (the unique index says so)."""
    row = await conn.fetchrow(
        f"""insert into contacts (shop_id, email, full_name, is_guest, locale, password_hash,
                                  password_changed_at, email_confirmed_at)
            values ($1, $2, $3, false, $4, $5,
                    case when $5::text is not null then now() end,
                    case when $6 then now() end)
            on conflict (shop_id, lower(email)) where not is_guest do nothing
            returning {COLUMNS}""",
        shop_id,
        email,
        full_name,
        locale,
        password_hash,
        confirmed,
    )
    return contact_from_row(row) if row else None


async def credentials_by_id(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID
) -> Credentials | None:
    row = await conn.fetchrow(
        f"""select {COLUMNS}, password_hash from contacts
            where shop_id = $1 and id = $2 and not is_guest and anonymised_at is null""",
        shop_id,
        contact_id,
    )
    return Credentials(contact_from_row(row), row["password_hash"]) if row else None


async def set_password_hash(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, password_hash: str, changed: bool
) -> None:
    """Store a hash: a new password (`changed`) or the same one rehashed with new parameters."""
    await conn.execute(
        """update contacts set password_hash = $3, updated_at = now(),
               password_changed_at = case when $4 then now() else password_changed_at end
           where shop_id = $1 and id = $2 and not is_guest""",
        shop_id,
        contact_id,
        password_hash,
        changed,
    )


async def mark_email_confirmed(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, email: str
) -> bool | None:
    """Confirm the contact's address if it still is `email`.

    Returns None when it is not (or no such contact), True when this confirmed it (the first
    proof), False when it was confirmed before. The row lock orders concurrent proofs.
    """
    row = await conn.fetchrow(
        """update contacts c
           set email_confirmed_at = coalesce(c.email_confirmed_at, now()), updated_at = now()
           from (select id, email_confirmed_at from contacts
                 where shop_id = $1 and id = $2 for update) before
           where c.id = before.id and lower(c.email) = lower($3) and not c.is_guest
           returning before.email_confirmed_at is null as first""",
        shop_id,
        contact_id,
        email,
    )
    return None if row is None else bool(row["first"])


async def drop_password(conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID) -> bool:
    """Forget a password set before the address was proven; True when there was one.

    Moving `password_changed_at` also revokes every outstanding token (migration 0007).
    """
    dropped = await conn.fetchval(
        """update contacts set password_hash = null, password_changed_at = now(),
               updated_at = now()
           where shop_id = $1 and id = $2 and password_hash is not null
           returning id""",
        shop_id,
        contact_id,
    )
    return dropped is not None


async def claim_guest_orders(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, email: str
) -> int:
    """Move the orders of guest contacts with this address to the registered contact."""
    result = await conn.execute(
        """update orders set contact_id = $2, updated_at = now()
           where shop_id = $1 and contact_id in (
               select id from contacts
               where shop_id = $1 and is_guest and lower(email) = lower($3))""",
        shop_id,
        contact_id,
        email,
    )
    return int(result.split()[-1])


@dataclass(frozen=True)
class PendingToken:
    contact_id: UUID
    email: str
    payload: dict[str, Any]


async def peek_token(
    conn: asyncpg.Connection, shop_id: UUID, purpose: str, token_hash: bytes
) -> PendingToken | None:
    """A usable token's contact, without using it (to check a new password before)."""
    row = await conn.fetchrow(
        """select t.contact_id, c.email, t.payload from auth_tokens t
           join contacts c on c.id = t.contact_id
           where t.token_hash = $1 and t.shop_id = $2 and t.purpose = $3
             and t.used_at is null and t.expires_at > now() and not c.is_guest""",
        token_hash,
        shop_id,
        purpose,
    )
    return PendingToken(row["contact_id"], row["email"], row["payload"]) if row else None


@dataclass(frozen=True)
class SessionRow:
    id: UUID
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    user_agent: str | None
    ip: str | None


async def active_sessions(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID
) -> list[SessionRow]:
    rows = await conn.fetch(
        """select id, created_at, last_used_at, expires_at, user_agent, host(ip) as ip
           from sessions
           where shop_id = $1 and contact_id = $2 and revoked_at is null and expires_at > now()
           order by last_used_at desc, id
           limit 100""",
        shop_id,
        contact_id,
    )
    return [SessionRow(**dict(r.items())) for r in rows]


async def revoke_contact_session(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, session_id: UUID
) -> bool:
    found = await conn.fetchval(
        """update sessions set revoked_at = now()
           where shop_id = $1 and contact_id = $2 and id = $3 and revoked_at is null
           returning id""",
        shop_id,
        contact_id,
        session_id,
    )
    return found is not None


async def peek_invitation(
    conn: asyncpg.Connection, shop_id: UUID, purpose: str, token_hash: bytes
) -> PendingToken | None:
    """Like `peek_token`, but the token may hang on a guest record (an invited address
    without an account yet)."""
    row = await conn.fetchrow(
        """select t.contact_id, c.email, t.payload from auth_tokens t
           join contacts c on c.id = t.contact_id
           where t.token_hash = $1 and t.shop_id = $2 and t.purpose = $3
             and t.used_at is null and t.expires_at > now() and c.anonymised_at is null""",
        token_hash,
        shop_id,
        purpose,
    )
    return PendingToken(row["contact_id"], row["email"], row["payload"]) if row else None
