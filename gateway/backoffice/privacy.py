"""GDPR requests a merchant receives by mail: export a contact's data, erase a contact.

Both do exactly what the customer's own `exportMyData` and confirmed account deletion do
(gateway/privacy/export.py, gateway/privacy/deletion.py), so what is kept for the books is the
same whoever asked.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from gateway.db import privacy as db
from gateway.errors import Problem, ProblemError
from gateway.privacy.deletion import placeholder_email
from gateway.privacy.export import export_my_data


def _contact_id(raw: str) -> UUID:
    try:
        return UUID(str(raw))
    except ValueError:
        raise ProblemError(Problem("NOT_FOUND", ["id"], "There is no such contact.")) from None


async def export_contact(
    pool: asyncpg.Pool, shop_id: UUID, contact_id: str
) -> dict[str, Any] | None:
    """Everything held about the contact; None when the shop has no such contact."""
    try:
        key = UUID(str(contact_id))
    except ValueError:
        return None
    exported = await export_my_data(pool, shop_id, key)
    return exported or None


async def erase_contact(pool: asyncpg.Pool, shop_id: UUID, contact_id: str) -> None:
    """Anonymise the contact (and its guest records of the same address) in one transaction;
    it is signed out everywhere. Unknown or already erased: NOT_FOUND."""
    key = _contact_id(contact_id)
    async with pool.acquire() as conn, conn.transaction():
        done = await db.anonymise(conn, shop_id, key, placeholder_email(key))
    if not done:
        raise ProblemError(
            Problem("NOT_FOUND", ["id"], "There is no such contact, or it was erased already.")
        )
