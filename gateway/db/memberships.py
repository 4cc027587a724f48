"""SQL for organisation memberships: who belongs to which organisation, in which role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg


@dataclass(frozen=True)
class Membership:
    id: UUID
    organisation_id: UUID
    contact_id: UUID
    role: str
    created_at: datetime


@dataclass(frozen=True)
class Member:
    """A membership with the member's name and address, as an organisation's ADMIN sees it."""

    id: UUID
    organisation_id: UUID
    contact_id: UUID
    role: str
    created_at: datetime
    email: str
    full_name: str


_COLUMNS = "m.id, m.organisation_id, m.contact_id, m.role, m.created_at"


def _membership(row: asyncpg.Record) -> Membership:
    return Membership(**{k: row[k] for k in Membership.__dataclass_fields__})


async def of_contacts(
    conn: asyncpg.Connection, shop_id: UUID, contact_ids: list[UUID]
) -> list[Membership]:
    """The memberships of these contacts, oldest first."""
    rows = await conn.fetch(
        f"""select {_COLUMNS} from organisation_members m
            where m.shop_id = $1 and m.contact_id = any($2::uuid[])
            order by m.created_at, m.id""",
        shop_id,
        contact_ids,
    )
    return [_membership(r) for r in rows]


async def find(
    conn: asyncpg.Connection, shop_id: UUID, organisation_id: UUID, contact_id: UUID
) -> Membership | None:
    row = await conn.fetchrow(
        f"""select {_COLUMNS} from organisation_members m
            where m.shop_id = $1 and m.organisation_id = $2 and m.contact_id = $3""",
        shop_id,
        organisation_id,
        contact_id,
    )
    return _membership(row) if row else None


async def by_id(conn: asyncpg.Connection, shop_id: UUID, member_id: UUID) -> Membership | None:
    row = await conn.fetchrow(
        f"select {_COLUMNS} from organisation_members m where m.shop_id = $1 and m.id = $2",
        shop_id,
        member_id,
    )
    return _membership(row) if row else None


async def insert(
    conn: asyncpg.Connection, shop_id: UUID, organisation_id: UUID, contact_id: UUID, role: str
) -> Membership | None:
    """None when the contact is a member already (the unique index decides)."""
    row = await conn.fetchrow(
        """insert into organisation_members as m (shop_id, organisation_id, contact_id, role)
           values ($1, $2, $3, $4)
           on conflict (organisation_id, contact_id) do nothing
           returning m.id, m.organisation_id, m.contact_id, m.role, m.created_at""",
        shop_id,
        organisation_id,
        contact_id,
        role,
    )
    return _membership(row) if row else None


async def lock_organisation(conn: asyncpg.Connection, shop_id: UUID, organisation_id: UUID) -> bool:
    """Lock the organisation's row until the transaction ends, so changes to its ADMINs run
    one at a time (the last-ADMIN rule holds under concurrency). False if there is none."""
    return bool(
        await conn.fetchval(
            "select true from organisations where shop_id = $1 and id = $2 for update",
            shop_id,
            organisation_id,
        )
    )


async def admin_count(conn: asyncpg.Connection, shop_id: UUID, organisation_id: UUID) -> int:
    return int(
        await conn.fetchval(
            """select count(*) from organisation_members
               where shop_id = $1 and organisation_id = $2 and role = 'ADMIN'""",
            shop_id,
            organisation_id,
        )
    )


async def set_role(conn: asyncpg.Connection, shop_id: UUID, member_id: UUID, role: str) -> None:
    await conn.execute(
        "update organisation_members set role = $3 where shop_id = $1 and id = $2",
        shop_id,
        member_id,
        role,
    )


async def delete(conn: asyncpg.Connection, shop_id: UUID, member_id: UUID) -> None:
    """Delete a membership, and with it the choice of sessions that acted for it: a session's
    choice lasts only while the membership does, so one added again later is not chosen again
    (those sessions act as if they had chosen nothing: the only membership, if one)."""
    await conn.execute(
        """with gone as (
               delete from organisation_members where shop_id = $1 and id = $2
               returning contact_id, organisation_id
           )
           update sessions s set organisation_chosen = false, organisation_id = null
           from gone
           where s.shop_id = $1 and s.contact_id = gone.contact_id
             and s.organisation_chosen and s.organisation_id = gone.organisation_id""",
        shop_id,
        member_id,
    )


# A page key: the organisation, rows wanted (page size + 1), the position to start after.
MemberPageKey = tuple[UUID, int, datetime | None, str | None]


async def member_pages(
    conn: asyncpg.Connection, shop_id: UUID, keys: list[MemberPageKey]
) -> list[list[Member]]:
    """For each key, the organisation's members in the order they joined."""
    rows = await conn.fetch(
        """select k.n, x.* from unnest($2::uuid[], $3::int[], $4::timestamptz[], $5::text[])
               with ordinality as k(organisation_id, lim, after_at, after_key, n)
           cross join lateral (
               select m.id, m.organisation_id, m.contact_id, m.role, m.created_at,
                      c.email, c.full_name
               from organisation_members m
               join contacts c on c.id = m.contact_id and c.shop_id = m.shop_id
               where m.shop_id = $1 and m.organisation_id = k.organisation_id
                 and (m.created_at, m.id) > (coalesce(k.after_at, '-infinity'::timestamptz),
                      coalesce(k.after_key::uuid, '00000000-0000-0000-0000-000000000000'))
               order by m.created_at, m.id limit k.lim
           ) x
           order by k.n, x.created_at, x.id""",
        shop_id,
        *_arrays(keys),
    )
    out: list[list[Member]] = [[] for _ in keys]
    for r in rows:
        out[r["n"] - 1].append(Member(**{k: r[k] for k in Member.__dataclass_fields__}))
    return out


def _arrays(keys: list[Any]) -> list[list[Any]]:
    return [[k[i] for k in keys] for i in range(4)]


async def set_session_organisation(
    conn: asyncpg.Connection,
    shop_id: UUID,
    session_id: UUID,
    contact_id: UUID,
    organisation_id: UUID | None,
) -> bool:
    """The session acts for this organisation (None: as a private customer) from now on.
    False when the contact is not a member of it."""
    result = await conn.execute(
        """update sessions set organisation_id = $4, organisation_chosen = true
           where shop_id = $1 and id = $2 and contact_id = $3
             and ($4::uuid is null or exists (
                 select 1 from organisation_members m
                 where m.shop_id = $1 and m.organisation_id = $4 and m.contact_id = $3))""",
        shop_id,
        session_id,
        contact_id,
        organisation_id,
    )
    return result.split()[-1] == "1"


@dataclass(frozen=True)
class Candidate:
    """What organisationAddMember needs to know about a contact."""

    id: UUID
    is_guest: bool
    anonymised: bool


async def candidate(conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID) -> Candidate | None:
    row = await conn.fetchrow(
        """select id, is_guest, anonymised_at is not null as anonymised from contacts
           where shop_id = $1 and id = $2""",
        shop_id,
        contact_id,
    )
    return Candidate(row["id"], row["is_guest"], row["anonymised"]) if row else None


async def sole_organisation(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID
) -> UUID | None:
    """The contact's organisation when it belongs to exactly one (a new session acts for it)."""
    return await conn.fetchval(  # type: ignore[no-any-return]
        """select min(organisation_id::text)::uuid from organisation_members
           where shop_id = $1 and contact_id = $2 having count(*) = 1""",
        shop_id,
        contact_id,
    )
