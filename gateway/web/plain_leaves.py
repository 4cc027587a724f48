"""How the compiled subtrees (`gateway.web.plain_subtrees`) complete leaf values: inline
equivalents of the built-in scalars' output coercion for values of exact classes, enum members
by a table the enum type's own coercion filled, and otherwise the type's coercion itself."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from operator import methodcaller
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLID,
    GraphQLInt,
    GraphQLScalarType,
    GraphQLString,
    Undefined,
)


class Fallback(Exception):
    """The compiled path cannot reproduce this answer; run the normal one."""


def _sequence(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return value
    raise Fallback


# Output coercions with an inline equivalent for values of exact classes: (check, result).
# Anything else goes through the scalar's own coercion (`_leaf`).
_INLINE: dict[Any, tuple[str, str]] = {
    GraphQLString.coerce_output_value: ("{0}.__class__ is str", "{0}"),
    GraphQLID.coerce_output_value: ("{0}.__class__ is str", "{0}"),
    GraphQLBoolean.coerce_output_value: ("{0}.__class__ is bool", "{0}"),
    GraphQLInt.coerce_output_value: (
        "({0}.__class__ is int and -2147483648 <= {0} <= 2147483647)",
        "{0}",
    ),
    str: ("({0}.__class__ is _Decimal or {0}.__class__ is _UUID)", "_str({0})"),
}


_ISOFORMAT = ("({0}.__class__ is _datetime or {0}.__class__ is _date)", "{0}.isoformat()")


def inline_for(coerce: Any) -> tuple[str, str] | None:
    """The inline (check, result) of an output coercion, or None. Besides the built-in scalars,
    a coercion that is `methodcaller("isoformat")` (Strawberry's DateTime and Date) is inlined
    for exact `datetime` and `date` values."""
    inline = _INLINE.get(coerce)
    if inline is None and isinstance(coerce, methodcaller) and repr(coerce) == _ISOFORMAT_REPR:
        return _ISOFORMAT
    return inline


_ISOFORMAT_REPR = repr(methodcaller("isoformat"))


def _enum_names(type_: Any) -> tuple[type, dict[Any, str]] | None:
    """For an enum type backed by a Python Enum class (Strawberry's `wrapped_cls`): the class
    and each member's output name, computed once by the type's own coercion (so a member of
    exactly that class is completed by a dict lookup); None when that does not apply."""
    cls = getattr(type_, "wrapped_cls", None)
    if not isinstance(type_, GraphQLEnumType) or not (
        isinstance(cls, type) and issubclass(cls, Enum)
    ):
        return None
    names: dict[Any, str] = {}
    for member in cls:
        try:
            name = type_.coerce_output_value(member)
        except Exception:
            return None
        if not isinstance(name, str):
            return None
        names[member] = name
    return cls, names


def _leaf(type_: GraphQLScalarType | GraphQLEnumType) -> Callable[[Any], Any]:
    coerce = type_.coerce_output_value

    def complete_leaf(value: Any) -> Any:
        if value is None or isinstance(value, Exception):
            raise Fallback
        try:
            coerced = coerce(value)
        except Exception:
            raise Fallback from None
        if coerced is None or coerced is Undefined:
            raise Fallback
        return coerced

    return complete_leaf
