"""Proof of an e-mail address: the person followed a mailed link or token."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from gateway.accounts.caller import TOKEN_INVALID
from gateway.accounts.tokens import use_token
from gateway.db import identity as db
from gateway.db.contacts import Credentials
from gateway.errors import Problem, ProblemError


async def email_proven(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, email: str
) -> None:
    """Confirm the contact's address (if not yet) and claim the guest orders placed with it.

    Call only once the address is proven, inside the transaction that used the proof. Raises
    TOKEN_INVALID when the contact's address is no longer the one the proof was mailed to.
    """
    if not await db.mark_email_confirmed(conn, shop_id, contact_id, email):
        raise ProblemError(
            Problem(
                "TOKEN_INVALID",
                ["token"],
                "This link was sent to another e-mail address. Ask for a new one.",
            )
        )
    await db.claim_guest_orders(conn, shop_id, contact_id, email)


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
    await email_proven(conn, shop_id, used.contact_id, email)
    return credentials
