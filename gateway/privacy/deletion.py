"""Deleting an account: a mailed confirmation, then anonymisation.

What stays (for the books): orders with number, dates, lines, amounts, currency, VAT-relevant
totals, statuses, shipping and payment method; invoices with their number, date, totals and
the customer as invoiced (name, billing address, VAT number: required on an invoice and kept
for the fiscal retention period), without the e-mail address. Everything else goes: see
gateway/db/privacy.py `anonymise` and the README.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import asyncpg

from gateway.accounts.tokens import DELETE_ACCOUNT, issue_token, revoke_tokens, use_token
from gateway.db import privacy as db
from gateway.db.contacts import Contact
from gateway.db.shops import Storefront
from gateway.errors import Problem, ProblemError
from gateway.mail.outbox import account_link, enqueue

DELETE_ACCOUNT_TTL = timedelta(days=1)


def placeholder_email(contact_id: UUID) -> str:
    """Not routable: .invalid is reserved (RFC 2606), so no mail can ever go there."""
    return f"anonymised-{contact_id.hex}@invalid"


async def request_account_deletion(
    pool: asyncpg.Pool, storefront: Storefront, contact: Contact
) -> None:
    async with pool.acquire() as conn, conn.transaction():
        await revoke_tokens(conn, storefront.shop_id, contact.id, {DELETE_ACCOUNT})
        token = await issue_token(
            conn, storefront.shop_id, contact.id, DELETE_ACCOUNT, DELETE_ACCOUNT_TTL
        )
        await enqueue(
            conn,
            shop_id=storefront.shop_id,
            to=contact.email,
            template="account-deletion-confirm",
            locale=contact.locale,
            params={
                "name": contact.full_name,
                "shop": storefront.shop_name,
                "link": account_link(storefront.account_url, "confirm", token),
            },
        )


async def confirm_account_deletion(pool: asyncpg.Pool, shop_id: UUID, token: str) -> None:
    """Anonymise the contact; every session and outstanding token goes with it."""
    async with pool.acquire() as conn, conn.transaction():
        used = await use_token(conn, shop_id, DELETE_ACCOUNT, token)
        done = used is not None and await db.anonymise(
            conn, shop_id, used.contact_id, placeholder_email(used.contact_id)
        )
    if not done:
        raise ProblemError(
            Problem("TOKEN_INVALID", ["token"], "This link is invalid or has expired.")
        )
