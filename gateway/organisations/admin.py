"""Admin rules for organisations: create, update, list, add and remove members.

`organisationAddMember` adds a membership and never touches the contact's other ones; a guest
or an anonymised contact is INVALID, an unknown contact or organisation NOT_FOUND, a contact
already in the organisation CONFLICT. Removing a member (and demoting one) goes through
`gateway.organisations.members`, which keeps at least one ADMIN.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg

from gateway.db import b2b as db
from gateway.db import memberships as members_db
from gateway.errors import Problem, ProblemError
from gateway.orders.address_snapshot import AddressData, check_address
from gateway.organisations.b2b import ROLES, check_name, parse_uuid
from gateway.organisations.members import remove_membership
from gateway.pagination import PageRequest
from gateway.updates import KEEP
from gateway.validation import ValidationProblem, normalise_vat_number

MAX_TERMS_DAYS = 365


@dataclass(frozen=True)
class OrganisationRequest:
    """Create: KEEP means "none". Update: KEEP keeps the field, None clears it."""

    name: Any = KEEP
    vat_number: Any = KEEP
    payment_terms: Any = KEEP
    price_list_id: Any = KEEP
    payment_terms_days: Any = KEEP
    billing_address: Any = KEEP  # AddressData or None


def _merge(request: OrganisationRequest, current: db.Organisation | None) -> dict[str, Any]:
    """The values after the change: given fields, else the current ones (or none)."""

    def pick(field: str, now: Any) -> Any:
        value = getattr(request, field)
        return now if value is KEEP else value

    return {
        "name": pick("name", current.name if current else None),
        "vat_number": pick("vat_number", current.vat_number if current else None),
        "payment_terms": pick("payment_terms", current.payment_terms if current else None),
        "price_list_id": pick(
            "price_list_id", str(current.price_list.id) if current and current.price_list else None
        ),
        "payment_terms_days": pick(
            "payment_terms_days", current.payment_terms_days if current else None
        ),
        "billing_address": pick("billing_address", KEEP),
    }


async def _checked(
    conn: asyncpg.Connection,
    shop_id: UUID,
    request: OrganisationRequest,
    current: db.Organisation | None,
) -> db.OrganisationValues:
    merged = _merge(request, current)
    problems: list[Problem] = []
    if merged["name"] is None:
        problems.append(Problem("INVALID", ["input", "name"], "An organisation needs a name."))
        name = ""
    else:
        name = check_name(merged["name"], ["input", "name"], 300, problems)
    vat = None
    if merged["vat_number"] and merged["vat_number"].strip():
        try:
            vat = normalise_vat_number(merged["vat_number"])
        except ValidationProblem as error:
            problems.append(Problem(error.code, ["input", error.field], error.message))
    terms = (merged["payment_terms"] or "").strip()[:500] or None
    days = merged["payment_terms_days"]
    if days is not None and not 0 <= days <= MAX_TERMS_DAYS:
        problems.append(
            Problem(
                "INVALID",
                ["input", "paymentTermsDays"],
                f"Payment terms are 0 to {MAX_TERMS_DAYS} days (null: paid at order).",
            )
        )
    address = merged["billing_address"]
    snapshot = current.billing_address if current is not None and address is KEEP else None
    if isinstance(address, AddressData):
        snapshot, found = check_address(address, ["input", "billingAddress"])
        problems += found
    list_id = None
    if merged["price_list_id"]:
        try:
            list_id = parse_uuid(merged["price_list_id"], ["input", "priceListId"], "price list")
        except ProblemError as error:
            problems += error.problems
        if list_id is not None and not await db.price_list_exists(conn, shop_id, list_id):
            problems.append(
                Problem("NOT_FOUND", ["input", "priceListId"], "There is no such price list.")
            )
    if problems:
        raise ProblemError(*problems)
    return db.OrganisationValues(name, vat, terms, list_id, days, snapshot)


async def create_organisation(
    pool: asyncpg.Pool, shop_id: UUID, request: OrganisationRequest
) -> db.Organisation:
    async with pool.acquire() as conn:
        values = await _checked(conn, shop_id, request, None)
        org_id = await db.insert_organisation(conn, shop_id, values)
        return (await db.organisations_by_ids(conn, shop_id, [org_id]))[0]


def _no_organisation(field: list[str]) -> ProblemError:
    return ProblemError(Problem("NOT_FOUND", field, "There is no such organisation."))


async def update_organisation(
    pool: asyncpg.Pool, shop_id: UUID, raw_id: str, request: OrganisationRequest
) -> db.Organisation:
    org_id = parse_uuid(raw_id, ["id"], "organisation")
    async with pool.acquire() as conn, conn.transaction():
        if not await members_db.lock_organisation(conn, shop_id, org_id):
            raise _no_organisation(["id"])
        current = (await db.organisations_by_ids(conn, shop_id, [org_id]))[0]
        values = await _checked(conn, shop_id, request, current)
        await db.update_organisation(conn, shop_id, org_id, values)
        return (await db.organisations_by_ids(conn, shop_id, [org_id]))[0]


async def list_organisations(
    pool: asyncpg.Pool, shop_id: UUID, request: PageRequest
) -> list[db.Organisation]:
    """One more than asked (to tell whether there is a next page), newest first."""
    after = request.after
    after_id = None
    if after is not None:
        after_id = parse_uuid(after.key, ["after"], "cursor")
    async with pool.acquire() as conn:
        return await db.organisation_page(
            conn, shop_id, request.first + 1, after.at if after else None, after_id
        )


async def add_member(
    pool: asyncpg.Pool, shop_id: UUID, organisation_id: str, contact_id: str, role: str
) -> db.Organisation:
    org = parse_uuid(organisation_id, ["organisationId"], "organisation")
    contact = parse_uuid(contact_id, ["contactId"], "contact")
    if role not in ROLES:
        raise ProblemError(Problem("INVALID", ["role"], "ADMIN or BUYER."))
    async with pool.acquire() as conn, conn.transaction():
        found = await db.organisations_by_ids(conn, shop_id, [org])
        if not found:
            raise _no_organisation(["organisationId"])
        candidate = await members_db.candidate(conn, shop_id, contact)
        if candidate is None or candidate.anonymised:
            raise ProblemError(Problem("NOT_FOUND", ["contactId"], "There is no such contact."))
        if candidate.is_guest:
            raise ProblemError(
                Problem(
                    "INVALID",
                    ["contactId"],
                    "A guest can't be a member; invite the address (organisationInvite) or "
                    "create an account first.",
                )
            )
        if await members_db.insert(conn, shop_id, org, contact, role) is None:
            raise ProblemError(
                Problem(
                    "CONFLICT",
                    ["contactId"],
                    "This contact is a member already; change the role with "
                    "organisationMemberUpdate.",
                )
            )
        return found[0]


async def remove_member(
    pool: asyncpg.Pool, shop_id: UUID, organisation_id: str, contact_id: str
) -> db.Organisation:
    """Remove the contact from this organisation only (the last ADMIN stays: CONFLICT)."""
    org = parse_uuid(organisation_id, ["organisationId"], "organisation")
    contact = parse_uuid(contact_id, ["contactId"], "contact")
    async with pool.acquire() as conn, conn.transaction():
        if not await members_db.lock_organisation(conn, shop_id, org):
            raise _no_organisation(["organisationId"])
        membership = await members_db.find(conn, shop_id, org, contact)
        if membership is None:
            raise ProblemError(Problem("NOT_FOUND", ["contactId"], "This contact is not a member."))
        await remove_membership(conn, shop_id, membership, ["contactId"])
        return (await db.organisations_by_ids(conn, shop_id, [org]))[0]
