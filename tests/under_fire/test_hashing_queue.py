"""The password hashing queue is bounded: one more hash than PASSWORD_HASH_QUEUE answers
RATE_LIMITED at once instead of waiting behind the others."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from gateway.accounts.fair_gate import HASHING_CLIENT
from gateway.accounts.passwords import HASH_THREAD_NICENESS, Passwords
from gateway.config import Settings
from gateway.errors import RateLimited
from gateway.tenancy.shops import CreatedShop
from tests.conftest import StatementCounter, make_settings
from tests.under_fire.conftest import LOGIN, PASSWORD, create_customer
from tests.under_fire.test_metrics import scrape, value


@contextmanager
def workers_busy(passwords: Passwords, workers: int) -> Iterator[None]:
    """Occupy the hashing threads until the block ends (what a storm of slow hashes does)."""
    release = threading.Event()
    for _ in range(workers):
        passwords._pool.submit(release.wait, 30)
    try:
        yield
    finally:
        release.set()


@pytest.fixture
def settings() -> Settings:
    return make_settings(password_hash_workers=1, password_hash_queue=3)


async def test_a_full_queue_refuses_at_once_and_drains(settings: Settings) -> None:
    passwords = Passwords(settings)
    try:
        with workers_busy(passwords, 1):
            queued = [asyncio.create_task(passwords.hash(f"pw {n}")) for n in range(3)]
            await asyncio.sleep(0)  # let the three enter the queue (no waiting on time)
            assert passwords.queued == 3
            with pytest.raises(RateLimited) as refused:
                await passwords.hash("one too many")
            assert refused.value.problems[0].code == "RATE_LIMITED"
            with pytest.raises(RateLimited):
                await passwords.verify(None, "verifying queues too")
        hashes = await asyncio.gather(*queued)
        assert all(h.startswith("$argon2id$") for h in hashes)
        assert passwords.queued == 0
        assert await passwords.verify(hashes[0], "pw 0")  # room again
    finally:
        passwords.close()


async def test_a_login_in_a_full_queue_answers_rate_limited(
    app: Any, client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    await create_customer(client, shop, "ann@example.test")
    passwords: Passwords = app.state.services.passwords
    before = await scrape(client)
    with workers_busy(passwords, 1):
        filling = [asyncio.create_task(passwords.hash(f"x{n}")) for n in range(3)]
        await asyncio.sleep(0)
        answer = await client.post(
            "/graphql",
            json={"query": LOGIN, "variables": {"email": "ann@example.test", "password": PASSWORD}},
            headers={"X-Storefront-Key": shop.storefront_key},
        )
    await asyncio.gather(*filling)
    assert answer.status_code == 200
    login = answer.json()["data"]["login"]
    assert [e["code"] for e in login["errors"]] == ["RATE_LIMITED"]
    assert login["session"] is None
    assert answer.headers["retry-after"] == "1"
    after = await scrape(client)
    assert (
        value(after, "gateway_throttled_total", kind="hashing")
        - value(before, "gateway_throttled_total", kind="hashing")
        == 1
    )

    # With the queue drained the same login goes through.
    again = await client.post(
        "/graphql",
        json={"query": LOGIN, "variables": {"email": "ann@example.test", "password": PASSWORD}},
        headers={"X-Storefront-Key": shop.storefront_key},
    )
    assert again.json()["data"]["login"]["errors"] == []


def test_the_default_queue_is_sixteen_per_worker_and_two_per_client() -> None:
    assert Settings.from_env({"PASSWORD_HASH_WORKERS": "3"}).password_hash_queue == 48
    assert Settings.from_env({"PASSWORD_HASH_QUEUE": "5"}).password_hash_queue == 5
    assert Settings.from_env({}).password_hash_per_client == 2
    with pytest.raises(ValueError, match="PASSWORD_HASH_QUEUE"):
        Settings.from_env({"PASSWORD_HASH_QUEUE": "0"})


async def _as_client(client: str, passwords: Passwords, order: list[str], name: str) -> None:
    HASHING_CLIENT.set(client)  # this task's own context (create_task copied it)
    await passwords.hash(name)
    order.append(name)


async def test_clients_take_turns_and_hold_at_most_their_share() -> None:
    """A storm of a few clients keeps the queue busy; another customer's hash is refused
    neither by the storm nor waits behind all of it: it comes after one hash of each."""
    passwords = Passwords(
        make_settings(password_hash_workers=1, password_hash_queue=9, password_hash_per_client=2)
    )
    order: list[str] = []
    try:
        with workers_busy(passwords, 1):
            storm = [
                asyncio.create_task(_as_client(ip, passwords, order, f"{ip}-{n}"))
                for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4")
                for n in (1, 2)
            ]
            await asyncio.sleep(0)  # all eight in the queue (no waiting on time)
            assert passwords.queued == 8
            # A storming client's third hash is refused; it has its share.
            token = HASHING_CLIENT.set("10.0.0.1")
            try:
                with pytest.raises(RateLimited):
                    await passwords.hash("one more of the storm")
            finally:
                HASHING_CLIENT.reset(token)
            anna = asyncio.create_task(_as_client("192.0.2.7", passwords, order, "anna"))
            await asyncio.sleep(0)
            assert passwords.queued == 9
        await asyncio.gather(*storm, anna)
    finally:
        passwords.close()
    # The first storm hash had the thread at once (its client's second was first in line);
    # then one hash of each client in rotation: Anna comes before the other clients' second
    # round, sixth of ten (first come, first served put her last).
    assert order.index("anna") < min(order.index(f"10.0.0.{k}-2") for k in (2, 3, 4))
    assert order.index("anna") == 5 and len(order) == 9


async def test_below_half_full_one_client_may_take_more_than_its_share() -> None:
    """A storefront's server signing in many customers without forwarding their IPs is one
    client: its share binds only once half the places are taken."""
    passwords = Passwords(
        make_settings(password_hash_workers=1, password_hash_queue=8, password_hash_per_client=2)
    )
    order: list[str] = []
    try:
        with workers_busy(passwords, 1):
            mine = [
                asyncio.create_task(_as_client("198.51.100.1", passwords, order, f"m{n}"))
                for n in range(4)
            ]
            await asyncio.sleep(0)
            assert passwords.queued == 4  # two over the share, the queue half full
            token = HASHING_CLIENT.set("198.51.100.1")
            try:
                with pytest.raises(RateLimited):
                    await passwords.hash("now the share binds")
            finally:
                HASHING_CLIENT.reset(token)
        await asyncio.gather(*mine)
    finally:
        passwords.close()
    assert sorted(order) == ["m0", "m1", "m2", "m3"]


async def test_a_login_refused_by_a_full_queue_sends_no_sql(
    app: Any, client: httpx.AsyncClient, shop: CreatedShop, statements: StatementCounter
) -> None:
    """A storm the queue refuses costs no reads or throttle writes: the refusal comes before
    the sign-in's SQL (40 storming clients made 170 refused logins a second, each with a
    lookup and a counter upsert, before this)."""
    await create_customer(client, shop, "bo@example.test")
    passwords: Passwords = app.state.services.passwords
    with workers_busy(passwords, 1):
        filling = [asyncio.create_task(passwords.hash(f"x{n}")) for n in range(3)]
        await asyncio.sleep(0)
        statements.sent.clear()
        answer = await client.post(
            "/graphql",
            json={"query": LOGIN, "variables": {"email": "bo@example.test", "password": PASSWORD}},
            headers={"X-Storefront-Key": shop.storefront_key},
        )
        refused_with = [query for query, _ in statements.sent]
    await asyncio.gather(*filling)
    assert [e["code"] for e in answer.json()["data"]["login"]["errors"]] == ["RATE_LIMITED"]
    assert not [q for q in refused_with if "throttle" in q or "contacts" in q], refused_with


@pytest.mark.skipif(not hasattr(os, "sched_getscheduler"), reason="Linux scheduling calls")
async def test_hashing_threads_run_nicer_but_never_at_idle_priority(settings: Settings) -> None:
    """Nice +10 (preempted by the event loop and PostgreSQL) and not SCHED_IDLE, under which a
    hash beside one busy process gets about 0.3% of the core (QA: sign-ins 6x slower)."""
    passwords = Passwords(settings)
    try:

        def where() -> tuple[int, int]:
            thread = threading.get_native_id()
            return os.sched_getscheduler(thread), os.getpriority(os.PRIO_PROCESS, thread)

        policy, niceness = await asyncio.get_running_loop().run_in_executor(passwords._pool, where)
        assert policy == os.SCHED_OTHER
        assert niceness >= min(19, os.getpriority(os.PRIO_PROCESS, 0) + HASH_THREAD_NICENESS)
    finally:
        passwords.close()


async def test_a_hosted_sign_in_refused_by_the_queue_is_429_with_retry_after(
    app: Any, client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    """The account pages pass a rate limit on as the API does: 429 and Retry-After, not a 400
    form error (found by QA)."""
    from tests.pages.conftest import base, browser_for
    from tests.pages.helpers import submit, text_of

    await create_customer(client, shop, "cy@example.test")
    passwords: Passwords = app.state.services.passwords
    browser = await browser_for(app, None, shop)
    page = f"{base(shop)}/sign-in"
    async with browser:
        with workers_busy(passwords, 1):
            filling = [asyncio.create_task(passwords.hash(f"x{n}")) for n in range(3)]
            await asyncio.sleep(0)
            refused = await submit(
                browser, page, page, {"email": "cy@example.test", "password": PASSWORD}
            )
        await asyncio.gather(*filling)
        assert refused.status_code == 429, refused.text[:500]
        assert refused.headers["retry-after"] == "1"
        assert "Too many attempts" in text_of(refused)
        wrong = await submit(browser, page, page, {"email": "cy@example.test", "password": "no"})
        assert wrong.status_code == 400  # other refusals stay form errors
        right = await submit(
            browser, page, page, {"email": "cy@example.test", "password": PASSWORD}
        )
        assert right.status_code == 303
