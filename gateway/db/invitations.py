"""SQL for organisation invitations: whom the mailed token belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import asyncpg


@dataclass(frozen=True)
class Invitee:
    contact_id: UUID
    registered: bool
    locale: str


async def invitee(conn: asyncpg.Connection, shop_id: UUID, email: str, locale: str) -> Invitee:
    """The contact an invitation token hangs on: the registered contact with this address,
    else its newest guest record, else a new guest record (a token needs a contact; the
    account itself is made when the invitation is accepted)."""
    row = await conn.fetchrow(
        """select id, not is_guest as registered, locale from contacts
           where shop_id = $1 and lower(email) = lower($2) and anonymised_at is null
           order by is_guest, created_at desc limit 1""",
        shop_id,
        email,
    )
    if row is None:
        row = await conn.fetchrow(
            """insert into contacts (shop_id, email, full_name, is_guest, locale)
               values ($1, $2, '', true, $3)
               returning id, false as registered, locale""",
            shop_id,
            email,
            locale,
        )
    return Invitee(row["id"], row["registered"], row["locale"])


@dataclass(frozen=True)
class InvitationContext:
    organisation_name: str
    inviter_name: str


async def invitation_context(
    conn: asyncpg.Connection, shop_id: UUID, organisation_id: UUID, inviter_id: UUID
) -> InvitationContext | None:
    row = await conn.fetchrow(
        """select o.name as organisation_name, c.full_name as inviter_name
           from organisations o, contacts c
           where o.shop_id = $1 and o.id = $2 and c.shop_id = $1 and c.id = $3""",
        shop_id,
        organisation_id,
        inviter_id,
    )
    return InvitationContext(row["organisation_name"], row["inviter_name"]) if row else None
