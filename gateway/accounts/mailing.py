"""Mails that carry a single-use token: issue the token and queue the mail in one go."""

from __future__ import annotations

from datetime import timedelta

import asyncpg

from gateway.accounts import throttle
from gateway.accounts.caller import Caller
from gateway.accounts.tokens import issue_token
from gateway.db import contacts as contacts_db
from gateway.db.contacts import Contact
from gateway.db.shops import Storefront
from gateway.mail.outbox import account_link, enqueue


async def mail_token(
    conn: asyncpg.Connection,
    storefront: Storefront,
    contact: Contact,
    *,
    purpose: str,
    ttl: timedelta,
    template: str,
    page: str,
) -> None:
    """Call inside the transaction of the change that causes the mail."""
    token = await issue_token(
        conn, storefront.shop_id, contact.id, purpose, ttl, {"email": contact.email}
    )
    await enqueue(
        conn,
        shop_id=storefront.shop_id,
        to=contact.email,
        template=template,
        locale=contact.locale,
        params={
            "name": contact.full_name,
            "shop": storefront.shop_name,
            "link": account_link(storefront.account_url, page, token),
            "days": str(ttl.days),
            "hours": str(int(ttl.total_seconds() // 3600)),
        },
    )


async def mail_notice(
    conn: asyncpg.Connection, storefront: Storefront, contact: Contact, template: str
) -> None:
    """A mail without a token or link (e.g. "your password was changed")."""
    await enqueue(
        conn,
        shop_id=storefront.shop_id,
        to=contact.email,
        template=template,
        locale=contact.locale,
        params={"name": contact.full_name, "shop": storefront.shop_name},
    )


async def mail_link_if_registered(
    caller: Caller,
    email: str,
    *,
    throttle_kind: str,
    purpose: str,
    ttl: timedelta,
    template: str,
    page: str,
) -> None:
    """Count the request, then mail a link only if the address has an account (the caller
    answers alike either way), and wake the sender."""
    async with caller.pool.acquire() as conn:
        await throttle.mail_request(
            conn, caller.settings, caller.shop_id, throttle_kind, email, caller.ip
        )
        async with conn.transaction():
            found = await contacts_db.registered_by_email(conn, caller.shop_id, email)
            if found is None:
                return
            await mail_token(
                conn,
                caller.storefront,
                found.contact,
                purpose=purpose,
                ttl=ttl,
                template=template,
                page=page,
            )
    caller.mail_queued()
