"""A graphql-core executor with a fast path for plain fields and whole plain subtrees.

Most of a large answer (order numbers, amounts, dates, statuses, an order's lines) is data read
off objects and serialised. graphql-core builds a resolve-info object, calls the resolver through
the schema library's wrapper and runs the generic completion for each field; that per-field work
dominated a dashboard answer of a few hundred fields. Here a field whose answer is plain data all
the way down is completed by one function compiled once per (parent type, field nodes) by
`gateway.web.plain_subtrees`; anything that function does not reproduce exactly goes the normal
way, so results and errors are those of graphql-core. The same applies to the value a resolver
returned (`complete_value`): a field with arguments whose answer is plain data (`prices` for a
thousand SKUs) is completed in one go instead of object by object.
"""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from graphql import GraphQLObjectType
from graphql.execution.incremental.incremental_executor import IncrementalExecutor
from graphql.pyutils.gather_with_cancel import gather_with_cancel
from graphql.type.definition import GraphQLResolveInfoHelpers

from gateway.web.fast_variables import build_with_string_lists
from gateway.web.plain_subtrees import Compiler, PlainFields, plain_fields, shared_types

__all__ = ["fast_executor", "plain_fields", "shared_types"]

# Compiled plans per (parent type, field nodes). Nodes come from cached documents; each entry
# keeps its nodes alive, so the ids in its key cannot be reused while it exists.
_MAX_PLANS = 20_000


def fast_executor(
    fields: PlainFields, shared: frozenset[int] = frozenset()
) -> type[IncrementalExecutor]:
    """An executor class that completes plain fields (see `plain_fields`) directly, keeping
    completed values on the objects of `shared` types (see `shared_types`)."""
    compiler = Compiler(fields, shared)
    plans: dict[tuple[int, ...], tuple[Any, Callable[[Any], Any] | None]] = {}

    def plan_for(parent_type: GraphQLObjectType, details: Any) -> Callable[[Any], Any] | None:
        if len(details) == 1:
            first = details[0]
            if first.defer_usage is not None or first.fragment_variable_values is not None:
                return None
            node = first.node
            key: tuple[int, ...] = (id(parent_type), id(node))
        else:
            if any(d.defer_usage or d.fragment_variable_values for d in details):
                return None
            node = tuple(d.node for d in details)
            key = (id(parent_type), *map(id, node))
        entry = plans.get(key)
        if entry is None:
            nodes = [node] if len(details) == 1 else list(node)
            entry = (node, compiler.field(parent_type, nodes))
            if len(plans) >= _MAX_PLANS:
                plans.clear()
            plans[key] = entry
        return entry[1]

    values: dict[tuple[int, ...], tuple[Any, Callable[[Any], Any] | None]] = {}

    def value_plan_for(return_type: Any, details: Any) -> Callable[[Any], Any] | None:
        if any(d.defer_usage or d.fragment_variable_values for d in details):
            return None
        nodes = tuple(d.node for d in details)
        key = (id(return_type), *map(id, nodes))
        entry = values.get(key)
        if entry is None:
            entry = (nodes, compiler.value(return_type, list(nodes)))
            if len(values) >= _MAX_PLANS:
                values.clear()
            values[key] = entry
        return entry[1]

    # Sub-field collection per (object type, field nodes), shared by every execution of a
    # document without directives or fragment variables: then the collected fields depend on
    # the document alone (graphql-core memoises them per execution only).
    collected: dict[tuple[int, ...], tuple[Any, Any]] = {}
    static: dict[int, tuple[Any, bool]] = {}

    def is_static(operation: Any, fragments: dict[str, Any]) -> bool:
        entry = static.get(id(operation))
        if entry is None:
            free = not _has_directives(operation.selection_set) and all(
                f.variable_signatures is None and not _has_directives(f.definition.selection_set)
                for f in fragments.values()
            )
            if len(static) >= _MAX_PLANS:
                static.clear()
            entry = static[id(operation)] = (operation, free)
        return entry[1]

    class FastFieldExecutor(IncrementalExecutor):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.async_helpers = _helpers_without_cycle(self)
            self._static = is_static(self.operation, self.fragments)

        def collect_subfields(self, return_type: Any, field_details_list: Any) -> Any:
            if not self._static:
                return super().collect_subfields(return_type, field_details_list)
            key = (id(return_type), *[id(d.node) for d in field_details_list])
            entry = collected.get(key)
            if entry is None:
                nodes = tuple(d.node for d in field_details_list)  # keeps the ids in use
                found = super().collect_subfields(return_type, field_details_list)
                if len(collected) >= _MAX_PLANS:
                    collected.clear()
                entry = collected[key] = (nodes, found)
            return entry[1]

        @classmethod
        def build(  # type: ignore[override]
            cls,
            schema: Any,
            document: Any,
            root_value: Any = None,
            context_value: Any = None,
            raw_variable_values: dict[str, Any] | None = None,
            *args: Any,
            **kwargs: Any,
        ) -> Any:
            def build(variables: dict[str, Any] | None) -> Any:
                return super(FastFieldExecutor, cls).build(
                    schema, document, root_value, context_value, variables, *args, **kwargs
                )

            return build_with_string_lists(build, raw_variable_values)

        def complete_value(  # type: ignore[override]
            self,
            return_type: Any,
            field_details_list: Any,
            info: Any,
            path: Any,
            result: Any,
            position_context: Any,
        ) -> Any:
            if isinstance(result, list) and result:
                plan = value_plan_for(return_type, field_details_list)
                if plan is not None:
                    try:
                        return plan(result)
                    except Exception:  # noqa: S110 - Fallback: the normal path, same value
                        pass
            return super().complete_value(
                return_type, field_details_list, info, path, result, position_context
            )

        def execute_field(  # type: ignore[override]
            self,
            parent_type: GraphQLObjectType,
            source: Any,
            field_details_list: Any,
            path: Any,
            position_context: Any,
        ) -> Any:
            plan = plan_for(parent_type, field_details_list)
            if plan is not None:
                try:
                    return plan(source)
                except Exception:  # noqa: S110 - Fallback or a read error: the normal path
                    pass
            return super().execute_field(
                parent_type, source, field_details_list, path, position_context
            )

    return FastFieldExecutor


def _has_directives(selection_set: Any) -> bool:
    """Whether any selection under this selection set (fragment spreads not followed: their
    definitions are checked on their own) carries a directive."""
    stack = [selection_set]
    while stack:
        current = stack.pop()
        for selection in current.selections:
            if selection.directives:
                return True
            child = getattr(selection, "selection_set", None)
            if child is not None:
                stack.append(child)
    return False


def _helpers_without_cycle(executor: IncrementalExecutor) -> GraphQLResolveInfoHelpers:
    """The resolve-info helpers graphql-core makes, reaching the executor through a weak
    reference.

    graphql-core's helpers hold bound methods of the executor, which holds the helpers: a
    reference cycle, so every request's executor, and with it the context, loaders, rows and
    answer (about 200 objects a dashboard request), was freed only by the cyclic garbage
    collector, whose pauses stalled every request in flight. The helpers run while the
    executor works (its frames hold it), so the weak reference is alive whenever they are
    called during execution; called afterwards, `track` has no execution left to delay and
    `gather` still gathers.
    """
    ref = weakref.ref(executor)

    def gather(values: Sequence[Awaitable[Any]]) -> Awaitable[list[Any]]:
        alive = ref()
        if alive is None:
            return gather_with_cancel(*values)
        return alive.gather_async_work(values)

    def track(values: Sequence[Any]) -> None:
        alive = ref()
        if alive is not None:
            alive.track_async_work(values)

    return GraphQLResolveInfoHelpers(gather=gather, track=track)
