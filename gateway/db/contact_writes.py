"""SQL that makes, changes and lists contacts (checkout, admin)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from gateway.db.contacts import COLUMNS, Contact, contact_from_row


@dataclass(frozen=True)
class NewContact:
    email: str
    full_name: str
    is_guest: bool
    locale: str
    phone: str | None = None
    password_hash: str | None = None
    email_confirmed: bool = False


async def insert_contact(
    conn: asyncpg.Connection, shop_id: UUID, new: NewContact
) -> Contact | None:
    """Insert a contact. A registered one whose address is taken is not inserted: None.

    The unique index on registered addresses settles races; no check-then-insert.
    """
    conflict = "" if new.is_guest else "on conflict (shop_id, lower(email)) where not is_guest"
    row = await conn.fetchrow(
        f"""insert into contacts (shop_id, email, full_name, is_guest, locale, phone,
                password_hash, password_changed_at, email_confirmed_at)
            values ($1, $2, $3, $4, $5, $6, $7::text,
                    case when $7::text is null then null else now() end,
                    case when $8 then now() end)
            {conflict} {"do nothing" if conflict else ""}
            returning {COLUMNS}""",
        shop_id,
        new.email,
        new.full_name,
        new.is_guest,
        new.locale,
        new.phone,
        new.password_hash,
        new.email_confirmed,
    )
    return contact_from_row(row) if row else None


@dataclass(frozen=True)
class ContactPageQuery:
    limit: int
    after: tuple[datetime, UUID] | None = None
    search: str | None = None
    is_guest: bool | None = None


def _like_pattern(search: str) -> str:
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def page_of_contacts(
    conn: asyncpg.Connection, shop_id: UUID, query: ContactPageQuery
) -> list[Contact]:
    """Newest first, keyset-paged on (created_at, id); fetches `limit` rows."""
    after_at, after_id = query.after if query.after else (None, None)
    rows = await conn.fetch(
        f"""select {COLUMNS} from contacts
            where shop_id = $1
              and ($2::boolean is null or is_guest = $2)
              and ($3::text is null or email ilike $3 or full_name ilike $3)
              and ($4::timestamptz is null or (created_at, id) < ($4, $5::uuid))
            order by created_at desc, id desc
            limit $6""",
        shop_id,
        query.is_guest,
        _like_pattern(query.search) if query.search else None,
        after_at,
        after_id,
        query.limit,
    )
    return [contact_from_row(r) for r in rows]


async def update_contact(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, changes: dict[str, Any]
) -> Contact | None:
    """Apply column changes; `email_confirmed` (bool) sets or clears the confirmation time."""
    allowed = {
        "full_name",
        "phone",
        "locale",
        "vat_number",
        "customer_group_id",
    }
    params: list[Any] = [shop_id, contact_id]
    assignments = ["updated_at = now()"]
    for column, value in changes.items():
        if column == "email_confirmed":
            assignments.append(
                "email_confirmed_at = coalesce(email_confirmed_at, now())"
                if value
                else "email_confirmed_at = null"
            )
            continue
        if column not in allowed:
            raise ValueError(f"unknown contact column {column}")
        params.append(value)
        assignments.append(f"{column} = ${len(params)}")
    row = await conn.fetchrow(
        f"""update contacts set {", ".join(assignments)} where shop_id = $1 and id = $2
            returning {COLUMNS}""",
        *params,
    )
    return contact_from_row(row) if row else None


async def customer_group_exists(conn: asyncpg.Connection, shop_id: UUID, group_id: UUID) -> bool:
    return bool(
        await conn.fetchval(
            "select true from customer_groups where shop_id = $1 and id = $2", shop_id, group_id
        )
    )


async def organisation_exists(conn: asyncpg.Connection, shop_id: UUID, org_id: UUID) -> bool:
    return bool(
        await conn.fetchval(
            "select true from organisations where shop_id = $1 and id = $2", shop_id, org_id
        )
    )
