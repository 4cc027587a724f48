"""Compile a field whose whole answer is plain data into one Python function.

A field is plain when its value is read off the parent object, not computed by a resolver: a
field without resolver, extensions or arguments, or a field whose value a list resolver already
prefetched (see `PREFETCHED`). A plain field whose selection set holds only plain fields, all the
way down (objects like `Money { amount currency }`, lists of plain objects, enums, scalars,
`__typename`), is completed by nested closures built once per (parent type, field nodes) instead
of graphql-core's per-field machinery (resolve info, path, completion dispatch).

The compiled function raises `Fallback` on anything it does not reproduce exactly: a null in a
non-null position, a value a serialiser refuses, an attribute that is missing, a value that was
not prefetched. The executor then runs the normal path for the same field, which re-reads the
same plain data and reports errors exactly as graphql-core does. What is never compiled: fields
with arguments or directives (`@skip`, `@include`, `@defer`), fragment spreads, inline fragments
on another type, abstract types, types with an `is_type_of` check, introspection other than
`__typename`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionNode,
    Undefined,
)

# `strawberry.field(metadata={PREFETCHED: "_attribute"})`: when the parent object's attribute
# holds anything but NOT_PREFETCHED, it is the field's value (what the resolver would return).
PREFETCHED = "gateway.prefetched"


class _NotPrefetched:
    def __repr__(self) -> str:
        return "NOT_PREFETCHED"


NOT_PREFETCHED: Any = _NotPrefetched()


class Fallback(Exception):
    """The compiled path cannot reproduce this answer; run the normal one."""


Reader = Callable[[Any], Any]
Complete = Callable[[Any], Any]
# id(field) -> how to read the field's value off its parent object
PlainFields = dict[int, Reader]


def _attribute_reader(name: str) -> Reader:
    def read(source: Any) -> Any:
        return getattr(source, name)

    return read


def _prefetched_reader(name: str) -> Reader:
    def read(source: Any) -> Any:
        value = getattr(source, name)
        if value is NOT_PREFETCHED:
            raise Fallback
        return value

    return read


def plain_fields(schema: GraphQLSchema, definition_key: str) -> PlainFields:
    """Fields read off their parent; `definition_key` names the schema library's definition in
    `field.extensions` (Strawberry: "strawberry-definition")."""
    found: PlainFields = {}
    for named in schema.type_map.values():
        if not isinstance(named, GraphQLObjectType) or named.name.startswith("__"):
            continue
        for field in named.fields.values():
            definition = (field.extensions or {}).get(definition_key)
            if definition is None or field.args or getattr(definition, "extensions", None):
                continue
            prefetched = (getattr(definition, "metadata", None) or {}).get(PREFETCHED)
            if prefetched:
                found[id(field)] = _prefetched_reader(prefetched)
            elif getattr(definition, "is_basic_field", False):
                found[id(field)] = _attribute_reader(definition.python_name)
    return found


class Compiler:
    """Builds (and the caller caches) the completion function of a plain field."""

    def __init__(self, fields: PlainFields) -> None:
        self.fields = fields

    def field(self, parent_type: GraphQLObjectType, nodes: Sequence[FieldNode]) -> Reader | None:
        """A function parent object -> completed value of these merged field nodes, or None."""
        first = nodes[0]
        if first.name.value == "__typename":
            type_name = parent_type.name
            return lambda _source: type_name
        field = parent_type.fields.get(first.name.value)
        if field is None:
            return None
        read = self.fields.get(id(field))
        if read is None or any(n.arguments or n.directives for n in nodes):
            return None
        complete = self._value(field.type, nodes)
        if complete is None:
            return None

        def resolve(source: Any) -> Any:
            return complete(read(source))

        return resolve

    def value(self, type_: GraphQLOutputType, nodes: Sequence[FieldNode]) -> Complete | None:
        """A function resolved value -> completed value of a field of `type_` selected by these
        merged nodes, whose resolver has run (a field with arguments or a resolver whose answer
        is plain data all the way down, e.g. a list of prices), or None."""
        if any(n.directives for n in nodes):
            return None
        return self._value(type_, nodes)

    def _value(self, type_: GraphQLOutputType, nodes: Sequence[FieldNode]) -> Complete | None:
        """Completion of a possibly-null value of `type_`."""
        if isinstance(type_, GraphQLNonNull):
            inner = self._non_null(type_.of_type, nodes)
            if inner is None:
                return None

            def non_null(value: Any) -> Any:
                if value is None:
                    raise Fallback
                return inner(value)

            return non_null
        complete = self._non_null(type_, nodes)
        if complete is None:
            return None

        def nullable(value: Any) -> Any:
            return None if value is None else complete(value)

        return nullable

    def _non_null(self, type_: Any, nodes: Sequence[FieldNode]) -> Complete | None:
        """Completion of a value known not to be null."""
        if isinstance(type_, GraphQLList):
            item = self._value(type_.of_type, nodes)
            if item is None:
                return None

            def complete_list(value: Any) -> Any:
                if not isinstance(value, list | tuple):
                    raise Fallback
                return [item(v) for v in value]

            return complete_list
        if isinstance(type_, GraphQLScalarType | GraphQLEnumType):
            return _leaf(type_)
        if isinstance(type_, GraphQLObjectType):
            return self._object(type_, nodes)
        return None  # interfaces and unions

    def _object(self, type_: GraphQLObjectType, nodes: Sequence[FieldNode]) -> Complete | None:
        if type_.is_type_of is not None:
            return None
        groups: dict[str, list[FieldNode]] = {}
        for node in nodes:
            if node.selection_set is None or not _collect(
                type_, node.selection_set.selections, groups
            ):
                return None
        parts: list[tuple[str, Reader]] = []
        for key, group in groups.items():
            resolve = self.field(type_, group)
            if resolve is None:
                return None
            parts.append((key, resolve))

        def complete_object(value: Any) -> Any:
            if isinstance(value, Exception):
                raise Fallback
            return {key: resolve(value) for key, resolve in parts}

        return complete_object


def _collect(
    type_: GraphQLObjectType,
    selections: Sequence[SelectionNode],
    groups: dict[str, list[FieldNode]],
) -> bool:
    """Group field nodes by response key as graphql-core does; False on what is not handled."""
    for selection in selections:
        if selection.directives:
            return False
        if isinstance(selection, FieldNode):
            key = selection.alias.value if selection.alias else selection.name.value
            groups.setdefault(key, []).append(selection)
        elif isinstance(selection, InlineFragmentNode):
            condition = selection.type_condition
            if condition is not None and condition.name.value != type_.name:
                return False
            if not _collect(type_, selection.selection_set.selections, groups):
                return False
        else:  # fragment spreads (their definitions live in the document)
            return False
    return True


def _leaf(type_: GraphQLScalarType | GraphQLEnumType) -> Complete:
    coerce = type_.coerce_output_value

    def complete_leaf(value: Any) -> Any:
        if isinstance(value, Exception):
            raise Fallback
        try:
            coerced = coerce(value)
        except Exception:
            raise Fallback from None
        if coerced is None or coerced is Undefined:
            raise Fallback
        return coerced

    return complete_leaf
