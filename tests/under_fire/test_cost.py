"""A cost limit computed before execution: the alias bomb is refused naming cost and limit;
every example operation, the standard introspection queries and the dashboard pass."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import OperationDefinitionNode, get_introspection_query, parse

from gateway.app import create_app
from gateway.tenancy.shops import CreatedShop
from gateway.web.admin_examples import ADMIN_EXAMPLES
from gateway.web.cost import operation_cost
from gateway.web.examples import STOREFRONT_EXAMPLES, Example
from resolvers.schema import storefront_schema
from tests.conftest import make_settings
from tests.gql import admin, storefront

ROOT = Path(__file__).resolve().parents[2]
BOMB = "{ " + " ".join(
    f"a{i}: viewer {{ orders(first: 100) {{ edges {{ node {{ lines {{ sku name }} }} }} }} }}"
    for i in range(15)
) + " }"  # fmt: skip
REFUSALS = {
    "QUERY_TOO_COSTLY",
    "QUERY_TOO_DEEP",
    "TOO_MANY_ALIASES",
    "DOCUMENT_TOO_LARGE",
    "DOCUMENT_TOO_COMPLEX",
    "RESPONSE_TOO_LARGE",
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
}
INTROSPECTION = [
    get_introspection_query(),  # graphql-core's default
    # GraphiQL 3 asks with graphql-js' getIntrospectionQuery({ inputValueDeprecation: true,
    # schemaDescription: true }); every other option on too.
    get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    ),
]


def dashboard_query() -> str:
    """The dashboard benchmark's own document (bench/dashboard.py), read from its source."""
    source = (ROOT / "bench" / "dashboard.py").read_text()
    found = re.search(r'QUERY = """(.*?)"""', source, re.S)
    assert found is not None
    return found.group(1)


def operations(example: Example) -> list[str | None]:
    document = parse(example.query)
    return [
        d.name.value if d.name else None
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    ]


def refusals(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        e for e in body.get("errors") or [] if (e.get("extensions") or {}).get("code") in REFUSALS
    ]


async def test_every_example_introspection_and_the_dashboard_pass(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    for example in STOREFRONT_EXAMPLES:
        for name in operations(example):
            sent = {"query": example.query, "variables": example.variables, "operationName": name}
            response = await client.post(
                "/graphql", json=sent, headers={"X-Storefront-Key": shop.storefront_key}
            )
            assert response.status_code == 200, (example.title, response.text)
            assert refusals(response.json()) == [], (example.title, name)
    for example in ADMIN_EXAMPLES:
        for name in operations(example):
            sent = {"query": example.query, "variables": example.variables, "operationName": name}
            response = await client.post(
                "/admin/graphql", json=sent, headers={"Authorization": f"Bearer {shop.admin_key}"}
            )
            assert response.status_code == 200, (example.title, response.text)
            assert refusals(response.json()) == [], (example.title, name)
    for query in INTROSPECTION:
        body = await storefront(client, shop.storefront_key, query)
        assert "errors" not in body and body["data"]["__schema"]["types"]
        body = await admin(client, shop.admin_key, query)
        assert "errors" not in body and body["data"]["__schema"]["types"]
    body = await storefront(client, shop.storefront_key, dashboard_query(), {"first": 10})
    assert body == {"data": {"viewer": None}}


async def test_the_examples_cost_well_under_the_default_limits(app: Any) -> None:
    """Headroom, so a somewhat bigger storefront query still passes: at most a third."""
    settings = make_settings()
    for documents, examples, limit in (
        (app.state.storefront_documents, STOREFRONT_EXAMPLES, settings.max_cost),
        (app.state.admin_documents, ADMIN_EXAMPLES, settings.admin_max_cost),
    ):
        for example in examples:
            document = parse(example.query)
            for operation in document.definitions:
                assert isinstance(operation, OperationDefinitionNode)
                cost, _ = operation_cost(
                    documents.schema, document, operation, example.variables, 100
                )
                assert cost * 3 <= limit, (example.title, cost)
    dashboard = parse(dashboard_query())
    operation = dashboard.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    cost, used = operation_cost(storefront_schema._schema, dashboard, operation, {"first": 10}, 100)
    assert cost * 3 <= settings.max_cost
    assert used == {"first"}


async def test_the_alias_bomb_is_refused_naming_cost_and_limit(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    body = await storefront(client, shop.storefront_key, BOMB)
    assert body.get("data") is None  # refused before it ran
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    cost, limit = error["extensions"]["cost"], error["extensions"]["limit"]
    assert cost > limit == make_settings().max_cost
    assert f"{cost} points" in error["message"] and f"at most {limit}" in error["message"]
    # One of the fifteen is a legitimate page of orders and passes.
    one = "{ viewer { orders(first: 100) { edges { node { lines { sku name } } } } } }"
    assert await storefront(client, shop.storefront_key, one) == {"data": {"viewer": None}}
    # Sized by a variable, the same bomb passes validation and is refused when it runs.
    by_variable = "query($n: Int) " + BOMB.replace("first: 100", "first: $n")
    body = await storefront(client, shop.storefront_key, by_variable, {"n": 100})
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {
        "code": "QUERY_TOO_COSTLY",
        "cost": cost,
        "limit": limit,
    }
    small = await storefront(client, shop.storefront_key, by_variable, {"n": 5})
    assert "errors" not in small


def _cost(query: str, variables: dict[str, Any] | None = None) -> int:
    document = parse(query)
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    return operation_cost(storefront_schema._schema, document, operation, variables, 100)[0]


def test_lists_weigh_first_variables_fragments_aliases_and_nesting() -> None:
    orders = "orders(first: {n}) {{ edges {{ node {{ number lines {{ sku }} }} }} }}"
    one = _cost("{ viewer { " + orders.format(n=10) + " } }")
    # viewer, orders and edges cost 1 each; edges multiply what they select by the page.
    assert _cost("{ viewer { " + orders.format(n=20) + " } }") - 3 == 2 * (one - 3)
    # A variable weighs its value, else its default, else the page default (20).
    by_variable = "query($n: Int) { viewer { " + orders.format(n="$n") + " } }"
    assert _cost(by_variable, {"n": 10}) == one
    with_default = "query($n: Int = 10) { viewer { " + orders.format(n="$n") + " } }"
    assert _cost(with_default) == one
    assert _cost(by_variable) == _cost("{ viewer { " + orders.format(n=20) + " } }")
    # Beyond the largest page the resolvers allow weighs that page.
    assert _cost(by_variable, {"n": 10_000}) == _cost("{ viewer { " + orders.format(n=100) + " } }")
    # Aliases and fragments count where they stand.
    ten = orders.format(n=10)
    twice = "{ a: viewer { " + ten + " } b: viewer { " + ten + " } }"
    assert _cost(twice) == 2 * one
    fragment = "fragment O on Contact { " + orders.format(n=10) + " }"
    assert _cost("{ viewer { ...O } } " + fragment) == one
    assert _cost("{ viewer { ... on Contact { " + orders.format(n=10) + " } } }") == one
    # A list inside a list multiplies: lines weigh their declared size per order.
    without_lines = "{ viewer { orders(first: 10) { edges { node { number } } } } }"
    assert one - _cost(without_lines) == 10 * (1 + 20)  # `lines` + 20 x `sku`
    # A list argument weighs its length.
    prices = "query($s: [String!]!) { prices(skus: $s) { sku } }"
    assert _cost(prices, {"s": ["A"] * 30}) == 1 + 30


@pytest.mark.parametrize("api", ["storefront", "admin"])
async def test_each_api_has_its_own_configurable_limit(
    pool: Any, shop: CreatedShop, api: str
) -> None:
    settings = make_settings(max_cost=300, admin_max_cost=300)
    application = create_app(settings, pool=pool)
    transport = httpx.ASGITransport(app=application)
    cheap = "{ storefront { name } }" if api == "storefront" else "{ storefronts { name } }"
    costly = (
        "{ viewer { orders(first: 100) { edges { node { number placedAt } } } } }"
        if api == "storefront"
        else "{ orders(first: 100) { edges { node { number total { amount } } } } }"
    )
    async with (
        application.router.lifespan_context(application),
        httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client,
    ):
        send = storefront if api == "storefront" else admin
        key = shop.storefront_key if api == "storefront" else shop.admin_key
        assert "errors" not in await send(client, key, cheap)
        body = await send(client, key, costly)
        assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
        assert body["errors"][0]["extensions"]["limit"] == 300


async def test_an_answer_over_the_response_cap_is_refused(pool: Any, shop: CreatedShop) -> None:
    application = create_app(make_settings(max_response_bytes=2000), pool=pool)
    transport = httpx.ASGITransport(app=application)
    async with (
        application.router.lifespan_context(application),
        httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client,
    ):
        small = await storefront(client, shop.storefront_key, "{ storefront { name } }")
        assert small == {"data": {"storefront": {"name": "Test shop"}}}
        response = await client.post(
            "/graphql",
            json={"query": "{ __schema { types { name description } } }"},
            headers={"X-Storefront-Key": shop.storefront_key},
        )
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-store"
        body = response.json()
        assert body["data"] is None
        (error,) = body["errors"]
        assert error["extensions"]["code"] == "RESPONSE_TOO_LARGE"
        assert error["extensions"]["limit"] == 2000 < error["extensions"]["size"]


async def test_aliases_of_a_whole_schema_introspection_add_up(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    """15 aliases of `__schema { types { fields { args { type ... } } } }` built 1 MB each
    and pushed a light query's p50 from 2 ms to 950 ms (found by QA): `__schema` answers for
    every type, so each occurrence weighs SCHEMA_POINTS more; one standard introspection
    query still passes (test_every_example_introspection_and_the_dashboard_pass)."""
    part = (
        "__schema { types { name description fields(includeDeprecated: true) { name "
        "description args { name description type { name kind ofType { name kind } } } "
        "type { name kind ofType { name kind ofType { name kind } } } } } }"
    )
    limit = make_settings().max_cost
    for query in INTROSPECTION:
        assert _cost(query) <= limit  # a whole introspection passes ...
    two = "{ a: " + part + " b: " + part + " }"
    assert _cost(two) > limit  # ... two in one document do not
    body = await storefront(
        client, shop.storefront_key, "{" + " ".join(f"a{n}: {part}" for n in range(15)) + "}"
    )
    assert body.get("data") is None
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    # __type answers for one type: a few of them stay cheap.
    assert _cost('{ a: __type(name: "Order") { fields { name } } }') < 10
