"""Keyset pages for Relay connections: opaque cursors over (timestamp, key) sort positions.

A cursor is URL-safe base64 of "<ISO timestamp>|<key>"; lists are newest first, so the next page
holds the rows strictly before the cursor in (timestamp desc, key desc) order.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from gateway.errors import Problem, ProblemError

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 20


@dataclass(frozen=True)
class Position:
    at: datetime
    key: str


@dataclass(frozen=True)
class PageRequest:
    """At most `first` rows after `after` (None: from the newest)."""

    first: int
    after: Position | None


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[tuple[str, T]]  # (cursor, row)
    has_next_page: bool

    @property
    def end_cursor(self) -> str | None:
        return self.items[-1][0] if self.items else None


def encode_cursor(at: datetime, key: object) -> str:
    raw = f"{at.isoformat()}|{key}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> Position:
    invalid = ProblemError(Problem("INVALID", ["after"], "This cursor is not valid."))
    if len(cursor) > 400:
        raise invalid
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at_text, key = raw.split("|", 1)
        at = datetime.fromisoformat(at_text)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid from None
    if at.tzinfo is None or not key:
        raise invalid
    return Position(at, key)


def page_request(first: int | None, after: str | None, max_page_size: int) -> PageRequest:
    """Check `first` (0..max) and decode `after`; raises ProblemError for bad arguments."""
    size = DEFAULT_PAGE_SIZE if first is None else first
    if size < 0 or size > max_page_size:
        raise ProblemError(
            Problem("INVALID", ["first"], f"first must be between 0 and {max_page_size}.")
        )
    return PageRequest(size, decode_cursor(after) if after else None)


def to_page(
    rows: list[T], request: PageRequest, position: Callable[[T], tuple[datetime, object]]
) -> Page[T]:
    """Rows fetched with limit `first + 1`: the extra row only tells that a next page exists."""
    shown = rows[: request.first]
    return Page(
        items=[(encode_cursor(*position(r)), r) for r in shown],
        has_next_page=len(rows) > request.first,
    )
