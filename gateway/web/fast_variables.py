"""Variable coercion without per-item work for long lists of strings.

graphql-core coerces a variable item by item (`coerce_input_value` recursing into each item,
after `input_is_nested_too_deeply` walked them all): about 2 us per item, so for `prices(skus:)`
with 500 SKUs it was a fifth of the whole request. For a list of exact `str` values declared
`[String!]`, `[String]`, `[ID!]` or `[ID]` (with or without `!` outside) graphql-core's result
is a new list of the same strings: the String and ID scalars return a `str` input unchanged.

`build_with_string_lists` hands graphql-core an empty list in place of each such value (an
empty list is valid for every list type), lets it coerce everything else, then puts a copy of
the real list in place. When the declared type turns out not to be one of those, or anything
fails, it builds again with the original values: results and errors stay graphql-core's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLID, GraphQLList, GraphQLNonNull, GraphQLString
from graphql.execution.values import VariableValueSource

# Shorter lists are left to graphql-core: the saving would not pay for the second look.
MIN_ITEMS = 16
_STRING_SCALARS = (GraphQLString, GraphQLID)


def _string_items(value: Any) -> bool:
    """A list of at least MIN_ITEMS values, all exactly `str`."""
    if value.__class__ is not list or len(value) < MIN_ITEMS:
        return False
    return all(item.__class__ is str for item in value)


def _is_string_list(type_: Any) -> bool:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    if not isinstance(type_, GraphQLList):
        return False
    item = type_.of_type
    if isinstance(item, GraphQLNonNull):
        item = item.of_type
    return any(item is scalar for scalar in _STRING_SCALARS)


def build_with_string_lists(
    build: Callable[[dict[str, Any] | None], Any], raw_variable_values: dict[str, Any] | None
) -> Any:
    """`build(raw_variable_values)` (graphql-core's `Executor.build` for these variables: an
    executor or a list of errors), with long string lists not coerced item by item."""
    if not raw_variable_values:
        return build(raw_variable_values)
    held = {n: v for n, v in raw_variable_values.items() if _string_items(v)}
    if not held:
        return build(raw_variable_values)
    executor = build({**raw_variable_values, **{name: [] for name in held}})
    if isinstance(executor, list):  # errors: let graphql-core report them on the real values
        return build(raw_variable_values)
    values = executor.variable_values
    for name, value in held.items():
        source = values.sources.get(name)
        if source is None or not _is_string_list(source.signature.type):
            # Not a variable of this operation, or not a list of strings: the normal way.
            return build(raw_variable_values)
        values.coerced[name] = list(value)
        values.sources[name] = VariableValueSource(source.signature, value)
    return executor
