"""Relay connection plumbing shared by the account lists, and the signed-in check."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar
from uuid import UUID

import asyncpg
import strawberry
from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode
from strawberry.dataloader import DataLoader

from gateway.db.account_orders import PageKey
from gateway.errors import ProblemError, Unauthenticated
from gateway.pagination import PageRequest, page_request
from gateway.web.endpoint import PublicError
from resolvers.context import Context

T = TypeVar("T")


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


async def one_page(
    ctx: Context,
    root: Any,
    loader_class: type[DataLoader[PageKey, list[T]]],
    fetch: Callable[[asyncpg.Connection, UUID, list[PageKey]], Awaitable[list[list[T]]]],
    key: PageKey,
) -> list[T]:
    """A page of a contact's list. Under `viewer` there is one contact, so the loader would
    only add scheduling: fetch directly. Elsewhere (lists of contacts) batch through it."""
    if getattr(root, "_is_viewer", False):
        async with ctx.connection.acquire() as conn:
            return (await fetch(conn, ctx.shop_id, [key]))[0]
    return await ctx.loaders.get(loader_class).load(key)  # type: ignore[no-any-return]


async def require_viewer_id(ctx: Context) -> UUID:
    contact_id = await ctx.viewer_id()
    if contact_id is None:
        raise Unauthenticated()
    return contact_id


# Per field node of a cached document: the names node_fields answers (kept with the node, so
# its id is not reused while the entry lives).
_NODE_FIELDS: dict[int, tuple[FieldNode, frozenset[str]]] = {}
_MAX_NODE_FIELDS = 10_000


def node_fields(info: strawberry.Info[Context, None]) -> frozenset[str]:
    """Names of the fields asked for on `edges { node { ... } }` of this connection.

    Read off the query's syntax tree once per field node (directives are not evaluated: a
    skipped field counts as asked for, which only prefetches a little more).
    """
    raw = info._raw_info
    node = raw.field_nodes[0]
    entry = _NODE_FIELDS.get(id(node))
    if entry is not None and entry[0] is node and len(raw.field_nodes) == 1:
        return entry[1]
    fragments = raw.fragments
    nodes = _children(_children(raw.field_nodes, "edges", fragments), "node", fragments)
    names = frozenset(
        f.name.value
        for n in nodes
        if n.selection_set is not None
        for f in _fields(n.selection_set.selections, fragments)
    )
    if len(raw.field_nodes) == 1:
        if len(_NODE_FIELDS) >= _MAX_NODE_FIELDS:
            _NODE_FIELDS.clear()
        _NODE_FIELDS[id(node)] = (node, names)
    return names


def _fields(selections: Any, fragments: dict[str, Any]) -> Iterator[FieldNode]:
    """The field nodes of a selection set, through fragment spreads and inline fragments."""
    for selection in selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                yield from _fields(fragment.selection_set.selections, fragments)
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set.selections, fragments)


def _children(nodes: Any, name: str, fragments: dict[str, Any]) -> list[FieldNode]:
    """The sub-fields called `name` of these field nodes."""
    out: list[FieldNode] = []
    for node in nodes:
        if node.selection_set is not None:
            out.extend(
                f for f in _fields(node.selection_set.selections, fragments) if f.name.value == name
            )
    return out


def query_error(error: ProblemError) -> PublicError:
    """A refused query argument (first, after, ...) as a GraphQL error the caller may see,
    with `extensions.field` naming the argument when one problem does (as the text rule's
    INVALID errors do)."""
    fields = {tuple(p.field) for p in error.problems if p.field}
    field = list(next(iter(fields))) if len(fields) == 1 else None
    return PublicError("; ".join(p.message for p in error.problems), "BAD_USER_INPUT", field)
