"""SQL for changes a contact makes to its own record: profile, preferences, e-mail address."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from gateway.db.contacts import COLUMNS, Contact, contact_from_row

PROFILE_COLUMNS = frozenset({"full_name", "phone", "locale", "vat_number"})


async def update_profile(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, changes: dict[str, Any]
) -> Contact | None:
    values: list[Any] = [shop_id, contact_id]
    assignments = []
    for column, value in changes.items():
        if column not in PROFILE_COLUMNS:
            raise ValueError(f"not a profile column: {column}")
        values.append(value)
        assignments.append(f"{column} = ${len(values)}")
    row = await conn.fetchrow(
        f"""update contacts set {", ".join([*assignments, "updated_at = now()"])}
            where shop_id = $1 and id = $2 and anonymised_at is null returning {COLUMNS}""",
        *values,
    )
    return contact_from_row(row) if row else None


async def merge_preferences(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, changes: dict[str, Any]
) -> Contact | None:
    row = await conn.fetchrow(
        f"""update contacts set preferences = preferences || $3::jsonb, updated_at = now()
            where shop_id = $1 and id = $2 and anonymised_at is null returning {COLUMNS}""",
        shop_id,
        contact_id,
        changes,
    )
    return contact_from_row(row) if row else None


async def password_hash(conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID) -> str | None:
    return await conn.fetchval(
        "select password_hash from contacts where shop_id = $1 and id = $2", shop_id, contact_id
    )


async def set_email(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, email: str
) -> Contact | None:
    """Confirmed by the new address itself. Raises UniqueViolationError when it is taken."""
    row = await conn.fetchrow(
        f"""update contacts set email = $3, email_confirmed_at = now(), updated_at = now()
            where shop_id = $1 and id = $2 and anonymised_at is null returning {COLUMNS}""",
        shop_id,
        contact_id,
        email,
    )
    return contact_from_row(row) if row else None


async def live_token_purpose(
    conn: asyncpg.Connection, shop_id: UUID, token_hash: bytes, purposes: list[str]
) -> str | None:
    """The purpose of an unused, unexpired token of one of `purposes` (it is not used up)."""
    return await conn.fetchval(
        """select purpose from auth_tokens
           where token_hash = $1 and shop_id = $2 and purpose = any($3::text[])
             and used_at is null and expires_at > now()""",
        token_hash,
        shop_id,
        purposes,
    )
