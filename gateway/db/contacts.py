"""SQL for contacts (the people of a shop: guests and registered customers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg


@dataclass(frozen=True)
class Contact:
    id: UUID
    shop_id: UUID
    email: str
    full_name: str
    is_guest: bool
    email_confirmed_at: datetime | None
    phone: str | None
    locale: str
    vat_number: str | None
    preferences: dict[str, Any]
    customer_group_id: UUID | None
    default_shipping_address_id: UUID | None
    default_billing_address_id: UUID | None
    created_at: datetime

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None


COLUMNS = """id, shop_id, email, full_name, is_guest, email_confirmed_at, phone, locale,
    vat_number, preferences, customer_group_id,
    default_shipping_address_id, default_billing_address_id, created_at"""


def contact_from_row(row: asyncpg.Record) -> Contact:
    return Contact(**{k: row[k] for k in Contact.__dataclass_fields__})


async def by_ids(conn: asyncpg.Connection, shop_id: UUID, ids: list[UUID]) -> list[Contact]:
    rows = await conn.fetch(
        f"select {COLUMNS} from contacts where shop_id = $1 and id = any($2::uuid[])",
        shop_id,
        ids,
    )
    return [contact_from_row(r) for r in rows]


async def by_id(conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID) -> Contact | None:
    row = await conn.fetchrow(
        f"select {COLUMNS} from contacts where shop_id = $1 and id = $2", shop_id, contact_id
    )
    return contact_from_row(row) if row else None


@dataclass(frozen=True)
class Credentials:
    contact: Contact
    password_hash: str | None


async def registered_by_email(
    conn: asyncpg.Connection, shop_id: UUID, email: str
) -> Credentials | None:
    """The registered (non-guest) contact with this address, compared case-insensitively."""
    row = await conn.fetchrow(
        f"""select {COLUMNS}, password_hash from contacts
            where shop_id = $1 and lower(email) = lower($2) and not is_guest""",
        shop_id,
        email,
    )
    return Credentials(contact_from_row(row), row["password_hash"]) if row else None
