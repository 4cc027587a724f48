"""GET /metrics: requests and latency per operation (bounded labels), errors by code, refused
documents by reason, pool use, outbox depth and age, throttled attempts; its protection."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import asyncpg
import httpx
from prometheus_client.parser import text_string_to_metric_families

from gateway.app import create_app
from gateway.config import Settings
from gateway.tenancy.shops import CreatedShop

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


async def scrape(client: httpx.AsyncClient, **headers: str) -> Samples:
    answer = await client.get("/metrics", headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain")
    samples: Samples = {}
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def total(samples: Samples, name: str, **labels: str) -> float:
    """Sum over the samples of `name` whose labels include `labels`."""
    wanted = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and wanted <= set(ls))


async def post(client: httpx.AsyncClient, shop: CreatedShop, body: dict[str, Any]) -> Any:
    return await client.post(
        "/graphql", json=body, headers={"X-Storefront-Key": shop.storefront_key}
    )


async def test_requests_and_latency_per_known_operation_and_other(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    before = await scrape(client)
    # PagesDashboard is one of the hosted pages' operations: a known name.
    known = "query PagesDashboard { storefront { name } }"
    for _ in range(3):
        assert (await post(client, shop, {"query": known})).status_code == 200
    # 40 made-up names: all counted under "other", none becomes a label.
    for n in range(40):
        body = {"query": f"query Probe{n} {{ storefront {{ name }} }}"}
        assert (await post(client, shop, body)).status_code == 200
    after = await scrape(client)
    labels = {"api": "storefront", "operation": "PagesDashboard", "status": "200"}
    assert (
        value(after, "gateway_requests_total", **labels)
        - value(before, "gateway_requests_total", **labels)
        == 3
    )
    other = {"api": "storefront", "operation": "other", "status": "200"}
    assert (
        value(after, "gateway_requests_total", **other)
        - value(before, "gateway_requests_total", **other)
        == 40
    )
    assert not any("Probe" in dict(ls).get("operation", "") for _, ls in after)
    latency = {"api": "storefront", "operation": "PagesDashboard"}
    assert value(after, "gateway_request_duration_seconds_count", **latency) >= 3
    assert value(after, "gateway_request_duration_seconds_sum", **latency) > 0


async def test_a_persisted_documents_name_becomes_a_label(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    query = "query StorefrontNameForMetrics { storefront { name } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    ext = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    assert (await post(client, shop, {"query": query, "extensions": ext})).status_code == 200
    assert (await post(client, shop, {"extensions": ext})).status_code == 200
    samples = await scrape(client)
    assert total(samples, "gateway_requests_total", operation="StorefrontNameForMetrics") >= 2


async def test_errors_by_code_and_refused_documents_by_reason(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    before = await scrape(client)
    bad_key = await client.post("/graphql", json={"query": "{ storefront { name } }"})
    assert bad_key.status_code == 401
    too_deep = "{ " + "viewer { " * 13 + "id" + " }" * 14
    for query in (too_deep, "{ nope }", "{ storefront { name "):
        refused = await post(client, shop, {"query": query})
        assert refused.status_code == 200 and refused.json()["errors"]
    after = await scrape(client)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("gateway_errors_total", code="STOREFRONT_KEY_INVALID") == 1
    assert grew("gateway_refused_documents_total", reason="QUERY_TOO_DEEP") == 1
    assert grew("gateway_refused_documents_total", reason="GRAPHQL_VALIDATION_FAILED") == 1
    assert grew("gateway_refused_documents_total", reason="GRAPHQL_PARSE_FAILED") == 1
    assert grew("gateway_errors_total", code="GRAPHQL_PARSE_FAILED") == 1


async def test_pool_outbox_and_throttles(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    await pool.executemany(
        """insert into mail_outbox (shop_id, to_address, subject, text_body, template, created_at)
           values ($1, $2, 's', 't', 'test', now() - make_interval(secs => $3))""",
        [(shop.shop_id, f"m{n}@example.test", 60.0 * n) for n in range(1, 4)],
    )
    # Two dead letters (given up), older than every pending mail: counted apart, not as pending.
    await pool.executemany(
        """insert into mail_outbox (shop_id, to_address, subject, text_body, template,
                                    created_at, failed_at)
           values ($1, $2, 's', 't', 'test', now() - interval '4 days', now())""",
        [(shop.shop_id, f"dead{n}@example.test") for n in range(2)],
    )
    before = await scrape(client)
    link = "mutation L($e: String!) { requestSignInLink(email: $e) { errors { code } } }"
    codes = []
    for _ in range(7):  # 5 mail requests per address per hour by default
        answer = await post(client, shop, {"query": link, "variables": {"e": "t@example.test"}})
        codes += [e["code"] for e in answer.json()["data"]["requestSignInLink"]["errors"]]
    assert codes == ["RATE_LIMITED", "RATE_LIMITED"]
    after = await scrape(client)
    assert (
        value(after, "gateway_throttled_total", kind="mail")
        - value(before, "gateway_throttled_total", kind="mail")
        == 2
    )
    assert value(after, "gateway_mail_outbox_pending") >= 3
    assert 175 <= value(after, "gateway_mail_outbox_oldest_age_seconds") < 3600
    assert value(after, "gateway_mail_dead_letters") == 2
    assert value(after, "gateway_db_pool_max") == pool.get_max_size()
    assert 1 <= value(after, "gateway_db_pool_size") <= pool.get_max_size()
    assert value(after, "gateway_db_pool_in_use") >= 0
    assert value(after, "gateway_db_pool_waiting") >= 0


async def _client_for(pool: asyncpg.Pool, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, pool=pool)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw.test") as c:
            yield c


async def test_metrics_token_and_production(pool: asyncpg.Pool, settings: Settings) -> None:
    guarded = replace(settings, metrics_token="s3cret-scrape-token")
    async for client in _client_for(pool, guarded):
        assert (await client.get("/metrics")).status_code == 401
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        assert wrong.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        await scrape(client, Authorization="Bearer s3cret-scrape-token")
    production = replace(settings, env="production", graphiql=False, introspection=False)
    async for client in _client_for(pool, production):
        assert (await client.get("/metrics")).status_code == 404
    production_with_token = replace(production, metrics_token="prod-token")
    async for client in _client_for(pool, production_with_token):
        await scrape(client, Authorization="Bearer prod-token")
