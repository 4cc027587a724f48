"""Every answer carries X-Request-Id (a sane incoming one is kept); logs carry it as JSON."""

from __future__ import annotations

import io
import logging
from typing import Any

import httpx
import orjson
import pytest

from gateway.logs import REQUEST_ID, JsonFormatter, RequestIdFilter
from gateway.tenancy.shops import CreatedShop


@pytest.mark.parametrize(
    ("method", "path", "headers", "status"),
    [
        ("GET", "/healthz", {}, 200),
        ("GET", "/readyz", {}, 200),
        ("GET", "/metrics", {}, 200),
        ("GET", "/no/such/page", {}, 404),
        ("POST", "/graphql", {}, 401),  # no storefront key
        ("POST", "/admin/graphql", {}, 401),
        ("PUT", "/graphql", {}, 405),
        ("GET", "/dev/mailbox?to=%00", {}, None),
        ("OPTIONS", "/graphql", {"Origin": "https://x.example"}, None),
    ],
)
async def test_every_answer_has_a_request_id(
    client: httpx.AsyncClient,
    method: str,
    path: str,
    headers: dict[str, str],
    status: int | None,
) -> None:
    answer = await client.request(method, path, headers=headers, json={"query": "{ __typename }"})
    if status is not None:
        assert answer.status_code == status
    request_id = answer.headers["x-request-id"]
    assert len(request_id) == 32
    if answer.status_code >= 500:  # e.g. a NUL in the mailbox filter (issue 14, item 2)
        assert answer.headers["content-type"] == "application/json"
        assert answer.json()["errors"][0]["extensions"]["requestId"] == request_id


async def test_a_sane_incoming_request_id_is_kept_others_are_replaced(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    headers = {"X-Storefront-Key": shop.storefront_key}
    kept = await client.post(
        "/graphql",
        json={"query": "{ storefront { name } }"},
        headers={**headers, "X-Request-Id": "lb-7f3a.42:1"},
    )
    assert kept.headers["x-request-id"] == "lb-7f3a.42:1"
    for bad in ("x" * 65, "a b", "<script>", "id\u00e9".encode(), "id\x01", ""):
        answer = await client.post(
            "/graphql",
            json={"query": "{ storefront { name } }"},
            headers={**headers, "X-Request-Id": bad},
        )
        assert answer.headers["x-request-id"] != (bad if isinstance(bad, str) else "")
        assert len(answer.headers["x-request-id"]) == 32


async def test_two_requests_get_two_ids(client: httpx.AsyncClient) -> None:
    first = await client.get("/healthz")
    second = await client.get("/healthz")
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


def _json_lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in stream.getvalue().splitlines() if line]


def test_json_log_lines_carry_the_request_id() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("gateway.test-json-logs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        token = REQUEST_ID.set("req-1")
        try:
            logger.info("inside %s", "a request")
            try:
                raise ValueError("boom")
            except ValueError:
                logger.exception("failed")
        finally:
            REQUEST_ID.reset(token)
        logger.warning("outside")
    finally:
        logger.removeHandler(handler)
    inside, failed, outside = _json_lines(stream)
    assert inside["message"] == "inside a request"
    assert inside["request_id"] == "req-1" and inside["level"] == "info"
    assert inside["logger"] == "gateway.test-json-logs" and inside["time"].endswith("Z")
    assert failed["request_id"] == "req-1" and "ValueError: boom" in failed["exc"]
    assert "request_id" not in outside


async def test_an_internal_error_logs_the_id_the_caller_sees(
    client: httpx.AsyncClient, shop: CreatedShop, caplog: pytest.LogCaptureFixture
) -> None:
    # A storefront request whose context factory fails unexpectedly (a broken services
    # object): answered as JSON INTERNAL with the id, and the log line has the same id.
    app = client._transport.app  # type: ignore[attr-defined]
    services = app.state.services
    original = services.storefront_keys
    services.storefront_keys = None  # resolve() now raises AttributeError
    try:
        with caplog.at_level(logging.ERROR, logger="gateway.requests"):
            answer = await client.post(
                "/graphql",
                json={"query": "{ storefront { name } }"},
                headers={"X-Storefront-Key": shop.storefront_key, "X-Request-Id": "trace-9"},
            )
    finally:
        services.storefront_keys = original
    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/json"
    error = answer.json()["errors"][0]
    assert error["extensions"] == {"code": "INTERNAL", "requestId": "trace-9"}
    assert answer.headers["x-request-id"] == "trace-9"
    records = [r for r in caplog.records if r.name == "gateway.requests"]
    assert records and all(getattr(r, "request_id", "trace-9") == "trace-9" for r in records)


def test_log_format_is_a_setting() -> None:
    from gateway.config import Settings
    from gateway.logs import log_config

    assert Settings.from_env({}).log_format == "text"
    assert Settings.from_env({"GATEWAY_ENV": "production"}).log_format == "json"
    assert Settings.from_env({"GATEWAY_LOG_FORMAT": "JSON"}).log_format == "json"
    with pytest.raises(ValueError, match="GATEWAY_LOG_FORMAT"):
        Settings.from_env({"GATEWAY_LOG_FORMAT": "xml"})
    formatter = log_config("json")["formatters"]["main"]
    assert formatter == {"()": "gateway.logs.JsonFormatter"}
