"""After an SMTP outage, queued mail leaves within seconds of the server's return, however far
the per-mail backoff had grown (it was up to an hour: mails arrived 110 s late and more)."""

from __future__ import annotations

import asyncio

import asyncpg

from gateway.tenancy.shops import CreatedShop
from tests.smtp import SmtpServer, smtp_server
from tests.under_fire.outbox_helpers import queue, sender

__all__ = ["smtp_server"]


async def test_twenty_mails_queued_in_an_outage_arrive_within_ten_seconds_of_its_end(
    pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await smtp_server.stop()
    await queue(pool, shop, 20)
    mail_sender = sender(smtp_server.url, pool, mail_poll_seconds=3600.0)
    mail_sender.start()
    try:
        async with asyncio.timeout(10):
            await mail_sender.idle.wait()  # tried once, the server refused the connection
        assert mail_sender.server_down
        held = await pool.fetch("select server_fault, sent_at from mail_outbox")
        assert len(held) == 20 and all(r["server_fault"] and r["sent_at"] is None for r in held)
        # A long outage: every mail's own backoff has grown to its hour.
        await pool.execute(
            "update mail_outbox set attempts = 9, next_attempt_at = now() + interval '1 hour'"
        )

        await smtp_server.start()
        mails = await smtp_server.wait_for(lambda m: len(m) >= 20, within=10)
    finally:
        await mail_sender.stop()
    assert sorted(m.to for m in mails) == sorted(f"person{i}@example.com" for i in range(20))
    left = await pool.fetchval("select count(*) from mail_outbox where sent_at is null")
    assert left == 0
    assert not mail_sender.server_down


async def test_a_delivery_by_another_replica_wakes_the_mail_an_outage_held_back(
    pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    """The replica that saw the outage may be idle; any success resets the queue."""
    saw_outage, other = sender(smtp_server.url, pool), sender(smtp_server.url, pool)
    await smtp_server.stop()
    await queue(pool, shop, 5)
    assert await saw_outage.deliver_due() == 5
    assert await saw_outage.deliver_due() == 0  # backing off, not hammering
    await smtp_server.start()

    await queue(pool, shop, 1, prefix="new")
    assert await other.deliver_due() == 1  # the new mail; its success wakes the others
    assert await other.deliver_due() == 5
    mails = await smtp_server.wait_for(lambda m: len(m) == 6)
    assert len({m.to for m in mails}) == 6


async def test_a_mail_refused_for_itself_keeps_its_backoff_when_others_succeed(
    pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    """Only the outage's mails are woken: a mailbox that answers 450 is not hammered."""

    async def busy_mailbox(server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        if address.startswith("busy"):
            return "450 4.2.1 Mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.handle_RCPT = busy_mailbox  # type: ignore[attr-defined]
    await queue(pool, shop, 1, prefix="busy")
    await queue(pool, shop, 1, prefix="fine")
    mail_sender = sender(smtp_server.url, pool)
    assert await mail_sender.deliver_due() == 2
    await smtp_server.wait_for(lambda m: len(m) == 1)
    row = await pool.fetchrow(
        "select server_fault, failed_at, next_attempt_at > now() as later from mail_outbox "
        "where to_address = 'busy0@example.com'"
    )
    assert row is not None and not row["server_fault"] and row["failed_at"] is None
    assert row["later"]
    assert await mail_sender.deliver_due() == 0
