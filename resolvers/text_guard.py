"""The one place where every string argument and input field is checked (`gateway.text`).

At schema assembly each field that takes arguments holding text (String, ID, JSON, at any depth
of input objects and lists) gets its resolver wrapped: before the resolver runs, the coerced
arguments are walked and the first string `text_fault` refuses answers `INVALID` on its path:
- in the payload's `errors` (`field: ["input", "lines", "1", "sku"]`) when the field returns a
  payload (`errors: [UserError!]!`, every other field nullable), as any other refused input;
- otherwise as a GraphQL error `{"message": ..., "path": [...], "extensions": {"code":
  "INVALID", "field": [...]}}` on that field (queries such as `product(sku:)`).
The resolver does not run, so nothing reaches the database. Fields without such arguments are
left as they are (no cost on the hot, argument-less fields of a dashboard).

Multi-line free text is the exception, declared once in `MULTI_LINE`: it keeps TAB and line
breaks (CR LF normalised to LF) and refuses the other control characters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import (
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    default_field_resolver,
    get_named_type,
)

from gateway.text import normalise_line_breaks, text_fault
from gateway.web.endpoint import PublicError
from resolvers.errors import UserError, UserErrorCode

# "InputType.field" or "ParentType.field(argument)": free text where line breaks belong.
MULTI_LINE = frozenset(
    {
        "ReturnRequestInput.comment",
        "ReturnUpdateInput.note",
        "SellerInput.address",
    }
)
# Arguments the domain checks itself with the same rule, piece by piece: a CSV file's cells,
# so that one bad row fails alone and the others are imported (gateway/contacts/csv_rows.py).
CHECKED_BY_DOMAIN = frozenset({"Mutation.contactsImport(csv)"})
# Scalars whose coerced value may be (or hold) a str. Decimal, Date, DateTime and the like
# parse their input into other types, refusing what does not parse.
TEXT_SCALARS = frozenset({"String", "ID", "JSON"})


class _Refused(Exception):
    def __init__(self, path: list[str], message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _holds_text(type_: Any, seen: set[str]) -> bool:
    named = get_named_type(type_)
    if isinstance(named, GraphQLScalarType):
        return named.name in TEXT_SCALARS
    if isinstance(named, GraphQLInputObjectType) and named.name not in seen:
        seen.add(named.name)
        return any(_holds_text(f.type, seen) for f in named.fields.values())
    return False


def _check(value: Any, type_: Any, path: list[str], multiline: bool) -> Any:
    """`value` with multi-line text normalised; raises _Refused at the first bad string."""
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    if value is None:
        return None
    if isinstance(value, str):
        fault = text_fault(value, multiline=multiline)
        if fault is not None:
            raise _Refused(path, fault)
        return normalise_line_breaks(value) if multiline else value
    if isinstance(type_, GraphQLList):
        if isinstance(value, list):
            if _all_fine(value, multiline):
                return value
            for index, item in enumerate(value):
                value[index] = _check(item, type_.of_type, [*path, str(index)], multiline)
        return value
    if isinstance(type_, GraphQLInputObjectType) and isinstance(value, dict):
        for name, field in type_.fields.items():
            if name in value:
                wide = f"{type_.name}.{name}" in MULTI_LINE
                value[name] = _check(value[name], field.type, [*path, name], wide)
        return value
    if isinstance(value, dict | list):  # JSON: any shape, keys included
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if isinstance(key, str):
                _check(key, None, [*path, key], multiline)
            _check(item, None, [*path, str(key)], multiline)
    return value


def _all_fine(items: list[Any], multiline: bool) -> bool:
    """True when `items` are all strings and none needs a change: one C-speed pass over a
    long list (`prices(skus:)` with a thousand SKUs) instead of a call per item."""
    try:
        joined = "".join(items)
    except TypeError:  # not all strings (input objects, numbers, nulls)
        return False
    return text_fault(joined, multiline=multiline) is None and not (multiline and "\r" in joined)


def _payload_factory(field: GraphQLField) -> Callable[[UserError], Any] | None:
    """A function making the field's payload with one error, or None when it has none."""
    named = get_named_type(field.type)
    if not isinstance(named, GraphQLObjectType) or "errors" not in named.fields:
        return None
    definition = (named.extensions or {}).get("strawberry-definition")
    if definition is None:
        return None
    for name, sub in named.fields.items():
        if name != "errors" and isinstance(sub.type, GraphQLNonNull):
            return None  # no honest empty value to give it
    init = {
        f.python_name: None
        for f in definition.fields
        if f.base_resolver is None and f.init and f.python_name != "errors"
    }
    origin = definition.origin
    return lambda error: origin(**init, errors=[error])


def _guarded(field: GraphQLField, where: str) -> Callable[..., Any]:
    resolve = field.resolve or default_field_resolver
    arguments = [
        (name, arg.type, f"{where}({name})" in MULTI_LINE)
        for name, arg in field.args.items()
        if _holds_text(arg.type, set()) and f"{where}({name})" not in CHECKED_BY_DOMAIN
    ]
    payload = _payload_factory(field)

    def resolve_checked(source: Any, info: Any, **args: Any) -> Any:
        try:
            for name, type_, multiline in arguments:
                if name in args:
                    args[name] = _check(args[name], type_, [name], multiline)
        except _Refused as refused:
            if payload is not None:
                error = UserError(
                    code=UserErrorCode.INVALID, field=refused.path, message=refused.message
                )
                return payload(error)
            raise PublicError(refused.message, "INVALID", field=refused.path) from None
        return resolve(source, info, **args)

    return resolve_checked


def guard_text_arguments(schema: strawberry.Schema) -> strawberry.Schema:
    """Wrap the resolver of every field (of every object type) with text arguments."""
    for named in schema._schema.type_map.values():
        if not isinstance(named, GraphQLObjectType) or named.name.startswith("__"):
            continue
        for name, field in named.fields.items():
            if any(_holds_text(arg.type, set()) for arg in field.args.values()):
                field.resolve = _guarded(field, f"{named.name}.{name}")
    return schema
