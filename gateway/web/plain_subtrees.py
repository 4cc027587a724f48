"""Compile a field whose whole answer is plain data into one Python function.

A field is plain when its value is read off the parent object, not computed by a resolver: a
field without resolver, extensions or arguments, or a field whose value a list resolver already
prefetched (see `PREFETCHED`). A plain field whose selection set holds only plain fields, all the
way down (objects like `Money { amount currency }`, lists of plain objects, enums, scalars,
`__typename`), is completed by nested closures built once per (parent type, field nodes) instead
of graphql-core's per-field machinery (resolve info, path, completion dispatch).

An object type marked `@shared` (its Python objects are shared between requests and never
change, e.g. the per-SKU answers the catalogue cache keeps for `prices`) keeps its completed
value on the object, per compiled selection (at most `MAX_MEMOS` selections per object): the
next request asking the same selection of the same object gets the same response dict. A
response dict is only ever serialised, never changed, so sharing it is safe.

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
from datetime import date, datetime
from decimal import Decimal
from keyword import iskeyword
from typing import Any
from uuid import UUID

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
)

from gateway.web.plain_leaves import Fallback, _enum_names, _leaf, _sequence, inline_for

# `strawberry.field(metadata={PREFETCHED: "_attribute"})`: when the parent object's attribute
# holds anything but NOT_PREFETCHED, it is the field's value (what the resolver would return).
PREFETCHED = "gateway.prefetched"


class _NotPrefetched:
    def __repr__(self) -> str:
        return "NOT_PREFETCHED"


NOT_PREFETCHED: Any = _NotPrefetched()

# Set on a class by `shared`; the attribute its instances keep completed values in.
SHARED = "_gateway_shared"
_MEMO = "_gateway_completed"
MAX_MEMOS = 4  # completed values kept per object (one per selection asked of it)


def shared(cls: type) -> type:
    """Class decorator: instances are shared between requests and never change after they are
    made, so their completed values may be kept on them (see the module docstring). The class
    must keep an instance `__dict__` (no `__slots__`)."""
    setattr(cls, SHARED, True)
    return cls


def shared_types(schema: GraphQLSchema, definition_key: str) -> frozenset[int]:
    """ids of the object types whose Python class (the definition's `origin`) is `shared`."""
    found = set()
    for named in schema.type_map.values():
        if not isinstance(named, GraphQLObjectType):
            continue
        origin = getattr((named.extensions or {}).get(definition_key), "origin", None)
        if isinstance(origin, type) and getattr(origin, SHARED, False) and _has_dict(origin):
            found.add(id(named))
    return frozenset(found)


def _has_dict(cls: type) -> bool:
    return all("__slots__" not in vars(k) or "__dict__" in k.__slots__ for k in cls.__mro__[:-1])


def _remember(obj: Any, token: object, value: Any) -> None:
    memos = obj.__dict__.get(_MEMO)
    if memos is None:
        memos = obj.__dict__[_MEMO] = {}
    elif len(memos) >= MAX_MEMOS:
        memos.clear()
    memos[token] = value


Reader = Callable[[Any], Any]
Complete = Callable[[Any], Any]
# id(field) -> how to read the field's value off its parent object
PlainFields = dict[int, Reader]


def _attribute_reader(name: str) -> Reader:
    def read(source: Any) -> Any:
        return getattr(source, name)

    read.attribute = name  # type: ignore[attr-defined] - read inline by generated code
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
    """Builds (and the caller caches) the completion function of a plain field.

    The function is Python source generated once per selection (one function per object
    selection reading its fields into locals and returning the response dict, lists as
    comprehensions, built-in scalars checked inline by exact class) and compiled: a completed
    value costs a few bytecodes per field instead of a chain of closure calls."""

    def __init__(self, fields: PlainFields, shared: frozenset[int] = frozenset()) -> None:
        self.fields = fields
        self.shared = shared

    def field(self, parent_type: GraphQLObjectType, nodes: Sequence[FieldNode]) -> Reader | None:
        """A function parent object -> completed value of these merged field nodes, or None."""
        gen = _Generator(self.fields, self.shared)
        lines = gen.field(parent_type, nodes, "source", "a")
        if lines is None:
            return None
        return gen.build("source", lines)

    def value(self, type_: GraphQLOutputType, nodes: Sequence[FieldNode]) -> Complete | None:
        """A function resolved value -> completed value of a field of `type_` selected by these
        merged nodes, whose resolver has run (a field with arguments or a resolver whose answer
        is plain data all the way down, e.g. a list of prices), or None."""
        if any(n.directives for n in nodes):
            return None
        gen = _Generator(self.fields, self.shared)
        expression = gen.value(type_, nodes, "value", 0)
        if expression is None:
            return None
        return gen.build("value", [f"return {expression}"])


class _Generator:
    """Source of one completion function. Every check that fails raises Fallback (directly or
    through a helper), so the generated code only ever returns what graphql-core would."""

    def __init__(self, fields: PlainFields, shared: frozenset[int] = frozenset()) -> None:
        self.fields = fields
        self.shared = shared
        self.names: dict[str, Any] = {
            "Fallback": Fallback,
            "_remember": _remember,
            "_sequence": _sequence,
            "_exception": Exception,
            "_isinstance": isinstance,
            "_str": str,
            "_Decimal": Decimal,
            "_UUID": UUID,
            "_datetime": datetime,
            "_date": date,
        }
        self.functions: list[str] = []

    def build(self, argument: str, body: list[str]) -> Callable[[Any], Any]:
        lines = [*self.functions, f"def complete({argument}):", *(f"    {b}" for b in body)]
        code = compile("\n".join(lines) + "\n", "<plain subtree>", "exec")
        exec(code, self.names)  # noqa: S102 - source generated here; names are identifiers
        return self.names["complete"]  # type: ignore[no-any-return]

    def _name(self, value: Any, prefix: str) -> str:
        name = f"_{prefix}{len(self.names)}"
        self.names[name] = value
        return name

    def field(
        self, parent_type: GraphQLObjectType, nodes: Sequence[FieldNode], source: str, local: str
    ) -> list[str] | None:
        """Statements: `local` = the raw value read off `source`; then `return` its completion."""
        first = nodes[0]
        if first.name.value == "__typename":
            return [f"return {parent_type.name!r}"]
        read = self._read(parent_type, nodes, source)
        if read is None:
            return None
        raw, type_ = read
        complete = self.value(type_, nodes, local, 0)
        if complete is None:
            return None
        return [f"{local} = {raw}", f"return {complete}"]

    def _read(
        self, parent_type: GraphQLObjectType, nodes: Sequence[FieldNode], source: str
    ) -> tuple[str, Any] | None:
        """(expression reading the field's raw value off `source`, field type), or None."""
        field = parent_type.fields.get(nodes[0].name.value)
        if field is None:
            return None
        reader = self.fields.get(id(field))
        if reader is None or any(n.arguments or n.directives for n in nodes):
            return None
        attribute = getattr(reader, "attribute", None)
        if isinstance(attribute, str) and attribute.isidentifier() and not iskeyword(attribute):
            return f"{source}.{attribute}", field.type
        return f"{self._name(reader, 'read')}({source})", field.type

    def value(self, type_: Any, nodes: Sequence[FieldNode], var: str, depth: int) -> str | None:
        """An expression: the completion of the value in `var` (a plain name) of `type_`."""
        if isinstance(type_, GraphQLNonNull):
            return self._non_null(type_.of_type, nodes, var, depth)
        inner = self._non_null(type_, nodes, var, depth)
        if inner is None:
            return None
        return f"(None if {var} is None else {inner})"

    def _non_null(self, type_: Any, nodes: Sequence[FieldNode], var: str, depth: int) -> str | None:
        """An expression: the completion of `var`, which must not be null (else Fallback)."""
        if isinstance(type_, GraphQLList):
            item = f"i{depth}"
            complete = self.value(type_.of_type, nodes, item, depth + 1)
            if complete is None:
                return None
            return f"[{complete} for {item} in _sequence({var})]"
        if isinstance(type_, GraphQLScalarType | GraphQLEnumType):
            leaf = self._name(_leaf(type_), "leaf")
            members = _enum_names(type_)
            if members is not None:
                cls, names = self._name(members[0], "enum"), self._name(members[1], "names")
                return f"({names}[{var}] if {var}.__class__ is {cls} else {leaf}({var}))"
            inline = inline_for(type_.coerce_output_value)
            if inline is None:
                return f"{leaf}({var})"
            check, result = inline
            return f"({result.format(var)} if {check.format(var)} else {leaf}({var}))"
        if isinstance(type_, GraphQLObjectType):
            name = self._object(type_, nodes)
            return None if name is None else f"{name}({var})"
        return None  # interfaces and unions

    def _object(self, type_: GraphQLObjectType, nodes: Sequence[FieldNode]) -> str | None:
        """The name of a generated function: object -> its response dict (Fallback on null)."""
        if type_.is_type_of is not None:
            return None
        groups: dict[str, list[FieldNode]] = {}
        for node in nodes:
            if node.selection_set is None or not _collect(
                type_, node.selection_set.selections, groups
            ):
                return None
        reads: list[str] = []
        entries: list[str] = []
        for index, (key, group) in enumerate(groups.items()):
            if group[0].name.value == "__typename":
                entries.append(f"        {key!r}: {type_.name!r},")
                continue
            read = self._read(type_, group, "v")
            if read is None:
                return None
            raw, field_type = read
            complete = self.value(field_type, group, f"a{index}", 0)
            if complete is None:
                return None
            reads.append(f"    a{index} = {raw}")
            entries.append(f"        {key!r}: {complete},")
        name = self._name(None, "object")
        head = [
            f"def {name}(v):",
            "    if v is None or _isinstance(v, _exception):",
            "        raise Fallback",
        ]
        if id(type_) not in self.shared:
            self.functions.append("\n".join([*head, *reads, "    return {", *entries, "    }"]))
            return name
        # A new token per compiled selection: completed values of other selections (or of an
        # earlier compilation of this one, since forgotten) are never taken for this one.
        token = self._name(object(), "token")
        self.functions.append(
            "\n".join(
                [
                    *head,
                    f"    m = v.__dict__.get({_MEMO!r})",
                    "    if m is not None:",
                    f"        r = m.get({token})",
                    "        if r is not None:",
                    "            return r",
                    *reads,
                    "    r = {",
                    *entries,
                    "    }",
                    f"    _remember(v, {token}, r)",
                    "    return r",
                ]
            )
        )
        return name


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
