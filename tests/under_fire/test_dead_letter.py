"""Mail that keeps failing is a dead letter: counted, listed for the admin, retried only when
the admin asks, never silently retried for ever."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.config import Settings
from gateway.tenancy.shops import CreatedShop
from tests.gql import admin, data
from tests.smtp import SmtpServer, smtp_server
from tests.under_fire.outbox_helpers import queue, sender

__all__ = ["smtp_server"]

FAILURES = """query($first: Int, $after: String) { mailFailures(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id to subject template attempts lastError failedAt failingSince } } } }"""
RETRY = "mutation($id: ID!) { mailRetry(id: $id) { errors { code field message } } }"


async def _fail_for_three_days(pool: asyncpg.Pool, smtp: SmtpServer) -> None:
    """SMTP down; the mails have been failing since three days and a minute ago."""
    await smtp.stop()
    mail_sender = sender(smtp.url, pool)
    assert await mail_sender.deliver_due() > 0
    await pool.execute(
        "update mail_outbox set failing_since = now() - interval '3 days 1 minute', "
        "next_attempt_at = now()"
    )
    assert await mail_sender.deliver_due() > 0  # the last attempt
    await smtp.start()


async def test_mail_failing_for_three_days_is_a_dead_letter_the_admin_lists_and_retries(
    pool: asyncpg.Pool,
    shop: CreatedShop,
    other_shop: CreatedShop,
    client: httpx.AsyncClient,
    smtp_server: SmtpServer,
) -> None:
    await queue(pool, shop, 3)
    await queue(pool, other_shop, 1, prefix="other")
    await _fail_for_three_days(pool, smtp_server)

    dead = await pool.fetchval("select count(*) from mail_outbox where failed_at is not null")
    assert dead == 4
    # Never retried again by itself, even once the server is back and time has passed.
    await pool.execute("update mail_outbox set next_attempt_at = now() - interval '1 day'")
    mail_sender = sender(smtp_server.url, pool)
    assert await mail_sender.deliver_due() == 0
    assert smtp_server.mails == []

    first = data(await admin(client, shop.admin_key, FAILURES, {"first": 2}))["mailFailures"]
    assert first["totalCount"] == 3 and first["pageInfo"]["hasNextPage"]
    rest = data(
        await admin(client, shop.admin_key, FAILURES, {"after": first["pageInfo"]["endCursor"]})
    )["mailFailures"]
    nodes = [e["node"] for e in first["edges"] + rest["edges"]]
    assert sorted(n["to"] for n in nodes) == [f"person{i}@example.com" for i in range(3)]
    assert all(n["template"] == "sign-in-link" and "connect" in n["lastError"] for n in nodes)
    assert all(n["attempts"] == 2 and n["failedAt"] > n["failingSince"] for n in nodes)
    assert not rest["pageInfo"]["hasNextPage"]

    # The other shop's admin neither sees nor retries this shop's dead letters.
    theirs = data(await admin(client, other_shop.admin_key, FAILURES))["mailFailures"]
    assert [e["node"]["to"] for e in theirs["edges"]] == ["other0@example.com"]
    refused = data(await admin(client, other_shop.admin_key, RETRY, {"id": nodes[0]["id"]}))
    assert [e["code"] for e in refused["mailRetry"]["errors"]] == ["NOT_FOUND"]

    retried = data(await admin(client, shop.admin_key, RETRY, {"id": nodes[0]["id"]}))
    assert retried["mailRetry"]["errors"] == []
    assert await mail_sender.deliver_due() == 1
    mails = await smtp_server.wait_for(lambda m: len(m) == 1)
    assert mails[0].to == nodes[0]["to"]
    after = data(await admin(client, shop.admin_key, FAILURES))["mailFailures"]
    assert after["totalCount"] == 2
    again = data(await admin(client, shop.admin_key, RETRY, {"id": nodes[0]["id"]}))
    assert [e["code"] for e in again["mailRetry"]["errors"]] == ["NOT_FOUND"]  # delivered


async def test_a_permanent_refusal_is_a_dead_letter_at_once_and_a_short_failure_is_not(
    pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    async def refuse_unknown(server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        if address.startswith("gone"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.handle_RCPT = refuse_unknown  # type: ignore[attr-defined]
    await queue(pool, shop, 1, prefix="gone")
    await queue(pool, shop, 1, prefix="fine")
    assert await sender(smtp_server.url, pool).deliver_due() == 2
    rows = await pool.fetch("select to_address, failed_at, last_error from mail_outbox")
    state = {r["to_address"]: r for r in rows}
    assert state["gone0@example.com"]["failed_at"] is not None
    assert "No such user" in state["gone0@example.com"]["last_error"]
    assert state["fine0@example.com"]["failed_at"] is None

    # A day of an outage is not three: retried, not dead.
    await smtp_server.stop()
    await queue(pool, shop, 1, prefix="late")
    await sender(smtp_server.url, pool).deliver_due()
    await pool.execute("update mail_outbox set failing_since = now() - interval '1 day'")
    await pool.execute("update mail_outbox set next_attempt_at = now() where sent_at is null")
    await sender(smtp_server.url, pool).deliver_due()
    late = await pool.fetchrow(
        "select failed_at, attempts from mail_outbox where to_address = 'late0@example.com'"
    )
    assert late is not None and late["failed_at"] is None and late["attempts"] == 2


async def test_bad_ids_and_cursors_are_refused_in_the_error_shape(
    pool: asyncpg.Pool, shop: CreatedShop, client: httpx.AsyncClient
) -> None:
    for bad in ("x", "-1", "0", "99999999999999999999999", "١٢", ""):
        body = data(await admin(client, shop.admin_key, RETRY, {"id": bad}))
        assert [e["code"] for e in body["mailRetry"]["errors"]] == ["NOT_FOUND"], bad
    body = await admin(client, shop.admin_key, FAILURES, {"after": "bm9wZQ"})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = await admin(client, shop.admin_key, FAILURES, {"first": 101})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_dead_after_is_configurable() -> None:
    assert Settings.from_env({}).mail_dead_after_hours == 72
    assert Settings.from_env({"MAIL_DEAD_AFTER_HOURS": "6"}).mail_dead_after_hours == 6
