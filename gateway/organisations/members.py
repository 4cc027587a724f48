"""Members and roles: what an organisation's ADMIN may do, and the last-ADMIN rule.

Every change to an organisation's memberships first locks the organisation's row (`select ...
for update`), so concurrent demotions and removals run one after the other and the count of
ADMINs they see is the true one: the last ADMIN cannot be removed or demoted (CONFLICT), however
many requests try at once.

Storefront rules (checked here, server-side): only an ADMIN of the member's organisation may
change roles or remove members (a BUYER gets FORBIDDEN; someone outside the organisation gets
NOT_FOUND, as if the member did not exist).
"""

from __future__ import annotations

from uuid import UUID

import asyncpg

from gateway.db import b2b as b2b_db
from gateway.db import memberships as db
from gateway.db.memberships import Membership
from gateway.errors import Problem, ProblemError
from gateway.organisations.b2b import ROLES

LAST_ADMIN = "An organisation keeps at least one ADMIN; make someone else ADMIN first."


def forbidden(field: list[str], message: str) -> ProblemError:
    return ProblemError(Problem("FORBIDDEN", field, message))


async def _last_admin(conn: asyncpg.Connection, shop_id: UUID, membership: Membership) -> bool:
    return await db.admin_count(conn, shop_id, membership.organisation_id) <= 1


async def remove_membership(
    conn: asyncpg.Connection, shop_id: UUID, membership: Membership, field: list[str]
) -> None:
    """Delete one membership; the organisation must be locked by the caller."""
    if membership.role == "ADMIN" and await _last_admin(conn, shop_id, membership):
        raise ProblemError(Problem("CONFLICT", field, LAST_ADMIN))
    await db.delete(conn, shop_id, membership.id)


async def change_role(
    conn: asyncpg.Connection, shop_id: UUID, membership: Membership, role: str, field: list[str]
) -> None:
    """Set a member's role; the organisation must be locked by the caller."""
    if role not in ROLES:
        raise ProblemError(Problem("INVALID", ["role"], "ADMIN or BUYER."))
    demoted = membership.role == "ADMIN" and role != "ADMIN"
    if demoted and await _last_admin(conn, shop_id, membership):
        raise ProblemError(Problem("CONFLICT", field, LAST_ADMIN))
    await db.set_role(conn, shop_id, membership.id, role)


def _parse(raw: str, field: list[str]) -> UUID:
    try:
        return UUID(str(raw).strip())
    except ValueError:
        raise ProblemError(Problem("NOT_FOUND", field, "There is no such member.")) from None


async def _locked_as_admin(
    conn: asyncpg.Connection, shop_id: UUID, viewer_id: UUID, raw_member_id: str
) -> Membership:
    """The member, with its organisation locked, if the viewer is an ADMIN of it."""
    missing = ProblemError(Problem("NOT_FOUND", ["memberId"], "There is no such member."))
    member_id = _parse(raw_member_id, ["memberId"])
    first = await db.by_id(conn, shop_id, member_id)
    if first is None:
        raise missing
    await db.lock_organisation(conn, shop_id, first.organisation_id)
    member = await db.by_id(conn, shop_id, member_id)  # as it is now that we hold the lock
    mine = await db.find(conn, shop_id, first.organisation_id, viewer_id)
    if mine is None:
        raise missing
    if mine.role != "ADMIN":
        raise forbidden(["memberId"], "Only an ADMIN of the organisation can manage its members.")
    if member is None:
        raise missing
    return member


async def update_member_role(
    pool: asyncpg.Pool, shop_id: UUID, viewer_id: UUID, raw_member_id: str, role: str
) -> b2b_db.Organisation:
    async with pool.acquire() as conn, conn.transaction():
        member = await _locked_as_admin(conn, shop_id, viewer_id, raw_member_id)
        await change_role(conn, shop_id, member, role, ["memberId"])
        return (await b2b_db.organisations_by_ids(conn, shop_id, [member.organisation_id]))[0]


async def remove_member(
    pool: asyncpg.Pool, shop_id: UUID, viewer_id: UUID, raw_member_id: str
) -> b2b_db.Organisation:
    async with pool.acquire() as conn, conn.transaction():
        member = await _locked_as_admin(conn, shop_id, viewer_id, raw_member_id)
        await remove_membership(conn, shop_id, member, ["memberId"])
        return (await b2b_db.organisations_by_ids(conn, shop_id, [member.organisation_id]))[0]


async def set_active_organisation(
    pool: asyncpg.Pool, shop_id: UUID, session_id: UUID, contact_id: UUID, raw_id: str | None
) -> None:
    """This session acts for the organisation from now on (None: as a private customer).
    NOT_FOUND when the contact is not a member of it."""
    organisation_id = None
    if raw_id is not None:
        try:
            organisation_id = UUID(str(raw_id).strip())
        except ValueError:
            organisation_id = None
        if organisation_id is None:
            raise _not_a_member()
    async with pool.acquire() as conn:
        done = await db.set_session_organisation(
            conn, shop_id, session_id, contact_id, organisation_id
        )
    if not done:
        raise _not_a_member()


def _not_a_member() -> ProblemError:
    return ProblemError(
        Problem("NOT_FOUND", ["organisationId"], "You are not a member of such an organisation.")
    )
