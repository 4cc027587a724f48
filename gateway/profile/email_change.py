"""Changing the e-mail address: it takes effect only when the new address confirms it.

The request mails a confirmation link to the new address (a CHANGE_EMAIL token whose payload
names the address) and a notice to the old one. The link is `<accountUrl>/confirm?token=...`,
the same page as the sign-up confirmation: the storefront's confirm page calls `confirmEmail`
and, when that answers TOKEN_INVALID, `confirmEmailChange` (tokens are purpose-scoped, so a
token for one is never used up by the other). Whether the new address is taken is not told at
request time (no answer may reveal that an address has an account); the confirmation answers
EMAIL_TAKEN, to the holder of that mailbox only.
"""

from __future__ import annotations

from datetime import timedelta

import asyncpg

from gateway.accounts.passwords import Passwords
from gateway.accounts.sessions import ActiveSession, revoke_all_sessions
from gateway.accounts.tokens import CHANGE_EMAIL, issue_token, revoke_tokens, use_token
from gateway.db import contacts as contacts_db
from gateway.db import profile as db
from gateway.db.contacts import Contact
from gateway.db.shops import Storefront
from gateway.errors import Problem, ProblemError
from gateway.mail.outbox import account_link, enqueue
from gateway.validation import ValidationProblem, normalise_email

CHANGE_EMAIL_TTL = timedelta(days=2)


async def request_email_change(
    pool: asyncpg.Pool,
    passwords: Passwords,
    storefront: Storefront,
    contact: Contact,
    new_email: str,
    current_password: str | None,
) -> None:
    try:
        email = normalise_email(new_email, "newEmail")
    except ValidationProblem as error:
        raise ProblemError(Problem(error.code, [error.field], error.message)) from None
    if email.lower() == contact.email.lower():
        raise ProblemError(Problem("INVALID", ["newEmail"], "This is already your e-mail address."))
    async with pool.acquire() as conn:
        stored = await db.password_hash(conn, storefront.shop_id, contact.id)
    # Contacts with a password confirm it; sign-in-link-only contacts have none to give.
    if stored is not None and not (
        current_password and await passwords.verify(stored, current_password)
    ):
        raise ProblemError(
            Problem("INVALID_CREDENTIALS", ["currentPassword"], "Your current password is wrong.")
        )
    async with pool.acquire() as conn, conn.transaction():
        await revoke_tokens(conn, storefront.shop_id, contact.id, {CHANGE_EMAIL})
        token = await issue_token(
            conn, storefront.shop_id, contact.id, CHANGE_EMAIL, CHANGE_EMAIL_TTL, {"email": email}
        )
        params = {
            "name": contact.full_name,
            "shop": storefront.shop_name,
            "old_email": contact.email,
            "new_email": email,
            "link": account_link(storefront.account_url, "confirm", token),
        }
        for to, template in (
            (email, "email-change-confirm"),
            (contact.email, "email-change-notice"),
        ):
            await enqueue(
                conn,
                shop_id=storefront.shop_id,
                to=to,
                template=template,
                locale=contact.locale,
                params=params,
            )


async def confirm_email_change(
    pool: asyncpg.Pool,
    storefront: Storefront,
    token: str,
    current_session: ActiveSession | None = None,
) -> Contact:
    """Apply the change named by the token; the token is used up even when the address is
    taken meanwhile (EMAIL_TAKEN, settled by the unique index).

    The address is how an account is recovered, so the change ends every other session of the
    contact (the one confirming keeps its own, when it is the contact's) and every outstanding
    mailed token (trigger of migration 0007); both addresses get an `email-changed` mail.
    """
    shop_id = storefront.shop_id
    taken = False
    contact = None
    async with pool.acquire() as conn, conn.transaction():
        used = await use_token(conn, shop_id, CHANGE_EMAIL, token)
        if used is not None:
            before = await contacts_db.by_id(conn, shop_id, used.contact_id)
            try:
                async with conn.transaction():
                    contact = await db.set_email(
                        conn, shop_id, used.contact_id, str(used.payload["email"])
                    )
            except asyncpg.UniqueViolationError:
                taken = True
            if contact is not None and before is not None:
                keep = (
                    current_session.id
                    if current_session and current_session.contact_id == contact.id
                    else None
                )
                await revoke_all_sessions(conn, shop_id, contact.id, except_id=keep)
                await _mail_changed(conn, storefront, contact, before.email)
    if taken:
        raise ProblemError(
            Problem("EMAIL_TAKEN", ["token"], "Another account uses this address now.")
        )
    if contact is None:
        raise ProblemError(
            Problem("TOKEN_INVALID", ["token"], "This link is invalid or has expired.")
        )
    return contact


async def _mail_changed(
    conn: asyncpg.Connection, storefront: Storefront, contact: Contact, old_email: str
) -> None:
    params = {
        "name": contact.full_name,
        "shop": storefront.shop_name,
        "old_email": old_email,
        "new_email": contact.email,
    }
    for to in (old_email, contact.email):
        await enqueue(
            conn,
            shop_id=storefront.shop_id,
            to=to,
            template="email-changed",
            locale=contact.locale,
            params=params,
        )
