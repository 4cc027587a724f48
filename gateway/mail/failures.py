"""Dead letters for the admin: the shop's mails the sender gave up on, and retrying one.

A mail is a dead letter when the SMTP server refused it permanently (5xx) or it kept failing
for `MAIL_DEAD_AFTER_HOURS` (gateway/mail/sender.py). Nothing retries it until the admin does.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from uuid import UUID

import asyncpg

from gateway.db import mail_failures as db
from gateway.errors import Problem, ProblemError
from gateway.pagination import Page, page_request, to_page


@dataclass(frozen=True)
class FailurePage:
    page: Page[db.MailFailure]
    total_count: int


async def list_failures(
    pool: asyncpg.Pool, shop_id: UUID, first: int | None, after: str | None, max_page: int
) -> FailurePage:
    """A page of the shop's dead letters, newest failure first, and how many there are.
    Raises ProblemError (INVALID first/after) for a bad argument."""
    request = page_request(first, after, max_page)
    position = None
    if request.after is not None:
        try:
            position = (request.after.at, int(request.after.key))
        except ValueError:
            raise ProblemError(Problem("INVALID", ["after"], "This cursor is not valid.")) from None
    async with pool.acquire() as conn:
        rows = await db.failures(conn, shop_id, request.first + 1, position)
        total = await db.count_failures(conn, shop_id)
    page = to_page(rows, request, lambda m: (m.failed_at, m.id))
    return FailurePage(page=page, total_count=total)


async def retry_failure(
    pool: asyncpg.Pool, shop_id: UUID, mail_id: str, wakeup: asyncio.Event
) -> None:
    """Make one dead letter due now and wake the sender; NOT_FOUND when this shop has no such
    dead letter."""
    missing = ProblemError(Problem("NOT_FOUND", ["id"], "There is no such failed mail."))
    if not (mail_id.isascii() and mail_id.isdigit() and 0 < int(mail_id) < 2**63):
        raise missing
    key = int(mail_id)
    async with pool.acquire() as conn:
        if not await db.retry(conn, shop_id, key):
            raise missing
    wakeup.set()
