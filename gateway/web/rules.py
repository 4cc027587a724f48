"""Validation rules that refuse a document before it runs: depth, aliases, sign-in mutations.

These are plain classes (not built per request), so a validated document can be cached by its
text: Strawberry's limiter extensions make a new rule class per request, which defeats caching.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)

SIGN_IN_MUTATIONS = frozenset(
    {
        "login",
        "checkoutLogin",
        "signInWithLink",
        "confirmEmail",
        "resetPassword",
        "acceptOrganisationInvitation",
        "signInWithSso",
    }
)


# Introspection has a fixed, self-referential shape (__Type.fields -> __Field.type -> __Type),
# so its plain depth says nothing about cost: graphql-core's standard query is 13 levels deep and
# cheap. What an attacker can blow up there is lists inside lists (types x fields x args x ...)
# and, to a far lesser degree, ofType chains. So below __schema/__type we count those instead:
# the standard queries (graphql-core's get_introspection_query with every option, GraphiQL's,
# Apollo's, gql's) need at most 3 lists on one path (types > fields > args), one list of a
# type's members on a path (fields -> type -> fields is the self-multiplying chain) and 9 ofType.
INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})
INTROSPECTION_LISTS = frozenset(
    {"types", "directives", "fields", "args", "inputFields", "interfaces", "possibleTypes",
     "enumValues"}
)  # fmt: skip
TYPE_MEMBER_LISTS = frozenset(
    {"fields", "inputFields", "interfaces", "possibleTypes", "enumValues"}
)
MAX_INTROSPECTION_LISTS = 3
MAX_TYPE_MEMBER_LISTS = 1
MAX_OF_TYPE = 9


@dataclass(frozen=True)
class Measure:
    depth: int = 0  # fields outside introspection (an introspection root counts as one)
    lists: int = 0  # introspection lists nested on one path
    of_type: int = 0  # ofType nested on one path
    members: int = 0  # lists of a type's members (fields, inputFields, ...) nested on one path

    def widest(self, other: Measure) -> Measure:
        return Measure(
            max(self.depth, other.depth),
            max(self.lists, other.lists),
            max(self.of_type, other.of_type),
            max(self.members, other.members),
        )


def _measure(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    visiting: frozenset[str] = frozenset(),
    inside: bool = False,
) -> Measure:
    if selection_set is None:
        return Measure()
    out = Measure()
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            name = selection.name.value
            enters = inside or name in INTROSPECTION_ROOTS
            child = _measure(selection.selection_set, fragments, visiting, enters)
            if inside:
                found = Measure(
                    0,
                    child.lists + (name in INTROSPECTION_LISTS),
                    child.of_type + (name == "ofType"),
                    child.members + (name in TYPE_MEMBER_LISTS),
                )
            elif enters:
                found = Measure(1, child.lists, child.of_type, child.members)
            else:
                found = Measure(1 + child.depth, child.lists, child.of_type, child.members)
        elif isinstance(selection, InlineFragmentNode):
            found = _measure(selection.selection_set, fragments, visiting, inside)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in visiting:
                continue  # unknown or cyclic: other rules report it
            found = _measure(fragment.selection_set, fragments, visiting | {name}, inside)
        else:
            continue
        out = out.widest(found)
    return out


def _count_aliases(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    visiting: frozenset[str] = frozenset(),
) -> int:
    if selection_set is None:
        return 0
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            total += 1 if selection.alias else 0
            total += _count_aliases(selection.selection_set, fragments, visiting)
        elif isinstance(selection, InlineFragmentNode):
            total += _count_aliases(selection.selection_set, fragments, visiting)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in visiting:
                total += _count_aliases(fragment.selection_set, fragments, visiting | {name})
    return total


def root_fields(
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    visiting: frozenset[str] = frozenset(),
) -> list[str]:
    names: list[str] = []
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            names.append(selection.name.value)
        elif isinstance(selection, InlineFragmentNode):
            names.extend(root_fields(selection.selection_set, fragments, visiting))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in visiting:
                names.extend(root_fields(fragment.selection_set, fragments, visiting | {name}))
    return names


def _fragments(context: ValidationContext) -> dict[str, FragmentDefinitionNode]:
    return {
        d.name.value: d
        for d in context.document.definitions
        if isinstance(d, FragmentDefinitionNode)
    }


def make_limits_rule(max_depth: int, max_aliases: int) -> type[ValidationRule]:
    """One rule class per configuration (made once at start-up, so cache keys stay stable)."""

    class LimitsRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            fragments = _fragments(self.context)
            measure = _measure(node.selection_set, fragments)
            if measure.depth > max_depth:
                self._too_deep(
                    node, f"The query is nested {measure.depth} levels deep; at most {max_depth}"
                )
            if measure.lists > MAX_INTROSPECTION_LISTS:
                self._too_deep(
                    node,
                    f"The introspection query nests {measure.lists} lists on one path; "
                    f"at most {MAX_INTROSPECTION_LISTS}",
                )
            if measure.members > MAX_TYPE_MEMBER_LISTS:
                self._too_deep(
                    node,
                    f"The introspection query nests a type's members {measure.members} times "
                    f"(fields -> type -> fields); at most {MAX_TYPE_MEMBER_LISTS}",
                )
            if measure.of_type > MAX_OF_TYPE:
                self._too_deep(
                    node, f"The query nests ofType {measure.of_type} times; at most {MAX_OF_TYPE}"
                )
            aliases = _count_aliases(node.selection_set, fragments)
            if aliases > max_aliases:
                self.report_error(
                    GraphQLError(
                        f"The query uses {aliases} aliases; at most {max_aliases} allowed.",
                        node,
                        extensions={"code": "TOO_MANY_ALIASES"},
                    )
                )
            if node.operation == OperationType.MUTATION:
                signs = [
                    n for n in root_fields(node.selection_set, fragments) if n in SIGN_IN_MUTATIONS
                ]
                if len(signs) > 1:
                    self.report_error(
                        GraphQLError(
                            "A request may hold at most one sign-in mutation.",
                            node,
                            extensions={"code": "TOO_MANY_SIGN_IN_ATTEMPTS"},
                        )
                    )

        def _too_deep(self, node: OperationDefinitionNode, what: str) -> None:
            self.report_error(
                GraphQLError(f"{what} allowed.", node, extensions={"code": "QUERY_TOO_DEEP"})
            )

    return LimitsRule
