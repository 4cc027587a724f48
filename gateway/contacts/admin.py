"""Admin `contactCreate` and `contactUpdate`: contacts a merchant adds and keeps up to date.

A contact made with a password is a registered contact with that (argon2id) password. Without
one it gets an invitation mail: a `reset_password` token valid 14 days, link page
`reset-password`; identity's `resetPassword` sets the password and confirms the address.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, fields
from typing import Any
from uuid import UUID

import asyncpg

from gateway.accounts.password_policy import check_password
from gateway.accounts.proof import MERCHANT, email_proven
from gateway.contacts.fields import (
    check_email,
    check_locale,
    check_name,
    check_phone,
    check_vat_number,
)
from gateway.contacts.invitations import queue_invitation
from gateway.db import contact_writes as db
from gateway.db import contacts as contacts_db
from gateway.db.contacts import Contact
from gateway.db.shops import storefronts_of_shop
from gateway.errors import Problem, ProblemError
from gateway.organisations.contact_membership import apply_membership
from gateway.updates import KEEP
from gateway.validation import uuid_or_none

ROLES = ("ADMIN", "BUYER")


@dataclass(frozen=True)
class ContactRequest:
    email: str
    full_name: str
    password: str | None = None
    email_confirmed: bool = False
    locale: str | None = None
    phone: str | None = None


async def create_contact(
    pool: asyncpg.Pool,
    shop_id: UUID,
    request: ContactRequest,
    hash_password: Callable[[str], Awaitable[str]],
) -> Contact:
    problems: list[Problem] = []
    email, found = check_email(request.email, ["input", "email"])
    problems += found
    name, found = check_name(request.full_name, ["input", "fullName"])
    problems += found
    phone, found = check_phone(request.phone, ["input", "phone"])
    problems += found
    locale = None
    if request.locale is not None:
        locale, found = check_locale(request.locale, ["input", "locale"])
        problems += found
    if request.password is not None:
        weak = check_password(request.password, email)
        if weak is not None:
            problems.append(Problem(weak.code, ["input", "password"], weak.message))
    if problems:
        raise ProblemError(*problems)
    password_hash = await hash_password(request.password) if request.password is not None else None
    async with pool.acquire() as conn, conn.transaction():
        storefront = (await storefronts_of_shop(conn, shop_id))[0]
        new = db.NewContact(
            email=email,
            full_name=name,
            is_guest=False,
            locale=locale or storefront.default_locale,
            phone=phone,
            password_hash=password_hash,
            email_confirmed=request.email_confirmed,
        )
        contact = await db.insert_contact(conn, shop_id, new)
        if contact is None:
            raise ProblemError(
                Problem("EMAIL_TAKEN", ["input", "email"], "A registered contact has this address.")
            )
        if password_hash is None:
            await queue_invitation(
                conn, storefront, contact.id, email, contact.full_name, contact.locale
            )
        return contact


@dataclass(frozen=True)
class ContactChanges:
    """Each field KEEP (left out) or the new value; None clears where that is allowed."""

    full_name: Any = KEEP
    phone: Any = KEEP
    locale: Any = KEEP
    vat_number: Any = KEEP
    customer_group_id: Any = KEEP
    organisation_id: Any = KEEP
    organisation_role: Any = KEEP
    email_confirmed: Any = KEEP


def _check_changes(changes: ContactChanges) -> tuple[dict[str, Any], list[Problem]]:
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    given = {f.name: getattr(changes, f.name) for f in fields(changes)}
    given = {k: v for k, v in given.items() if v is not KEEP}
    checks = {
        "full_name": (check_name, "fullName"),
        "phone": (check_phone, "phone"),
        "locale": (check_locale, "locale"),
        "vat_number": (check_vat_number, "vatNumber"),
    }
    for column, (check, key) in checks.items():
        if column in given:
            if given[column] is None and column in ("full_name", "locale"):
                problems.append(Problem("INVALID", ["input", key], "This can't be cleared."))
                continue
            out[column], found = check(given[column], ["input", key])  # type: ignore[operator]
            problems += found
    for column, key in (
        ("customer_group_id", "customerGroupId"),
        ("organisation_id", "organisationId"),
    ):
        if column in given:
            value = given[column]
            out[column] = None if value is None else uuid_or_none(value)
            if value is not None and out[column] is None:
                problems.append(Problem("NOT_FOUND", ["input", key], "There is no such id."))
    if "organisation_role" in given:
        role = given["organisation_role"]
        if role is not None and role not in ROLES:
            problems.append(Problem("INVALID", ["input", "organisationRole"], "ADMIN or BUYER."))
        out["organisation_role"] = role
    if "email_confirmed" in given and given["email_confirmed"] is not None:
        out["email_confirmed"] = bool(given["email_confirmed"])
    return out, problems


async def update_contact(
    pool: asyncpg.Pool, shop_id: UUID, raw_id: str, changes: ContactChanges
) -> Contact:
    not_found = ProblemError(Problem("NOT_FOUND", ["id"], "There is no such contact."))
    contact_id = uuid_or_none(raw_id)
    if contact_id is None:
        raise not_found
    values, problems = _check_changes(changes)
    async with pool.acquire() as conn, conn.transaction():
        current = await contacts_db.by_id(conn, shop_id, contact_id)
        if current is None:
            raise not_found
        group = values.get("customer_group_id")
        if group is not None and not await db.customer_group_exists(conn, shop_id, group):
            problems.append(
                Problem("NOT_FOUND", ["input", "customerGroupId"], "There is no such group.")
            )
        membership = {
            k: values.pop(k) for k in ("organisation_id", "organisation_role") if k in values
        }
        if problems:
            raise ProblemError(*problems)
        if values.get("email_confirmed") and not current.is_guest and not current.email_confirmed:
            # The merchant vouches for the address: a first proof by another route than the
            # registrant's confirmation link (see gateway/accounts/proof.py).
            del values["email_confirmed"]
            await email_proven(conn, shop_id, contact_id, current.email, MERCHANT)
        if membership:
            await apply_membership(conn, shop_id, current, membership)
        updated = await db.update_contact(conn, shop_id, contact_id, values)
        assert updated is not None
        return updated
