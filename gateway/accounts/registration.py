"""Sign-up: register, resend the confirmation mail, confirm the address (which signs in)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import asyncpg

from gateway.accounts import throttle
from gateway.accounts.caller import Caller, SignedIn
from gateway.accounts.mailing import mail_token
from gateway.accounts.password_policy import check_password
from gateway.accounts.proof import redeem_proof
from gateway.accounts.tokens import CONFIRM_EMAIL
from gateway.contacts.fields import check_email, check_locale, check_name
from gateway.db import contacts as contacts_db
from gateway.db import identity as db
from gateway.db.contacts import Contact
from gateway.errors import Problem, ProblemError
from gateway.validation import ValidationProblem, normalise_email

CONFIRM_TTL = timedelta(days=7)
CONFIRM_TEMPLATE = "confirm-email"


@dataclass(frozen=True)
class Registration:
    email: str
    password: str
    full_name: str
    locale: str | None = None


def checked_email(raw: str, field: list[str]) -> str:
    try:
        return normalise_email(raw, field[-1])
    except ValidationProblem as problem:
        raise ProblemError(Problem(problem.code, field, problem.message)) from None


def _validate(caller: Caller, form: Registration) -> tuple[str, str, str]:
    email, problems = check_email(form.email, ["input", "email"])
    full_name, found = check_name(form.full_name, ["input", "fullName"])
    problems += found
    locale, found = check_locale(
        form.locale or caller.storefront.default_locale, ["input", "locale"]
    )
    problems += found
    weak = check_password(form.password, email)
    if weak is not None:
        problems.append(Problem(weak.code, ["input", "password"], weak.message))
    if problems:
        raise ProblemError(*problems)
    return email, full_name, locale


async def register(caller: Caller, form: Registration) -> Contact:
    """A new, unconfirmed registered contact and its confirmation mail. Twenty concurrent
    registrations of one address make one contact: the unique index decides (EMAIL_TAKEN)."""
    email, full_name, locale = _validate(caller, form)
    async with caller.pool.acquire() as conn:
        await throttle.ip_request(conn, caller.settings, caller.shop_id, "register", caller.ip)
    password_hash = await caller.services.passwords.hash(form.password)
    async with caller.pool.acquire() as conn, conn.transaction():
        contact = await db.insert_registered_contact(
            conn, caller.shop_id, email, full_name, locale, password_hash
        )
        if contact is None:
            raise ProblemError(
                Problem(
                    "EMAIL_TAKEN",
                    ["input", "email"],
                    "An account with this e-mail address exists. Sign in or reset your password.",
                )
            )
        await _mail_confirmation(caller, conn, contact)
    caller.mail_queued()
    return contact


async def _mail_confirmation(caller: Caller, conn: asyncpg.Connection, contact: Contact) -> None:
    await mail_token(
        conn,
        caller.storefront,
        contact,
        purpose=CONFIRM_EMAIL,
        ttl=CONFIRM_TTL,
        template=CONFIRM_TEMPLATE,
        page="confirm",
    )


async def resend_confirmation(caller: Caller, raw_email: str) -> None:
    """Mail a new confirmation link to an unconfirmed account; answers alike for any address."""
    email = checked_email(raw_email, ["email"])
    async with caller.pool.acquire() as conn:
        await throttle.mail_request(
            conn, caller.settings, caller.shop_id, "confirm", email, caller.ip
        )
        async with conn.transaction():
            found = await contacts_db.registered_by_email(conn, caller.shop_id, email)
            if found is None or found.contact.email_confirmed:
                return
            await _mail_confirmation(caller, conn, found.contact)
    caller.mail_queued()


async def confirm_email(caller: Caller, token: str) -> SignedIn:
    """Confirm the address the token was mailed to and sign in. Single use."""
    async with caller.pool.acquire() as conn, conn.transaction():
        credentials = await redeem_proof(conn, caller.shop_id, CONFIRM_EMAIL, token)
        session = await caller.open_session(conn, credentials.contact.id)
        contact = await contacts_db.by_id(conn, caller.shop_id, credentials.contact.id)
    assert contact is not None
    return SignedIn(contact, session)
