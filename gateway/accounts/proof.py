"""Proof of an e-mail address: the person followed a mailed link or token."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from gateway.db import identity as db
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
