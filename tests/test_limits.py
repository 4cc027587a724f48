"""Documents are refused before they run: depth (introspection too), aliases, tokens,
sign-in mutations; parsing and validation are cached; production hides schema details."""

from __future__ import annotations

from typing import Any

import httpx

from gateway.tenancy.shops import CreatedShop
from tests.conftest import make_settings
from tests.gql import storefront


async def test_deep_introspection_is_refused(client: httpx.AsyncClient, shop: CreatedShop) -> None:
    inner = "name"
    for _ in range(10):
        inner = f"ofType {{ {inner} }}"
    query = f"{{ __schema {{ types {{ fields {{ type {{ {inner} }} }} }} }} }}"
    body = await storefront(client, shop.storefront_key, query)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert "data" not in body or body.get("data") is None


async def test_depth_through_fragments_counts(client: httpx.AsyncClient, shop: CreatedShop) -> None:
    fragments = "fragment F0 on __Type { name }\n"
    for i in range(1, 14):
        fragments += f"fragment F{i} on __Type {{ ofType {{ ...F{i - 1} }} }}\n"
    query = '{ __type(name: "Query") { ...F13 } }\n' + fragments
    body = await storefront(client, shop.storefront_key, query)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"


async def test_aliases_are_limited(client: httpx.AsyncClient, shop: CreatedShop) -> None:
    many = " ".join(f"a{i}: storefront {{ name }}" for i in range(16))
    body = await storefront(client, shop.storefront_key, f"{{ {many} }}")
    assert body["errors"][0]["extensions"]["code"] == "TOO_MANY_ALIASES"
    few = " ".join(f"a{i}: storefront {{ name }}" for i in range(3))
    ok = await storefront(client, shop.storefront_key, f"{{ {few} }}")
    assert ok["data"]["a2"]["name"] == "Test shop"


async def test_token_limit(client: httpx.AsyncClient, shop: CreatedShop) -> None:
    query = "{ storefront { " + " ".join(["name"] * 3000) + " } }"
    body = await storefront(client, shop.storefront_key, query)
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_repeated_query_hits_the_validation_cache(
    app: Any, client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    documents = app.state.storefront_documents
    query = "query Cached { storefront { name } }"
    await storefront(client, shop.storefront_key, query)
    validations, hits = documents.stats.validations, documents.stats.hits
    for _ in range(5):
        await storefront(client, shop.storefront_key, query)
    assert documents.stats.validations == validations
    assert documents.stats.hits == hits + 5


async def _production_client(pool: Any) -> tuple[Any, httpx.AsyncClient]:
    from gateway.app import create_app

    settings = make_settings(env="production", graphiql=False, introspection=False)
    application = create_app(settings, pool=pool)
    transport = httpx.ASGITransport(app=application)
    return application, httpx.AsyncClient(transport=transport, base_url="http://gateway.test")


async def test_production_hides_schema(pool: Any, shop: CreatedShop) -> None:
    application, client = await _production_client(pool)
    async with application.router.lifespan_context(application), client:
        body = await storefront(client, shop.storefront_key, "{ __schema { types { name } } }")
        assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        typo = await storefront(client, shop.storefront_key, "{ storefront { nmae } }")
        assert "Did you mean" not in typo["errors"][0]["message"]
        page = await client.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == 404
