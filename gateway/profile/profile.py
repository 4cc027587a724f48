"""Profile rules: what a contact may change about itself, validated and normalised."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg

from gateway.db import contacts as contacts_db
from gateway.db import profile as db
from gateway.db.contacts import Contact
from gateway.errors import Problem, ProblemError
from gateway.validation import ValidationProblem, normalise_vat_number

LOCALES = ("nl", "en")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{4,28}[0-9]$")
PREFERENCE_KEYS = ("newsletter", "reviewRequests")


@dataclass(frozen=True)
class ProfileChanges:
    """None leaves a field as it is; an empty string clears phone and VAT number."""

    full_name: str | None = None
    phone: str | None = None
    locale: str | None = None
    vat_number: str | None = None


def problem(field: list[str], message: str, code: str = "INVALID") -> Problem:
    return Problem(code, field, message)


def from_validation(error: ValidationProblem, prefix: list[str]) -> Problem:
    return Problem(error.code, [*prefix, error.field], error.message)


def validate_profile(changes: ProfileChanges) -> dict[str, Any]:
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    if changes.full_name is not None:
        name = " ".join(changes.full_name.split())
        if not 1 <= len(name) <= 200:
            problems.append(problem(["input", "fullName"], "A name has 1 to 200 characters."))
        out["full_name"] = name
    if changes.phone is not None:
        phone = changes.phone.strip()
        if phone and not _PHONE.match(phone):
            problems.append(problem(["input", "phone"], "This is not a valid phone number."))
        out["phone"] = phone or None
    if changes.locale is not None:
        if changes.locale not in LOCALES:
            problems.append(problem(["input", "locale"], "The locale is nl or en."))
        out["locale"] = changes.locale
    if changes.vat_number is not None:
        out["vat_number"] = None
        if changes.vat_number.strip():
            try:
                out["vat_number"] = normalise_vat_number(changes.vat_number)
            except ValidationProblem as error:
                problems.append(from_validation(error, ["input"]))
    if problems:
        raise ProblemError(*problems)
    return out


def _gone() -> ProblemError:
    return ProblemError(problem([], "This account no longer exists.", "NOT_FOUND"))


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
