"""Validation rules that refuse a document before it runs: depth, aliases, sign-in mutations.

These are plain classes (not built per request), so a validated document can be cached by its
text: Strawberry's limiter extensions make a new rule class per request, which defeats caching.
"""

from __future__ import annotations

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


def _depth(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    visiting: frozenset[str] = frozenset(),
) -> int:
    if selection_set is None:
        return 0
    deepest = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            child = 1 + _depth(selection.selection_set, fragments, visiting)
        elif isinstance(selection, InlineFragmentNode):
            child = _depth(selection.selection_set, fragments, visiting)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in visiting:
                continue  # unknown or cyclic: other rules report it
            child = _depth(fragment.selection_set, fragments, visiting | {name})
        else:
            continue
        deepest = max(deepest, child)
    return deepest


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


def _root_fields(
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    visiting: frozenset[str] = frozenset(),
) -> list[str]:
    names: list[str] = []
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            names.append(selection.name.value)
        elif isinstance(selection, InlineFragmentNode):
            names.extend(_root_fields(selection.selection_set, fragments, visiting))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in visiting:
                names.extend(_root_fields(fragment.selection_set, fragments, visiting | {name}))
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
            depth = _depth(node.selection_set, fragments)
            if depth > max_depth:
                self.report_error(
                    GraphQLError(
                        f"The query is nested {depth} levels deep; at most {max_depth} allowed.",
                        node,
                        extensions={"code": "QUERY_TOO_DEEP"},
                    )
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
                    n for n in _root_fields(node.selection_set, fragments) if n in SIGN_IN_MUTATIONS
                ]
                if len(signs) > 1:
                    self.report_error(
                        GraphQLError(
                            "A request may hold at most one sign-in mutation.",
                            node,
                            extensions={"code": "TOO_MANY_SIGN_IN_ATTEMPTS"},
                        )
                    )

    return LimitsRule
