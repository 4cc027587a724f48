"""The cost limit of one API: before validation (whatever the variables) and per request.

Costs come from gateway/web/cost.py. Per request they are cached in the prepared document, per
operation and per the values of the variables that sized its lists (at most
MAX_COSTS_PER_DOCUMENT value sets, keys up to 256 bytes of JSON), so a repeated query with the same
page sizes costs one dict lookup.
"""

from __future__ import annotations

from typing import Any

import orjson
from graphql import DocumentNode, GraphQLError, GraphQLSchema, OperationDefinitionNode

from gateway.web.cost import cost_error, least_cost, least_cost_error, operation_cost

MAX_COSTS_PER_DOCUMENT = 16
# Per operation name: (the variables that sized lists, {their values as JSON: points}).
Costs = dict[str | None, tuple[tuple[str, ...], dict[bytes, int]]]


class CostCheck:
    def __init__(self, schema: GraphQLSchema, max_cost: int, max_page_size: int) -> None:
        self.schema = schema
        self.max_cost = max_cost  # 0: no limit
        self.max_page_size = max_page_size

    def before_validation(self, document: DocumentNode) -> GraphQLError | None:
        """QUERY_TOO_COSTLY when the document costs over the limit whatever its variables."""
        if not self.max_cost:
            return None
        try:
            least = least_cost(self.schema, document, self.max_page_size)
        except RecursionError:
            return None  # nested too deeply: validation's depth rule says so
        return least_cost_error(least, self.max_cost) if least > self.max_cost else None

    def error(
        self,
        document: DocumentNode | None,
        costs: Costs,
        name: str | None,
        variables: dict[str, Any] | None,
    ) -> dict[str, Any] | None:
        """The QUERY_TOO_COSTLY error (formatted) when operation `name` of a validated
        document costs over the limit with these variables; `costs` is the document's cache."""
        if not self.max_cost or document is None:
            return None
        given = variables or {}
        known = costs.get(name)
        values = None
        if known is not None:
            values = _values_key([given.get(v) for v in known[0]])
            cost = known[1].get(values) if values is not None else None
            if cost is not None:
                return cost_error(cost, self.max_cost) if cost > self.max_cost else None
        operation = _operation(document, name)
        if operation is None:
            return None
        cost, used = operation_cost(self.schema, document, operation, given, self.max_page_size)
        names = tuple(sorted(used))
        values = _values_key([given.get(v) for v in names])
        if known is None or known[0] != names:
            known = (names, {})
            costs[name] = known
        if values is not None and len(known[1]) < MAX_COSTS_PER_DOCUMENT:
            known[1][values] = cost
        return cost_error(cost, self.max_cost) if cost > self.max_cost else None


def _values_key(values: list[Any]) -> bytes | None:
    """Variable values as a short cache key, or None (not JSON, or too long to keep)."""
    try:
        key = orjson.dumps(values)
    except TypeError:
        return None
    return key if len(key) <= 256 else None


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == name), None)
