"""Text PostgreSQL cannot store: NUL (U+0000) anywhere in a request's strings.

PostgreSQL's text types cannot hold U+0000, so a NUL in any argument, whether written in the
document or sent as a variable, would fail deep in a resolver as an internal error. It is
refused before execution instead, in one place for every operation: literals when the document
is prepared (cached with it), variables per request (a scan of the decoded JSON, cheap and
only thorough when the quick test finds a NUL).
"""

from __future__ import annotations

from typing import Any

from graphql import DocumentNode, GraphQLError, StringValueNode, Visitor, visit

NUL = "\x00"
MESSAGE = "Text may not contain the NUL character (U+0000)."


class _NulFinder(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[StringValueNode] = []

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        if NUL in node.value:
            self.found.append(node)


def nul_literal_errors(document: DocumentNode) -> list[GraphQLError]:
    """One INVALID error per string literal of the document holding a NUL."""
    finder = _NulFinder()
    visit(document, finder)
    return [GraphQLError(MESSAGE, nodes=[n], extensions={"code": "INVALID"}) for n in finder.found]


def nul_variable_path(value: Any, path: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """The path of the first string (or object key) holding a NUL in decoded JSON, or None."""
    if isinstance(value, str):
        return path if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if NUL in key:
                return (*path, key)
            found = nul_variable_path(item, (*path, key))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = nul_variable_path(item, (*path, index))
            if found is not None:
                return found
    return None


def nul_variable_error(variables: dict[str, Any] | None) -> dict[str, Any] | None:
    """A GraphQL error (formatted) naming the variable that holds a NUL, or None."""
    if not variables:
        return None
    path = nul_variable_path(variables)
    if path is None:
        return None
    name = "$" + ".".join(str(p) for p in path)
    return {
        "message": f"Variable {name}: {MESSAGE}",
        "extensions": {"code": "INVALID", "variable": [str(p) for p in path]},
    }
