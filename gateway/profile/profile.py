"""Profile rules: what a contact may change about itself, validated and normalised."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg

from gateway.contacts.fields import check_locale, check_name, check_phone, check_vat_number
from gateway.db import contacts as contacts_db
from gateway.db import profile as db
from gateway.db.contacts import Contact
from gateway.errors import Problem, ProblemError

PREFERENCE_KEYS = ("newsletter", "reviewRequests")


@dataclass(frozen=True)
class ProfileChanges:
    """None leaves a field as it is; an empty string clears phone and VAT number."""

    full_name: str | None = None
    phone: str | None = None
    locale: str | None = None
    vat_number: str | None = None


def validate_profile(changes: ProfileChanges) -> dict[str, Any]:
    """The changed columns, checked by the same rules as checkout and the admin API."""
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    if changes.full_name is not None:
        out["full_name"], found = check_name(changes.full_name, ["input", "fullName"])
        problems += found
    if changes.phone is not None:
        out["phone"], found = check_phone(changes.phone, ["input", "phone"])
        problems += found
    if changes.locale is not None:
        out["locale"], found = check_locale(changes.locale, ["input", "locale"])
        problems += found
    if changes.vat_number is not None:
        out["vat_number"], found = check_vat_number(changes.vat_number, ["input", "vatNumber"])
        problems += found
    if problems:
        raise ProblemError(*problems)
    return out


def _gone() -> ProblemError:
    return ProblemError(Problem("NOT_FOUND", [], "This account no longer exists."))


async def update_profile(
    pool: asyncpg.Pool, shop_id: UUID, contact_id: UUID, changes: ProfileChanges
) -> Contact:
    values = validate_profile(changes)
    async with pool.acquire() as conn:
        if not values:
            contact = await contacts_db.by_id(conn, shop_id, contact_id)
        else:
            contact = await db.update_profile(conn, shop_id, contact_id, values)
    if contact is None:
        raise _gone()
    return contact


async def update_preferences(
    pool: asyncpg.Pool, shop_id: UUID, contact_id: UUID, changes: dict[str, bool | None]
) -> Contact:
    """Merge the given preferences; opting in to the newsletter records when (consent)."""
    values: dict[str, Any] = {k: v for k, v in changes.items() if v is not None}
    if set(values) - set(PREFERENCE_KEYS):
        raise ValueError("unknown preference")
    if values.get("newsletter"):
        values["newsletterConsentAt"] = datetime.now(UTC).isoformat()
    async with pool.acquire() as conn:
        contact = await db.merge_preferences(conn, shop_id, contact_id, values)
    if contact is None:
        raise _gone()
    return contact
