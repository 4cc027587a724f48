"""Throttling in PostgreSQL: failed passwords per address + IP and per IP with a doubling
delay, mail requests per address and per IP, and at most one sign-in mutation per request."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import asyncpg
import httpx
import pytest

from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import (
    LOGIN,
    PASSWORD,
    REQUEST_LINK,
    REQUEST_RESET,
    SIGN_IN_WITH_LINK,
    call,
    codes,
    confirmed_customer,
    login,
    register,
)
from tests.gql import storefront
from tests.smtp import SmtpServer


def buyer(shop: CreatedShop, ip: str) -> dict[str, str]:
    """Headers of a server-side storefront forwarding its buyer's IP."""
    return {"X-Storefront-Private-Secret": shop.storefront_private_secret, "X-Buyer-IP": ip}


def retry_seconds(payload: dict[str, Any]) -> int:
    assert codes(payload) == ["RATE_LIMITED"], payload
    match = re.search(r"in (\d+) seconds?\.", payload["errors"][0]["message"])
    assert match, payload
    return int(match.group(1))


async def test_failed_passwords_block_the_address_from_that_ip_with_a_doubling_delay(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer, pool: asyncpg.Pool
) -> None:
    email = "victim@example.com"
    await confirmed_customer(client, shop, smtp_server, email)
    attacker = buyer(shop, "198.51.100.66")
    for _ in range(5):
        failed = await login(client, shop, email, "guess guess", headers=attacker)
        assert codes(failed) == ["INVALID_CREDENTIALS"]
    blocked = await login(client, shop, email, PASSWORD, headers=attacker)
    assert retry_seconds(blocked) == 1  # even the right password waits

    response = await client.post(
        "/graphql",
        json={"query": LOGIN, "variables": {"email": email, "password": "guess"}},
        headers={"X-Storefront-Key": shop.storefront_key, **attacker},
    )
    assert response.headers["retry-after"] == "1"

    # Let the block run out (move time, not wait): each further failure doubles the delay.
    for expected in (2, 4, 8):
        await pool.execute("update throttle_counters set blocked_until = now()")
        failed = await login(client, shop, email, "guess guess", headers=attacker)
        assert codes(failed) == ["INVALID_CREDENTIALS"]
        assert retry_seconds(await login(client, shop, email, "x", headers=attacker)) == expected

    # The victim, elsewhere, still signs in by password, and by link from anywhere.
    assert (await login(client, shop, email, headers=buyer(shop, "192.0.2.10")))["errors"] == []
    await call(client, shop, REQUEST_LINK, {"email": email}, headers=attacker)
    link = (await smtp_server.mail_to(email, "sign-in link")).token("sign-in")
    used = await call(client, shop, SIGN_IN_WITH_LINK, {"token": link}, headers=attacker)
    assert used["errors"] == []


async def test_a_right_password_clears_the_failures(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    email = "typo@example.com"
    await confirmed_customer(client, shop, smtp_server, email)
    for _ in range(2):
        for _ in range(4):
            assert codes(await login(client, shop, email, "typo typo")) == ["INVALID_CREDENTIALS"]
        assert (await login(client, shop, email))["errors"] == []


async def test_unknown_addresses_are_throttled_alike(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    for _ in range(5):
        await login(client, shop, "nobody@example.com", "guess guess")
    assert retry_seconds(await login(client, shop, "nobody@example.com", "guess")) == 1


async def test_parallel_guesses_get_no_more_tries(
    app: Any,
    client: httpx.AsyncClient,
    shop: CreatedShop,
    smtp_server: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    email = "para@example.com"
    await confirmed_customer(client, shop, smtp_server, email)
    passwords = app.state.services.passwords
    verifies = 0
    real_check = passwords.check

    async def counting(stored_hash: str | None, password: str) -> Any:
        nonlocal verifies
        verifies += 1
        return await real_check(stored_hash, password)

    monkeypatch.setattr(passwords, "check", counting)
    results = await asyncio.gather(
        *(login(client, shop, email, f"guess number {i}") for i in range(30))
    )
    assert verifies == 5
    assert sum(codes(r) == ["RATE_LIMITED"] for r in results) == 25


async def test_a_hundred_sign_ups_links_and_resets_from_one_ip(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    for i in range(100):
        assert (await register(client, shop, f"buyer{i}@example.com"))["errors"] == []
        for operation in (REQUEST_LINK, REQUEST_RESET):
            answer = await call(client, shop, operation, {"email": f"buyer{i}@example.com"})
            assert answer == {"errors": []}
    assert await pool.fetchval("select count(*) from mail_outbox") == 300


async def test_mail_requests_per_address_and_per_ip(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool, smtp_server: SmtpServer
) -> None:
    await confirmed_customer(client, shop, smtp_server, "flood@example.com")
    before = await pool.fetchval("select count(*) from mail_outbox")
    answers = [
        await call(
            client,
            shop,
            REQUEST_LINK,
            {"email": "flood@example.com"},
            headers=buyer(shop, f"192.0.2.{i}"),
        )
        for i in range(7)
    ]
    assert [codes(a) for a in answers[:5]] == [[]] * 5
    assert codes(answers[5]) == ["RATE_LIMITED"] and retry_seconds(answers[5]) > 3000
    assert await pool.fetchval("select count(*) from mail_outbox") == before + 5
    # An unknown address is limited the same way (no telling which addresses exist).
    unknown = [
        await call(client, shop, REQUEST_LINK, {"email": "ghost@example.com"}) for _ in range(6)
    ]
    assert codes(unknown[5]) == ["RATE_LIMITED"]

    # The per-IP window: at its limit (200 per 10 minutes), the next request waits.
    assert await call(client, shop, REQUEST_RESET, {"email": "other@example.com"}) == {"errors": []}
    await pool.execute("update throttle_counters set count = 200 where key like 'ip:reset:%'")
    limited = await call(client, shop, REQUEST_RESET, {"email": "other@example.com"})
    assert codes(limited) == ["RATE_LIMITED"]


async def test_aliases_cannot_multiply_guesses(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    guesses = " ".join(
        f'g{i}: login(email: "a@example.com", password: "guess{i}") {{ errors {{ code }} }}'
        for i in range(2)
    )
    mixed = (
        'mutation { a: login(email: "a@example.com", password: "x") { errors { code } } '
        'b: signInWithLink(token: "y") { errors { code } } }'
    )
    fragment = (
        "mutation { ...F ...G } "
        "fragment F on Mutation { "
        'login(email: "a@example.com", password: "x") { errors { code } } } '
        'fragment G on Mutation { confirmEmail(token: "t") { errors { code } } }'
    )
    for query in (f"mutation {{ {guesses} }}", mixed, fragment):
        body = await storefront(client, shop.storefront_key, query)
        assert body["errors"][0]["extensions"]["code"] == "TOO_MANY_SIGN_IN_ATTEMPTS"
        assert body.get("data") is None
    assert await pool.fetchval("select count(*) from throttle_counters") == 0
