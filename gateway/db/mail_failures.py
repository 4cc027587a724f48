"""SQL for dead letters: mails the sender gave up on (`mail_outbox.failed_at`), per shop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg


@dataclass(frozen=True)
class MailFailure:
    id: int
    to_address: str
    subject: str
    template: str
    created_at: datetime
    failing_since: datetime | None
    failed_at: datetime
    attempts: int
    last_error: str | None


_COLUMNS = """id, to_address, subject, template, created_at, failing_since, failed_at, attempts,
    last_error"""


async def failures(
    conn: asyncpg.Connection, shop_id: UUID, limit: int, after: tuple[datetime, int] | None
) -> list[MailFailure]:
    """A shop's dead letters, newest failure first, keyset-paged on (failed_at, id)."""
    rows = await conn.fetch(
        f"""select {_COLUMNS} from mail_outbox
            where shop_id = $1 and failed_at is not null
              and ($3::timestamptz is null or (failed_at, id) < ($3, $4))
            order by failed_at desc, id desc limit $2""",
        shop_id,
        limit,
        after[0] if after else None,
        after[1] if after else None,
    )
    return [MailFailure(**dict(r.items())) for r in rows]


async def count_failures(conn: asyncpg.Connection, shop_id: UUID | None) -> int:
    """Dead letters of one shop, or of every shop (None)."""
    return int(
        await conn.fetchval(
            """select count(*) from mail_outbox
               where failed_at is not null and ($1::uuid is null or shop_id = $1)""",
            shop_id,
        )
    )


async def retry(conn: asyncpg.Connection, shop_id: UUID, mail_id: int) -> bool:
    """Give one dead letter another run of attempts, due now; False if there is no such dead
    letter in this shop (delivered, never failed, or another shop's)."""
    status = await conn.execute(
        """update mail_outbox set failed_at = null, failing_since = null, server_fault = false,
               next_attempt_at = now(), locked_until = null
           where id = $1 and shop_id = $2 and failed_at is not null and sent_at is null""",
        mail_id,
        shop_id,
    )
    return status == "UPDATE 1"
