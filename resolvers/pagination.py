"""Relay pagination pieces shared by connections: `pageInfo { hasNextPage endCursor }`."""

from __future__ import annotations

import strawberry

from gateway.errors import ProblemError
from gateway.web.endpoint import PublicError


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


def query_error(error: ProblemError) -> PublicError:
    """A refused query argument (first, after, ...) as a GraphQL error the caller may see."""
    return PublicError("; ".join(p.message for p in error.problems), "BAD_USER_INPUT")
