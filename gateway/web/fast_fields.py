"""A graphql-core executor with a fast path for plain leaf fields.

Most fields of a large answer (order numbers, amounts, dates, statuses) are attributes read off
an object and serialised. graphql-core builds a resolve-info object, calls the resolver through
the schema library's wrapper and runs the generic completion for each of them; that per-field
work dominates a dashboard answer of a few hundred fields. Here such a field is read with
`getattr` and serialised directly. Which fields qualify is decided once per schema: no resolver,
no field extensions, no arguments, a scalar or enum type. Anything unusual (a null for a
non-null field, a serialisation error) goes the normal way, so errors look the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    is_leaf_type,
)
from graphql.execution.incremental.incremental_executor import IncrementalExecutor

# id(field) -> (attribute name, serialiser); only for fields that qualify (fields live as long
# as their schema, so their ids are stable).
FastFields = dict[int, tuple[str, Callable[[Any], Any]]]


def plain_leaf_fields(schema: GraphQLSchema, definition_key: str) -> FastFields:
    """Fields whose definition (in `field.extensions[definition_key]`) has no resolver."""
    found: FastFields = {}
    for named in schema.type_map.values():
        if not isinstance(named, GraphQLObjectType) or named.name.startswith("__"):
            continue
        for field in named.fields.values():
            definition = (field.extensions or {}).get(definition_key)
            leaf = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
            if (
                definition is None
                or not getattr(definition, "is_basic_field", False)
                or getattr(definition, "extensions", None)
                or field.args
                or not is_leaf_type(leaf)
            ):
                continue
            found[id(field)] = (definition.python_name, leaf.coerce_output_value)  # type: ignore[union-attr]
    return found


def fast_executor(fields: FastFields) -> type[IncrementalExecutor]:
    """An executor class that reads the given fields directly."""

    class FastFieldExecutor(IncrementalExecutor):
        def execute_field(  # type: ignore[override]
            self,
            parent_type: GraphQLObjectType,
            source: Any,
            field_details_list: Any,
            path: Any,
            position_context: Any,
        ) -> Any:
            node = field_details_list[0].node
            field = parent_type.fields.get(node.name.value)
            fast = fields.get(id(field)) if field is not None else None
            if fast is not None and not node.arguments and len(field_details_list) == 1:
                try:
                    value = getattr(source, fast[0])
                    if value is not None:
                        return fast[1](value)
                except Exception:  # noqa: S110 - the normal path reports it
                    pass
            return super().execute_field(
                parent_type, source, field_details_list, path, position_context
            )

    return FastFieldExecutor
