"""Password reset by mailed link, and password change by a signed-in contact.

Either revokes every other session and every outstanding mailed token of the contact.
A reset (also used for invitations of merchant-made contacts) proves the address, so it
confirms it and signs in.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import asyncpg

from gateway.accounts.caller import TOKEN_INVALID, Caller, SignedIn
from gateway.accounts.login import check_password_of
from gateway.accounts.mailing import mail_link_if_registered, mail_notice
from gateway.accounts.password_policy import check_password
from gateway.accounts.proof import redeem_proof
from gateway.accounts.registration import checked_email
from gateway.accounts.sessions import revoke_all_sessions
from gateway.accounts.tokens import RESET_PASSWORD
from gateway.db import contacts as contacts_db
from gateway.db import identity as db
from gateway.db.contacts import Contact
from gateway.errors import Problem, ProblemError
from gateway.secrets import hash_token

RESET_TTL = timedelta(hours=2)
RESET_TEMPLATE = "reset-password"
CHANGED_TEMPLATE = "password-changed"


async def request_password_reset(caller: Caller, raw_email: str) -> None:
    """Mail a reset link to the registered contact with this address; alike for any address."""
    email = checked_email(raw_email, ["email"])
    await mail_link_if_registered(
        caller,
        email,
        throttle_kind="reset",
        purpose=RESET_PASSWORD,
        ttl=RESET_TTL,
        template=RESET_TEMPLATE,
        page="reset-password",
    )


def _check_new(password: str, email: str | None, field: str) -> None:
    weak = check_password(password, email)
    if weak is not None:
        raise ProblemError(Problem(weak.code, [field], weak.message))


async def _store_new_password(
    caller: Caller,
    conn: asyncpg.Connection,
    contact: Contact,
    password_hash: str,
    keep_session: UUID | None,
) -> None:
    await db.set_password_hash(conn, caller.shop_id, contact.id, password_hash, changed=True)
    # Every outstanding mailed token dies with the old password (trigger of migration 0007).
    await revoke_all_sessions(conn, caller.shop_id, contact.id, except_id=keep_session)
    await mail_notice(conn, caller.storefront, contact, CHANGED_TEMPLATE)


async def reset_password(caller: Caller, token: str, password: str) -> SignedIn:
    """Set a new password with a reset (or invitation) token, confirm the address, sign in.

    The password is checked and hashed before the token is used, so a refused password does
    not burn the link; the token's use then settles concurrent attempts.
    """
    async with caller.pool.acquire() as conn:
        pending = (
            await db.peek_token(conn, caller.shop_id, RESET_PASSWORD, hash_token(token))
            if token and len(token) <= 200
            else None
        )
    if pending is None:
        raise ProblemError(TOKEN_INVALID)
    _check_new(password, pending.email, "password")
    password_hash = await caller.services.passwords.hash(password)
    async with caller.pool.acquire() as conn, conn.transaction():
        credentials = await redeem_proof(conn, caller.shop_id, RESET_PASSWORD, token)
        await _store_new_password(caller, conn, credentials.contact, password_hash, None)
        session = await caller.open_session(conn, credentials.contact.id)
        contact = await contacts_db.by_id(conn, caller.shop_id, credentials.contact.id)
    caller.mail_queued()
    assert contact is not None
    return SignedIn(contact, session)


async def change_password(
    caller: Caller, contact_id: UUID, session_id: UUID, current: str, new: str
) -> Contact:
    """Change the signed-in contact's password; every other session is signed out."""
    async with caller.pool.acquire() as conn:
        credentials = await db.credentials_by_id(conn, caller.shop_id, contact_id)
    if credentials is None:
        raise ProblemError(TOKEN_INVALID)
    contact = credentials.contact
    if not await check_password_of(caller, credentials, contact.email, current):
        raise ProblemError(
            Problem(
                "INVALID_CREDENTIALS", ["currentPassword"], "The current password is not right."
            )
        )
    _check_new(new, contact.email, "newPassword")
    password_hash = await caller.services.passwords.hash(new)
    async with caller.pool.acquire() as conn, conn.transaction():
        await _store_new_password(caller, conn, contact, password_hash, session_id)
    caller.mail_queued()
    return contact
