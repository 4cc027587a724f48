"""Errors about a document or its variables that say nothing of the schema (production).

graphql-core's validation and coercion messages name types, fields, arguments and input fields
("Cannot query field 'x' on type 'Contact'.", "Field 'AddressInput.country' of required type
'String!' was not provided.", "Did you mean 'viewer { ... }'?"): enough for a word-list probe
such as clairvoyance to rebuild a schema with introspection off. In production each such message
is replaced by a generic one of its kind (same code and locations, so a client still sees where
its document is wrong); the original goes to the log. Our own refusals (depth, aliases, cost,
budget, text rules) name no schema element and pass unchanged.

`quiet(error) -> GraphQLError` for validation errors (cached with the document);
`quiet_formatted(formatted) -> dict` for request errors found while executing (variables).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from graphql import GraphQLError

log = logging.getLogger("gateway.graphql")

# Codes our own rules give; their messages hold no schema names.
OWN_CODES = frozenset(
    {
        "QUERY_TOO_DEEP",
        "TOO_MANY_ALIASES",
        "TOO_MANY_SIGN_IN_ATTEMPTS",
        "QUERY_TOO_COSTLY",
        "DOCUMENT_TOO_LARGE",
        "DOCUMENT_TOO_COMPLEX",
        "GRAPHQL_PARSE_FAILED",
        "INVALID",
    }
)

# (pattern of graphql-core's / Strawberry's message, the generic message shown instead)
_KINDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (r"^Cannot query field", "This field is not available here."),
        (r"^Unknown argument", "This argument is not available here."),
        (r"^Unknown type", "This type is not known."),
        (r"^Unknown directive|^Directive .* may not be used", "This directive is not allowed."),
        (r"^Unknown fragment", "This fragment is not defined."),
        (r"must have a selection of subfields", "This field needs a selection of subfields."),
        (r"must not have a selection", "This field takes no selection of subfields."),
        (
            r"^Field .* argument .* is required|^Argument .* is required",
            "A required argument is missing.",
        ),
        (r"^Argument .* has invalid value", "An argument's value does not fit where it is used."),
        (r"^Variable .* is never used", "A variable is declared but not used."),
        (r"^Variable .* is not defined", "A variable is used but not declared."),
        (r"^Variable .*", "A variable's value or type does not fit where it is used."),
        (
            r"^Expected value|^Expected type|required type|was not provided|^Enum |"
            r"^String cannot|^Int cannot|^Float cannot|^Boolean cannot|^ID cannot|"
            r"is not defined by type|^OneOf",
            "An argument's value does not have the expected type or fields.",
        ),
        (r"^Fragment .*cannot be spread", "This fragment does not fit here."),
        (r"conflict because", "Fields with the same name select different things."),
        (r"^Cannot return null for non-nullable", "A value could not be given."),
        (r"introspection", "Introspection is disabled."),
    )
)  # fmt: skip
GENERIC = "The document is not valid for this API."


def _generic(message: str) -> str:
    for pattern, replacement in _KINDS:
        if pattern.search(message):
            return replacement
    return GENERIC


# What a message may quote of the values a client sent (a password typed into a broken
# sign-up form, say): never written to the log. Names (single-quoted) stay for the operator.
_VALUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"found:.*", re.S), "found: (value not logged)"),
    (re.compile(r'"(?:[^"\\]|\\.)*"'), '"…"'),
    (re.compile(r"\{.*\}", re.S), "{…}"),
    (re.compile(r"\[.*\]", re.S), "[…]"),
)


def redacted(message: str) -> str:
    """The message without the values it quotes, for the log."""
    for pattern, replacement in _VALUES:
        message = pattern.sub(replacement, message)
    return message


def _is_own(code: Any) -> bool:
    return code in OWN_CODES


def quiet(error: GraphQLError) -> GraphQLError:
    """The same error with a message that names no type, field, argument or input."""
    if _is_own((error.extensions or {}).get("code")):
        return error
    log.info("validation error (shown generically): %s", redacted(error.message))
    return GraphQLError(
        _generic(error.message),
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        extensions=dict(error.extensions or {}),
    )


def quiet_formatted(formatted: dict[str, Any]) -> dict[str, Any]:
    """A formatted request error (e.g. a variable's coercion) with a generic message."""
    extensions = formatted.get("extensions") or {}
    if _is_own(extensions.get("code")):
        return formatted
    message = str(formatted.get("message", ""))
    log.info("request error (shown generically): %s", redacted(message))
    out = {**formatted, "message": _generic(message)}
    out["extensions"] = {k: v for k, v in extensions.items() if k == "code"}
    return out
