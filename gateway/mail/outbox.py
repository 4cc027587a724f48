"""The outbox: a mail is a row written in the same transaction as the change that causes it."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from gateway.mail.templates import render


async def enqueue(
    conn: asyncpg.Connection,
    *,
    shop_id: UUID | None,
    to: str,
    template: str,
    locale: str,
    params: dict[str, str],
) -> int:
    """Render a template and add it to the outbox; the sender task delivers it."""
    mail = render(template, locale, params)
    return await conn.fetchval(
        """insert into mail_outbox (shop_id, to_address, subject, text_body, html_body, template)
           values ($1, $2, $3, $4, $5, $6) returning id""",
        shop_id,
        to,
        mail.subject,
        mail.text,
        mail.html,
        template,
    )


def account_link(account_url: str, page: str, token: str) -> str:
    """Every mailed link: `<accountUrl>/<page>?token=<token>` (page confirm, sign-in, ...)."""
    return f"{account_url.rstrip('/')}/{page}?token={token}"
