"""Proof of an e-mail address: the person followed a mailed link or token.

Account pre-hijacking (someone signs up with another person's address and a password of their
own, and waits): until the address is proven, a password or session on the account may be a
stranger's. What the *first* proof leaves standing depends on its route:

| route (token purpose)              | the password set before | sessions opened before |
| ---------------------------------- | ----------------------- | ---------------------- |
| the registrant's own confirmation  | kept (it was mailed for | ended                  |
| link (`confirm_email`)             | that password; a later  |                        |
|                                    | password change kills   |                        |
|                                    | the link)               |                        |
| sign-in link, order mail's sign-in | dropped                 | ended                  |
| link, password reset, merchant's   |                         |                        |
| invitation, organisation invite,   |                         |                        |
| any purpose added later            |                         |                        |

Dropping the password moves `password_changed_at`, which revokes every outstanding token of
the contact (migration 0007), the stranger's confirmation link included. Once the address is
proven, later proofs change nothing.
"""

from __future__ import annotations

from uuid import UUID

import asyncpg

from gateway.accounts.caller import TOKEN_INVALID
from gateway.accounts.sessions import revoke_all_sessions
from gateway.accounts.tokens import CONFIRM_EMAIL, revoke_tokens, use_token
from gateway.db import identity as db
from gateway.db.contacts import Credentials
from gateway.errors import Problem, ProblemError

# The only proofs that keep a password set before the address was proven.
KEEPS_UNPROVEN_PASSWORD = frozenset({CONFIRM_EMAIL})
MERCHANT = "merchant"  # a merchant marks the address confirmed (admin API)


async def email_proven(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, email: str, route: str
) -> None:
    """Confirm the contact's address (if not yet) and claim the guest orders placed with it.

    `route` is the purpose of the token that proved it (or MERCHANT). Call only once the
    address is proven, inside the transaction that used the proof, before opening a session.
    Raises TOKEN_INVALID when the contact's address is no longer the one the proof was mailed to.
    """
    first = await db.mark_email_confirmed(conn, shop_id, contact_id, email)
    if first is None:
        raise ProblemError(
            Problem(
                "TOKEN_INVALID",
                ["token"],
                "This link was sent to another e-mail address. Ask for a new one.",
            )
        )
    if first:
        await _first_proof(conn, shop_id, contact_id, route)
    await db.claim_guest_orders(conn, shop_id, contact_id, email)


async def _first_proof(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, route: str
) -> None:
    await revoke_all_sessions(conn, shop_id, contact_id)
    if route in KEEPS_UNPROVEN_PASSWORD:
        # The other confirmation links sign in too and are of no use any more.
        await revoke_tokens(conn, shop_id, contact_id, {CONFIRM_EMAIL})
    else:
        await db.drop_password(conn, shop_id, contact_id)


async def redeem_proof(
    conn: asyncpg.Connection, shop_id: UUID, purpose: str, token: str
) -> Credentials:
    """Use a mailed token of this purpose once, and treat it as proof of the address it was
    mailed to (confirm the contact, claim its guest orders). TOKEN_INVALID for a token that
    is unknown, used, expired or of another purpose or shop."""
    used = await use_token(conn, shop_id, purpose, token)
    credentials = await db.credentials_by_id(conn, shop_id, used.contact_id) if used else None
    if used is None or credentials is None:
        raise ProblemError(TOKEN_INVALID)
    email = str(used.payload.get("email") or credentials.contact.email)
    await email_proven(conn, shop_id, used.contact_id, email, purpose)
    return await db.credentials_by_id(conn, shop_id, used.contact_id) or credentials
