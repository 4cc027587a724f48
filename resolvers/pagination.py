"""Relay connection plumbing shared by the account lists, and the signed-in check."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import strawberry
from strawberry.types.nodes import SelectedField

from gateway.db.account_orders import PageKey
from gateway.errors import ProblemError, Unauthenticated
from gateway.pagination import PageRequest, page_request
from gateway.web.endpoint import PublicError
from resolvers.context import Context


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


def requested_page(ctx: Context, first: int | None, after: str | None) -> PageRequest:
    """Bad `first` (more than the page limit) or `after` is a GraphQL error, not data."""
    try:
        return page_request(first, after, ctx.settings.max_page_size)
    except ProblemError as error:
        raise PublicError(str(error), "BAD_USER_INPUT") from None


def page_key(contact_id: UUID, request: PageRequest) -> PageKey:
    """The loader key: one more row than asked tells whether there is a next page."""
    after = request.after
    return (
        contact_id,
        request.first + 1,
        after.at if after else None,
        after.key if after else None,
    )


async def require_viewer_id(ctx: Context) -> UUID:
    contact_id = await ctx.viewer_id()
    if contact_id is None:
        raise Unauthenticated()
    return contact_id


def node_fields(info: strawberry.Info[Context, None]) -> set[str]:
    """Names of the fields asked for on `edges { node { ... } }` of this connection."""

    def children(selections: list[Any], name: str) -> list[Any]:
        out: list[Any] = []
        for selection in selections:
            if isinstance(selection, SelectedField):
                if selection.name == name:
                    out.extend(selection.selections)
            else:  # fragment spread or inline fragment
                out.extend(children(selection.selections, name))
        return out

    def names(selections: list[Any]) -> set[str]:
        found: set[str] = set()
        for selection in selections:
            if isinstance(selection, SelectedField):
                found.add(selection.name)
            else:
                found |= names(selection.selections)
        return found

    connection = info.selected_fields[0].selections
    return names(children(children(connection, "edges"), "node"))


def query_error(error: ProblemError) -> PublicError:
    """A refused query argument (first, after, ...) as a GraphQL error the caller may see."""
    return PublicError("; ".join(p.message for p in error.problems), "BAD_USER_INPUT")
