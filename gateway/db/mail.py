"""SQL for the mail outbox: claiming due mails for delivery and recording the outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

import asyncpg


@dataclass(frozen=True)
class OutgoingMail:
    id: int
    to_address: str
    subject: str
    text_body: str
    html_body: str | None
    attempts: int


async def claim_due(conn: asyncpg.Connection, limit: int, lease: timedelta) -> list[OutgoingMail]:
    """Lease up to `limit` due mails to this sender; other replicas skip them (skip locked),
    and a sender that dies mid-delivery gives them back when the lease runs out."""
    rows = await conn.fetch(
        """update mail_outbox m set locked_until = now() + $2::interval, attempts = attempts + 1
           where m.id in (
               select id from mail_outbox
               where sent_at is null and failed_at is null and next_attempt_at <= now()
                 and (locked_until is null or locked_until <= now())
               order by next_attempt_at, id
               limit $1
               for update skip locked)
           returning m.id, m.to_address, m.subject, m.text_body, m.html_body, m.attempts""",
        limit,
        lease,
    )
    return sorted((OutgoingMail(**dict(r.items())) for r in rows), key=lambda m: m.id)


async def mark_sent(conn: asyncpg.Connection, mail_id: int) -> None:
    await conn.execute(
        """update mail_outbox set sent_at = now(), locked_until = null, last_error = null,
               failing_since = null, server_fault = false,
               -- delivered: its links carry live tokens, so keep no copy of the body
               text_body = '', html_body = null
           where id = $1""",
        mail_id,
    )


async def mark_failed(
    conn: asyncpg.Connection,
    mail_id: int,
    retry_in: timedelta,
    error: str,
    *,
    server_fault: bool = False,
    dead_after: timedelta | None = None,
    permanent: bool = False,
) -> bool:
    """Schedule the next attempt in `retry_in`, or make the mail a dead letter (`failed_at`)
    when it is `permanent`ly refused or has kept failing for `dead_after`. `server_fault`: the
    server was unreachable, not this mail's fault (`wake_deferred` makes it due again).
    Returns whether the mail is now a dead letter."""
    dead = await conn.fetchval(
        """update mail_outbox set locked_until = null, last_error = $3,
               next_attempt_at = now() + $2::interval,
               server_fault = $4,
               failing_since = coalesce(failing_since, now()),
               failed_at = case when $6 or coalesce(failing_since, now()) <= now() - $5::interval
                                then now() end
           where id = $1
           returning failed_at is not null""",
        mail_id,
        retry_in,
        error[:1000],
        server_fault,
        dead_after if dead_after is not None else timedelta(days=36500),
        permanent,
    )
    return bool(dead)


async def wake_deferred(conn: asyncpg.Connection) -> int:
    """Mails held back only because the SMTP server was unreachable are due now (it answers
    again); returns how many."""
    status = await conn.execute(
        """update mail_outbox set next_attempt_at = now(), server_fault = false
           where server_fault and sent_at is null and failed_at is null"""
    )
    return int(status.split()[-1])


@dataclass(frozen=True)
class MailboxEntry:
    id: int
    shop_id: UUID | None
    to_address: str
    subject: str
    text_body: str
    template: str
    created_at: datetime
    sent_at: datetime | None
    attempts: int
    last_error: str | None


async def recent(conn: asyncpg.Connection, limit: int, to: str | None = None) -> list[MailboxEntry]:
    """The newest outbox mails (development mailbox), optionally to one address."""
    rows = await conn.fetch(
        """select id, shop_id, to_address, subject, text_body, template, created_at, sent_at,
                  attempts, last_error
           from mail_outbox where ($2::text is null or lower(to_address) = lower($2))
           order by id desc limit $1""",
        limit,
        to,
    )
    return [MailboxEntry(**dict(r.items())) for r in rows]
