"""Housekeeping deletes what has served its purpose, and nothing that is still needed."""

from __future__ import annotations

from datetime import timedelta

import asyncpg

from gateway.accounts.sessions import create_session
from gateway.accounts.tokens import SIGN_IN, issue_token
from gateway.db.mail import mark_sent
from gateway.maintenance import sweep
from gateway.tenancy.shops import CreatedShop


async def test_sweep_keeps_what_is_live_and_purges_the_rest(
    pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    contact = await pool.fetchval(
        """insert into contacts (shop_id, email, full_name, is_guest, email_confirmed_at)
           values ($1, 'k@example.com', 'K', false, now()) returning id""",
        shop.shop_id,
    )
    async with pool.acquire() as conn:
        live_session = await create_session(conn, shop.shop_id, contact, 30)
        old_session = await create_session(conn, shop.shop_id, contact, 30)
        await conn.execute(
            "update sessions set revoked_at = now() - interval '40 days' where id = $1",
            old_session.id,
        )
        await issue_token(conn, shop.shop_id, contact, SIGN_IN, timedelta(days=14))
        await issue_token(conn, shop.shop_id, contact, SIGN_IN, timedelta(days=-40))
    storefront_id = await pool.fetchval(
        "select id from storefronts where shop_id = $1", shop.shop_id
    )
    for days in (7, -40):
        await pool.execute(
            """insert into checkouts (shop_id, storefront_id, email, expires_at)
               values ($1, $2, 'k@example.com', now() + make_interval(days => $3))""",
            shop.shop_id,
            storefront_id,
            days,
        )
    await pool.execute(
        """insert into mail_outbox (shop_id, to_address, subject, text_body, template, sent_at)
           values ($1, 'k@example.com', 's', '', 't', now() - interval '40 days'),
                  ($1, 'k@example.com', 's', 'pending', 't', null)""",
        shop.shop_id,
    )

    swept = await sweep(pool)
    assert swept is not None
    assert (swept.checkouts, swept.tokens, swept.sessions, swept.mails) == (1, 1, 1, 1)
    assert await pool.fetchval("select count(*) from checkouts") == 1
    assert await pool.fetchval("select count(*) from auth_tokens") == 1
    assert await pool.fetchval("select id from sessions") == live_session.id
    assert await pool.fetchval("select text_body from mail_outbox") == "pending"


async def test_one_replica_sweeps_at_a_time(pool: asyncpg.Pool) -> None:
    async with pool.acquire() as conn:
        await conn.execute("select pg_advisory_lock(7331004212)")
        try:
            assert await sweep(pool) is None
        finally:
            await conn.execute("select pg_advisory_unlock(7331004212)")
    assert await sweep(pool) is not None


async def test_a_delivered_mail_keeps_no_body(pool: asyncpg.Pool, shop: CreatedShop) -> None:
    mail_id = await pool.fetchval(
        """insert into mail_outbox (shop_id, to_address, subject, text_body, html_body, template)
           values ($1, 'k@example.com', 'Sign in', 'https://x/sign-in?token=secret', '<p>',
                   'sign-in-link') returning id""",
        shop.shop_id,
    )
    async with pool.acquire() as conn:
        await mark_sent(conn, mail_id)
    row = await pool.fetchrow("select subject, text_body, html_body, sent_at from mail_outbox")
    assert row["subject"] == "Sign in" and row["sent_at"] is not None
    assert row["text_body"] == "" and row["html_body"] is None
