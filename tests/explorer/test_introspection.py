"""The standard introspection queries pass the limits in development; hostile depth does not;
production keeps introspection off."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from graphql import build_client_schema, get_introspection_query

from gateway.tenancy.shops import CreatedShop
from gateway.web.explorer_assets import assets
from tests.conftest import make_settings
from tests.gql import admin, storefront

ALL_OPTIONS = {
    "descriptions": True,
    "specified_by_url": True,
    "directive_is_repeatable": True,
    "schema_description": True,
    "input_value_deprecation": True,
    "experimental_directive_deprecation": True,
    "one_of": True,
}
# graphql-core's default; GraphiQL 3 and Apollo's tools send graphql-js's getIntrospectionQuery
# (inputValueDeprecation on, 9 levels of ofType); gql sends graphql-core's with its defaults.
STANDARD = {
    "graphql-core, every option": get_introspection_query(**ALL_OPTIONS),
    "graphql-core default": get_introspection_query(),
    "GraphiQL / Apollo (graphql-js)": get_introspection_query(
        descriptions=True, input_value_deprecation=True, schema_description=True
    ),
    "older graphql-js (7 ofType)": get_introspection_query(type_depth=7),
}


@pytest.mark.parametrize("name", sorted(STANDARD))
async def test_standard_introspection_answers_with_the_schema(
    client: httpx.AsyncClient, shop: CreatedShop, name: str
) -> None:
    body = await storefront(client, shop.storefront_key, STANDARD[name])
    assert "errors" not in body, body["errors"]
    schema = build_client_schema(body["data"])
    assert "viewer" in schema.query_type.fields  # type: ignore[union-attr]
    assert "register" in schema.mutation_type.fields  # type: ignore[union-attr]


async def test_admin_introspection_answers(client: httpx.AsyncClient, shop: CreatedShop) -> None:
    body = await admin(client, shop.admin_key, get_introspection_query(**ALL_OPTIONS))
    assert "errors" not in body, body["errors"]
    schema = build_client_schema(body["data"])
    assert {"orders", "contact", "products", "invoices"} <= set(schema.query_type.fields)  # type: ignore[union-attr]


def _nested(levels: int) -> str:
    inner = "name"
    for _ in range(levels):
        inner = f"fields {{ type {{ {inner} }} }}"
    return f"{{ __schema {{ types {{ {inner} }} }} }}"


async def test_hostile_twenty_deep_introspection_is_refused(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    body = await storefront(client, shop.storefront_key, _nested(10))  # 21 levels
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert body.get("data") is None
    # One list more than the standard queries need (types > fields > args) is refused too, and
    # so is a type's members inside a type's members (the self-multiplying chain).
    for deeper in (
        "{ __schema { types { fields { args { type { interfaces { name } } } } } } }",
        "{ __schema { types { fields { type { fields { name } } } } } }",
        '{ __type(name: "Query") { fields { type { fields { name } } } } }',
        '{ __type(name: "Query") { fields { type { ofType { inputFields { name } } } } } }',
    ):
        body = await storefront(client, shop.storefront_key, deeper)
        assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP", deeper
    allowed = (
        '{ __type(name: "Contact") { fields { name args { name } type { ofType { name } } } } }'
    )
    assert "errors" not in await storefront(client, shop.storefront_key, allowed)


async def test_hostile_depth_hidden_in_fragments_and_aliases_is_refused(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    fragments = "fragment T0 on __Type { name }\n"
    for i in range(1, 6):
        fragments += f"fragment T{i} on __Type {{ fields {{ type {{ ...T{i - 1} }} }} }}\n"
    query = '{ a: __type(name: "Query") { ...T5 } }\n' + fragments
    body = await storefront(client, shop.storefront_key, query)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"
    many_of_type = "name"
    for _ in range(10):
        many_of_type = f"ofType {{ {many_of_type} }}"
    body = await storefront(
        client, shop.storefront_key, f'{{ __type(name: "Query") {{ {many_of_type} }} }}'
    )
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"


async def test_a_twenty_deep_ordinary_query_is_refused(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    # Outside introspection every field level counts, whatever the field names.
    inner = "name"
    for _ in range(19):
        inner = f"customerGroup {{ {inner} }}"
    body = await storefront(client, shop.storefront_key, f"{{ viewer {{ {inner} }} }}")
    codes = {e["extensions"]["code"] for e in body["errors"]}
    assert "QUERY_TOO_DEEP" in codes
    # An ordinary field called like an introspection list still counts as depth.
    deep = "{ viewer { orders { edges { node { lines { sku } invoices { number } } } } } }"
    assert "errors" not in await storefront(client, shop.storefront_key, deep)


async def test_production_keeps_introspection_off(pool: Any, shop: CreatedShop) -> None:
    from gateway.app import create_app

    settings = make_settings(env="production", graphiql=False, introspection=False)
    application = create_app(settings, pool=pool)
    transport = httpx.ASGITransport(app=application)
    async with (
        application.router.lifespan_context(application),
        httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client,
    ):
        body = await storefront(client, shop.storefront_key, get_introspection_query())
        assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        assert body.get("data") is None
        assert (await client.get("/schema.graphql")).status_code == 404
        assert (await client.get(assets()["explorer.js"].url)).status_code == 404
        assert (await client.get("/graphql", headers={"Accept": "text/html"})).status_code == 404
