"""`contactUpdate`'s `organisationId` / `organisationRole`, now that a contact may belong to
several organisations.

- `organisationId: X` (with or without a role): the contact becomes a member of X (role given,
  else BUYER), or, when it is one already, gets the role given. Its other memberships stay.
- `organisationId: null`: the contact leaves every organisation (each keeps an ADMIN, else
  CONFLICT and nothing changes).
- `organisationRole` alone: the role in the contact's only organisation (INVALID when it has
  none or several: name the organisation).
A guest cannot be a member (INVALID).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from gateway.db import memberships as db
from gateway.db.contacts import Contact
from gateway.errors import Problem, ProblemError
from gateway.organisations.members import change_role, remove_membership


async def apply_membership(
    conn: asyncpg.Connection, shop_id: UUID, contact: Contact, values: dict[str, Any]
) -> None:
    """Call inside the update's transaction; `values` holds the given keys only."""
    role = values.get("organisation_role")
    field = ["input", "organisationId"]
    if "organisation_id" in values:
        org = values["organisation_id"]
        if org is None:
            if role is not None:
                raise ProblemError(
                    Problem(
                        "INVALID", ["input", "organisationRole"], "A role needs an organisation."
                    )
                )
            for membership in await db.of_contacts(conn, shop_id, [contact.id]):
                await db.lock_organisation(conn, shop_id, membership.organisation_id)
                await remove_membership(conn, shop_id, membership, field)
            return
        if not await db.lock_organisation(conn, shop_id, org):
            raise ProblemError(Problem("NOT_FOUND", field, "There is no such organisation."))
        if contact.is_guest:
            raise ProblemError(Problem("INVALID", field, "A guest can't be a member."))
        existing = await db.find(conn, shop_id, org, contact.id)
        if existing is None:
            await db.insert(conn, shop_id, org, contact.id, role or "BUYER")
        elif role is not None:
            await change_role(conn, shop_id, existing, role, ["input", "organisationRole"])
        return
    if role is None:
        raise ProblemError(
            Problem("INVALID", ["input", "organisationRole"], "A role needs an organisation.")
        )
    memberships = await db.of_contacts(conn, shop_id, [contact.id])
    if len(memberships) != 1:
        raise ProblemError(
            Problem(
                "INVALID",
                ["input", "organisationRole"],
                "Name the organisation (organisationId) the role is for.",
            )
        )
    await db.lock_organisation(conn, shop_id, memberships[0].organisation_id)
    await change_role(conn, shop_id, memberships[0], role, ["input", "organisationRole"])
