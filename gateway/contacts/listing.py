"""Admin `contacts`: guests and registered contacts, newest first, keyset-paged, searchable."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from gateway.db.contact_writes import ContactPageQuery, page_of_contacts
from gateway.db.contacts import Contact
from gateway.errors import Problem, ProblemError

DEFAULT_PAGE = 20
MAX_SEARCH = 200


@dataclass(frozen=True)
class ContactPage:
    contacts: list[tuple[str, Contact]]  # (cursor, contact)
    has_next_page: bool

    @property
    def end_cursor(self) -> str | None:
        return self.contacts[-1][0] if self.contacts else None


def cursor_of(contact: Contact) -> str:
    raw = f"{contact.created_at.isoformat()}|{contact.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime, UUID]:
    invalid = ProblemError(Problem("INVALID", ["after"], "This cursor is not one we gave out."))
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, _, contact_id = raw.partition("|")
        created_at = datetime.fromisoformat(at)
        if created_at.tzinfo is None:
            raise invalid
        return created_at, UUID(contact_id)
    except (ValueError, UnicodeDecodeError):
        raise invalid from None


async def list_contacts(
    pool: asyncpg.Pool,
    shop_id: UUID,
    first: int | None,
    after: str | None,
    search: str | None,
    is_guest: bool | None,
    max_page: int,
) -> ContactPage:
    limit = DEFAULT_PAGE if first is None else first
    if not 0 <= limit <= max_page:
        raise ProblemError(Problem("INVALID", ["first"], f"first is 0 to {max_page}."))
    term = (search or "").strip() or None
    if term is not None and len(term) > MAX_SEARCH:
        raise ProblemError(Problem("INVALID", ["search"], "Search for at most 200 characters."))
    query = ContactPageQuery(
        limit=limit + 1,
        after=_decode(after) if after else None,
        search=term,
        is_guest=is_guest,
    )
    async with pool.acquire() as conn:
        rows = await page_of_contacts(conn, shop_id, query)
    return ContactPage([(cursor_of(c), c) for c in rows[:limit]], len(rows) > limit)
