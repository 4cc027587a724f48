"""Every database backend of a served gateway is killed (pg_terminate_backend from another
connection) during a load of light queries over HTTP: every failure answers in the contract's
JSON shape with a request id (never a bare `500 text/plain`), and the gateway recovers."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import asyncpg
import httpx
import orjson

from gateway.tenancy.shops import CreatedShop
from tests.served_gateway import ServedGateway

PRODUCT = {"query": 'query LightProduct { product(sku: "NONE") { name } }'}
WORKERS = 6
KILLS = 4
WITHIN = 90.0  # seconds for the whole load on a loaded 2-core machine


class Tally:
    """The answers so far; `reach(n)` returns once there are n of them."""

    def __init__(self) -> None:
        self.answers: list[httpx.Response] = []
        self._changed = asyncio.Condition()

    async def add(self, answer: httpx.Response) -> None:
        async with self._changed:
            self.answers.append(answer)
            self._changed.notify_all()

    async def reach(self, n: int) -> None:
        async with self._changed:
            await self._changed.wait_for(lambda: len(self.answers) >= n)


async def kill_backends(pool: asyncpg.Pool, application_name: str) -> int:
    return int(
        await pool.fetchval(
            """select count(pg_terminate_backend(pid)) from pg_stat_activity
               where application_name = $1 and pid <> pg_backend_pid()""",
            application_name,
        )
    )


async def test_killed_backends_answer_json_and_the_gateway_recovers(
    serve_gateway: Callable[..., ServedGateway], shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    gateway = serve_gateway(DB_POOL_MIN="2", DB_POOL_MAX="4")
    name = gateway.application_name  # type: ignore[attr-defined]
    tally = Tally()
    stop = asyncio.Event()
    headers = {"X-Storefront-Key": shop.storefront_key}

    async def light_queries(client: httpx.AsyncClient) -> None:
        while not stop.is_set():
            await tally.add(await client.post("/graphql", json=PRODUCT, headers=headers))

    killed: list[int] = []
    async with httpx.AsyncClient(base_url=gateway.url, timeout=30) as client:
        load = [asyncio.create_task(light_queries(client)) for _ in range(WORKERS)]
        try:
            async with asyncio.timeout(WITHIN):
                for _ in range(KILLS):
                    await tally.reach(len(tally.answers) + 25)
                    killed.append(await kill_backends(pool, name))
                after_kills = len(tally.answers)
                await tally.reach(after_kills + 60)
        finally:
            stop.set()
            await asyncio.gather(*load, return_exceptions=True)

    assert sum(killed) >= KILLS, killed  # backends were really killed, in every round
    failures = [a for a in tally.answers if a.status_code != 200]
    for answer in tally.answers:
        assert answer.headers["content-type"] == "application/json", answer.text
        request_id = answer.headers["x-request-id"]
        body = answer.json()
        if answer.status_code == 200 and "errors" not in body:
            assert body == {"data": {"product": None}}
            continue
        # A failure: the contract's shape, a known code, the same request id as the header.
        assert answer.status_code in {200, 503}, answer.text
        for error in body["errors"]:
            assert error["extensions"]["code"] == "UNAVAILABLE", body
            assert error["extensions"]["requestId"] == request_id
        if answer.status_code == 503:
            assert answer.headers["retry-after"]
    # It recovers: the last answers (well after the last kill) all succeed.
    assert all(a.status_code == 200 for a in tally.answers[-30:]), failures[-3:]
    assert (
        await pool.fetchval(
            "select count(*) from pg_stat_activity where application_name = $1", name
        )
        >= 1
    )

    # The gateway's log lines are JSON; each request's access line carries its request id.
    lines = [orjson.loads(li) for li in gateway.output().splitlines() if li.startswith("{")]
    ids = {li.get("request_id") for li in lines if li["logger"] == "uvicorn.access"}
    assert tally.answers[0].headers["x-request-id"] in ids
    assert tally.answers[-1].headers["x-request-id"] in ids
