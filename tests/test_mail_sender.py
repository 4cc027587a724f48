"""The outbox sender against a real SMTP server: delivery, SMTP down for a while, no mail
twice (also with two senders), the development mailbox, and the identity templates."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import httpx
import pytest

from gateway.app import create_app
from gateway.mail.outbox import account_link
from gateway.mail.sender import MailSender, SmtpTarget, backoff
from gateway.mail.templates import render
from gateway.tenancy.shops import CreatedShop
from tests.conftest import make_settings
from tests.smtp import SmtpServer, smtp_server
from tests.under_fire.outbox_helpers import queue

__all__ = ["smtp_server"]


def _sender(pool: asyncpg.Pool, smtp: SmtpServer) -> MailSender:
    settings = make_settings(smtp_url=smtp.url)
    return MailSender(pool, settings, asyncio.Event(), batch_size=50)


async def test_smtp_down_for_a_while_loses_nothing_and_sends_nothing_twice(
    pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    sender = _sender(pool, smtp_server)
    await smtp_server.stop()
    await queue(pool, shop, 3)

    assert await sender.deliver_due() == 3
    kept = await pool.fetch("select attempts, sent_at, last_error from mail_outbox")
    assert all(r["sent_at"] is None and r["attempts"] == 1 and r["last_error"] for r in kept)
    assert await sender.deliver_due() == 0  # backing off, not hammering

    await smtp_server.start()
    # Let the backoff run out (move time in the database rather than wait).
    await pool.execute("update mail_outbox set next_attempt_at = now()")
    assert await sender.deliver_due() == 3
    mails = await smtp_server.wait_for(lambda m: len(m) == 3)
    assert sorted(m.to for m in mails) == [f"person{i}@example.com" for i in range(3)]
    assert await pool.fetchval("select count(*) from mail_outbox where sent_at is null") == 0

    await pool.execute("update mail_outbox set next_attempt_at = now()")
    assert await sender.deliver_due() == 0
    assert len(smtp_server.mails) == 3


async def test_two_senders_never_deliver_a_mail_twice(
    pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await queue(pool, shop, 30)
    first, second = _sender(pool, smtp_server), _sender(pool, smtp_server)
    first.batch_size = second.batch_size = 7
    while sum(await asyncio.gather(first.deliver_due(), second.deliver_due())):
        pass
    received = sorted(m.to for m in smtp_server.mails)
    assert received == sorted(f"person{i}@example.com" for i in range(30))


async def test_the_task_wakes_when_a_mail_is_queued(
    pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    settings = make_settings(smtp_url=smtp_server.url, mail_poll_seconds=3600.0)
    wakeup = asyncio.Event()
    sender = MailSender(pool, settings, wakeup)
    sender.start()
    try:
        async with asyncio.timeout(3):
            await sender.idle.wait()  # polled once, found nothing, now sleeps for an hour
        await queue(pool, shop, 1)
        wakeup.set()
        mails = await smtp_server.wait_for(lambda m: len(m) == 1, within=3)
        assert mails[0].subject == "Your sign-in link for Test shop"
        assert mails[0].html is not None
    finally:
        await sender.stop()


def test_smtp_urls_and_backoff() -> None:
    plain = SmtpTarget.from_url("smtp://user%40x:p%3Ass@mail.example:587")
    assert (plain.hostname, plain.port, plain.implicit_tls) == ("mail.example", 587, False)
    assert (plain.username, plain.password) == ("user@x", "p:ss")
    tls = SmtpTarget.from_url("smtps://mail.example")
    assert (tls.port, tls.implicit_tls, tls.username) == (465, True, None)
    with pytest.raises(ValueError):
        SmtpTarget.from_url("http://mail.example")
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 20)] == [30, 60, 120, 3600]


@pytest.mark.parametrize("template", ["confirm-email", "sign-in-link", "reset-password"])
@pytest.mark.parametrize("locale", ["en", "nl"])
def test_identity_templates_render_in_both_locales(template: str, locale: str) -> None:
    link = account_link("https://shop.example/account", "confirm", "T" * 43)
    mail = render(
        template, locale, {"name": "Ann", "shop": "S", "link": link, "days": "14", "hours": "2"}
    )
    assert link in mail.text and f'href="{link}"' in mail.html
    assert "$" not in mail.subject + mail.text
    changed = render("password-changed", locale, {"name": "Ann", "shop": "S"})
    assert "http" not in changed.text


async def test_dev_mailbox_lists_mails_with_links_but_not_in_production(
    pool: asyncpg.Pool, client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    await queue(pool, shop, 2)
    listed = (await client.get("/dev/mailbox")).json()["mails"]
    assert [m["to"] for m in listed] == ["person1@example.com", "person0@example.com"]
    assert listed[0]["links"] == [
        account_link("https://shop.example/account", "sign-in", "t1" * 20)
    ]
    page = await client.get("/dev/mailbox", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert f'href="{listed[0]["links"][0]}"' in page.text
    one = (await client.get("/dev/mailbox", params={"to": "PERSON0@example.com"})).json()
    assert len(one["mails"]) == 1

    production = create_app(make_settings(env="production"), pool=pool)
    async with production.router.lifespan_context(production):
        transport = httpx.ASGITransport(app=production)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            assert (await c.get("/dev/mailbox")).status_code == 404


async def test_no_sender_without_smtp_url(app: Any) -> None:
    assert app.state.services.settings.smtp_url is None
    assert app.state.mail_sender is None
