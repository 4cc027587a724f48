"""Sessions: opaque 256-bit bearer tokens stored as SHA-256 hashes, sliding expiry, per shop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import asyncpg

from gateway.accounts.session_touches import SessionTouches
from gateway.db.viewer import ViewerRow, viewer_by_token_hash
from gateway.secrets import hash_token, new_token

# A session's last-used time and expiry are written at most this often (not on every request).
TOUCH_INTERVAL = timedelta(minutes=5)


@dataclass(frozen=True)
class NewSession:
    id: UUID
    token: str
    expires_at: datetime


@dataclass(frozen=True)
class ActiveSession:
    id: UUID
    contact_id: UUID
    expires_at: datetime


async def create_session(
    conn: asyncpg.Connection,
    shop_id: UUID,
    contact_id: UUID,
    ttl_days: int,
    user_agent: str | None = None,
    ip: str | None = None,
) -> NewSession:
    token = new_token()
    expires_at = datetime.now(UTC) + timedelta(days=ttl_days)
    session_id = await conn.fetchval(
        """insert into sessions (shop_id, contact_id, token_hash, expires_at, user_agent, ip)
           values ($1, $2, $3, $4, $5, $6::inet) returning id""",
        shop_id,
        contact_id,
        hash_token(token),
        expires_at,
        (user_agent or "")[:300] or None,
        ip,
    )
    return NewSession(session_id, token, expires_at)


@dataclass(frozen=True)
class SignedInViewer:
    session: ActiveSession
    row: ViewerRow  # the contact, its customer group and price terms, read with the session


async def resolve_viewer(
    conn: asyncpg.Connection,
    shop_id: UUID,
    token: str,
    ttl_days: int,
    touches: SessionTouches | None = None,
) -> SignedInViewer | None:
    """The live session for a token of this shop (sliding its expiry now and then), with the
    viewer's contact, customer group and price terms, in one query.

    A session unused for `TOUCH_INTERVAL` slides: its expiry becomes now + `ttl_days`. With
    `touches` (the server's) that write is queued and batched off the request path; without,
    it is written here on `conn`.
    """
    if not token or len(token) > 200:
        return None
    row = await viewer_by_token_hash(conn, shop_id, hash_token(token))
    if row is None:
        return None
    expires_at = row.expires_at
    now = datetime.now(UTC)
    if now - row.last_used_at > TOUCH_INTERVAL:
        if touches is not None:
            touches.add(row.session_id, now, ttl_days)
            expires_at = max(expires_at, now + timedelta(days=ttl_days))
        else:
            expires_at = await _touch(conn, row.session_id, ttl_days)
    return SignedInViewer(ActiveSession(row.session_id, row.contact.id, expires_at), row)


async def _touch(conn: asyncpg.Connection, session_id: UUID, ttl_days: int) -> datetime:
    return await conn.fetchval(  # type: ignore[no-any-return]
        """update sessions set last_used_at = now(),
               expires_at = now() + make_interval(days => $2)
           where id = $1 returning expires_at""",
        session_id,
        ttl_days,
    )


async def revoke_session(conn: asyncpg.Connection, shop_id: UUID, session_id: UUID) -> None:
    await conn.execute(
        """update sessions set revoked_at = now()
           where shop_id = $1 and id = $2 and revoked_at is null""",
        shop_id,
        session_id,
    )


async def revoke_all_sessions(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, except_id: UUID | None = None
) -> int:
    result = await conn.execute(
        """update sessions set revoked_at = now()
           where shop_id = $1 and contact_id = $2 and revoked_at is null
             and ($3::uuid is null or id <> $3)""",
        shop_id,
        contact_id,
        except_id,
    )
    return int(result.split()[-1])
