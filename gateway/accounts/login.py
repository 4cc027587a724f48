"""Sign-in by password.

An unknown address, a guest, a contact without a password and a wrong password all answer
INVALID_CREDENTIALS and cost one argon2 verify (against a dummy hash when there is no hash),
so neither the answer nor its time tells whether an address has an account. EMAIL_NOT_CONFIRMED
comes only after the right password. Attempts are counted before the verify (throttle).
"""

from __future__ import annotations

from uuid import UUID

import asyncpg

from gateway.accounts import throttle
from gateway.accounts.caller import Caller, SignedIn
from gateway.accounts.password_policy import MAX_LENGTH
from gateway.db import contacts as contacts_db
from gateway.db import identity as db
from gateway.db.contacts import Credentials
from gateway.errors import Problem, ProblemError
from gateway.validation import ValidationProblem, normalise_email

INVALID_CREDENTIALS = Problem(
    "INVALID_CREDENTIALS", None, "The e-mail address or password is not right."
)
EMAIL_NOT_CONFIRMED = Problem(
    "EMAIL_NOT_CONFIRMED",
    ["email"],
    "Confirm your e-mail address first: follow the link in the mail we sent you.",
)


def _lookup_form(raw: str) -> str:
    try:
        return normalise_email(raw)
    except ValidationProblem:
        return raw.strip()[:254]


async def _verify(
    caller: Caller, credentials: Credentials | None, password: str
) -> tuple[bool, str | None]:
    """(the password is right, its new hash when it must be rehashed); one argon2 verify,
    against a dummy hash without credentials or for an over-long password."""
    passwords = caller.services.passwords
    stored = credentials.password_hash if credentials else None
    if len(password) > MAX_LENGTH:
        stored = None  # never hash an over-long password; spend the dummy verify on nothing
        password = ""
    verified = await passwords.check(stored, password)
    if not verified.ok:
        return False, None
    assert stored is not None
    if verified.legacy or passwords.needs_rehash(stored):
        return True, await passwords.hash(password)
    return True, None


async def _succeeded(
    caller: Caller, conn: asyncpg.Connection, contact_id: UUID, email: str, new_hash: str | None
) -> None:
    await throttle.login_succeeded(conn, caller.settings, caller.shop_id, email, caller.ip)
    if new_hash is not None:
        await db.set_password_hash(conn, caller.shop_id, contact_id, new_hash, changed=False)


async def check_password_of(
    caller: Caller, credentials: Credentials | None, email: str, password: str
) -> bool:
    """Throttled verify (dummy hash without credentials); rehash when parameters changed."""
    caller.services.passwords.admit()  # a full hashing queue refuses before any SQL
    async with caller.pool.acquire() as conn:
        await throttle.login_attempt(conn, caller.settings, caller.shop_id, email, caller.ip)
    ok, new_hash = await _verify(caller, credentials, password)
    if not ok:
        return False
    assert credentials is not None
    async with caller.pool.acquire() as conn:
        await _succeeded(caller, conn, credentials.contact.id, email, new_hash)
    return True


async def login(caller: Caller, raw_email: str, password: str) -> SignedIn:
    """Two connection uses around the verify (none held during it): the address's
    credentials and the attempt counted; then the counters cleared and the session opened."""
    caller.require_login_method("PASSWORD", "password")
    email = _lookup_form(raw_email)
    caller.services.passwords.admit()  # a full hashing queue refuses before any SQL
    async with caller.pool.acquire() as conn:
        credentials = await contacts_db.registered_by_email(conn, caller.shop_id, email)
        await throttle.login_attempt(conn, caller.settings, caller.shop_id, email, caller.ip)
    ok, new_hash = await _verify(caller, credentials, password)
    if not ok:
        raise ProblemError(INVALID_CREDENTIALS)
    assert credentials is not None
    contact = credentials.contact
    async with caller.pool.acquire() as conn:
        await _succeeded(caller, conn, contact.id, email, new_hash)
        if not contact.email_confirmed:
            raise ProblemError(EMAIL_NOT_CONFIRMED)
        session = await caller.open_session(conn, contact.id)
    return SignedIn(contact, session)
