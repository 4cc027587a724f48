"""Long string lists in variables skip graphql-core's per-item coercion, with its results and
errors unchanged (gateway/web/fast_variables.py)."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from graphql import ExecutionResult, execute, parse
from graphql.execution.incremental.incremental_executor import IncrementalExecutor

from gateway.web.fast_fields import fast_executor
from gateway.web.fast_variables import MIN_ITEMS, build_with_string_lists
from gateway.web.plain_subtrees import plain_fields


@strawberry.type
class Query:
    @strawberry.field
    def echo(self, skus: list[str]) -> list[str]:
        return [s.upper() for s in skus]

    @strawberry.field
    def maybe(self, skus: list[str | None] | None = None) -> list[str | None] | None:
        return skus

    @strawberry.field
    def ids(self, ids: list[strawberry.ID]) -> int:
        return len(ids)

    @strawberry.field
    def numbers(self, numbers: list[int]) -> int:
        return sum(numbers)

    @strawberry.field
    def one(self, sku: str) -> str:
        return sku


schema = strawberry.Schema(query=Query)
FAST = fast_executor(plain_fields(schema._schema, "strawberry-definition"))
MANY = [f"SKU-{i}" for i in range(MIN_ITEMS + 4)]

CASES: list[tuple[str, dict[str, Any]]] = [
    ("query($s: [String!]!) { echo(skus: $s) }", {"s": MANY}),
    ("query($s: [String!]!) { echo(skus: $s) }", {"s": [*MANY, None]}),
    ("query($s: [String!]!) { echo(skus: $s) }", {"s": [*MANY, 7]}),
    ("query($s: [String!]!) { echo(skus: $s) }", {"s": MANY[:3]}),
    ("query($s: [String]) { maybe(skus: $s) }", {"s": MANY}),
    ("query($s: [String]) { maybe(skus: $s) }", {"s": [*MANY, None]}),
    ("query($s: [ID!]!) { ids(ids: $s) }", {"s": MANY}),
    ("query($s: [Int!]!) { numbers(numbers: $s) }", {"s": MANY}),  # strings are not Ints
    ("query($s: String!) { one(sku: $s) }", {"s": MANY}),  # a list is not a String
    ("query($s: [String!]!) { echo(skus: $s) }", {"s": MANY, "unused": MANY}),
    (
        "query($s: [String!]!, $t: [String!]!) { echo(skus: $s) b: echo(skus: $t) }",
        {"s": MANY, "t": list(reversed(MANY))},
    ),
    (
        "query($s: [String!]!, $n: [Int!]!) { echo(skus: $s) numbers(numbers: $n) }",
        {"s": MANY, "n": "x"},
    ),
    ("query($s: [[String!]!]) { maybe(skus: $s) }", {"s": MANY}),  # variable type mismatch
]


@pytest.mark.parametrize(("query", "variables"), CASES)
def test_results_and_errors_are_graphql_cores(query: str, variables: dict[str, Any]) -> None:
    document = parse(query)
    normal = execute(schema._schema, document, variable_values=variables)
    fast = execute(schema._schema, document, variable_values=variables, executor_class=FAST)
    assert isinstance(normal, ExecutionResult) and isinstance(fast, ExecutionResult)
    assert fast.data == normal.data
    assert [e.formatted for e in fast.errors or []] == [e.formatted for e in normal.errors or []]


def test_a_long_string_list_is_coerced_once_without_its_items() -> None:
    calls: list[Any] = []

    def build(values: dict[str, Any] | None) -> Any:
        calls.append(values)
        return IncrementalExecutor.build(
            schema._schema, parse("query($s: [String!]!) { echo(skus: $s) }"), None, None, values
        )

    executor = build_with_string_lists(build, {"s": MANY})
    assert calls == [{"s": []}]  # graphql-core saw an empty list, not the 20 strings
    assert executor.variable_values.coerced["s"] == MANY
    assert executor.variable_values.coerced["s"] is not MANY  # a copy, as graphql-core makes
    assert executor.variable_values.sources["s"].value is MANY


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("query($s: [Int!]!) { numbers(numbers: $s) }", {"s": MANY}),
        ("query($s: [String!]!) { echo(skus: $s) }", {"s": MANY, "unused": MANY}),
    ],
)
def test_anything_else_is_built_again_the_normal_way(query: str, variables: dict) -> None:
    calls: list[Any] = []

    def build(values: dict[str, Any] | None) -> Any:
        calls.append(values)
        return IncrementalExecutor.build(schema._schema, parse(query), None, None, values)

    build_with_string_lists(build, variables)
    assert calls[-1] is variables  # the last build saw the real values
