"""SQL for the signed-in viewer: session, contact, customer group and price terms in one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

import asyncpg

from gateway.db.b2b import CustomerGroup
from gateway.db.contacts import COLUMNS, Contact, contact_from_row
from gateway.db.pricing import PriceTerms


@dataclass(frozen=True)
class ViewerRow:
    session_id: UUID
    expires_at: datetime
    last_used_at: datetime
    contact: Contact
    customer_group: CustomerGroup | None
    price_terms: PriceTerms
    organisation_id: UUID | None  # the organisation this session acts for
    organisation_role: str | None  # the contact's role in it


_CONTACT = ", ".join(f"c.{c.strip()}" for c in COLUMNS.split(","))


async def viewer_by_token_hash(
    conn: asyncpg.Connection, shop_id: UUID, token_hash: bytes
) -> ViewerRow | None:
    """The live session of this token hash with everything the viewer's own fields read first.

    A session counts when it is not expired or revoked and its contact is registered and not
    anonymised. The session acts for the organisation it chose (setActiveOrganisation) or,
    when it chose none, for the contact's only membership if there is exactly one; either way
    only while the membership lasts. The price terms are the customer group's discount and
    that organisation's price list (see `gateway.db.pricing.terms_for`).
    """
    row = await conn.fetchrow(
        f"""select s.id as session_id, s.expires_at as session_expires_at, s.last_used_at,
                   {_CONTACT}, g.name as group_name, g.discount_percent as group_discount,
                   pl.id as price_list_id, pl.currency as price_list_currency,
                   am.organisation_id as active_organisation_id, am.role as active_role
            from sessions s
            join contacts c on c.id = s.contact_id and c.shop_id = s.shop_id
            left join customer_groups g on g.id = c.customer_group_id and g.shop_id = c.shop_id
            left join lateral (
                select m.organisation_id, m.role from organisation_members m
                where m.contact_id = c.id and m.shop_id = c.shop_id
                  and case when s.organisation_chosen then m.organisation_id = s.organisation_id
                      else (select count(*) from organisation_members m2
                            where m2.contact_id = c.id) = 1 end
            ) am on true
            left join organisations o on o.id = am.organisation_id and o.shop_id = c.shop_id
            left join price_lists pl on pl.id = o.price_list_id and pl.shop_id = c.shop_id
            where s.token_hash = $1 and s.shop_id = $2 and s.revoked_at is null
              and s.expires_at > now() and not c.is_guest and c.anonymised_at is null""",
        token_hash,
        shop_id,
    )
    if row is None:
        return None
    contact = contact_from_row(row)
    group = None
    if row["group_name"] is not None:
        group_id: UUID = contact.customer_group_id  # type: ignore[assignment]
        group = CustomerGroup(group_id, row["group_name"], row["group_discount"])
    terms = PriceTerms(
        row["group_discount"] if group is not None else Decimal(0),
        row["price_list_id"],
        row["price_list_currency"],
    )
    return ViewerRow(
        row["session_id"],
        row["session_expires_at"],
        row["last_used_at"],
        contact,
        group,
        terms,
        row["active_organisation_id"],
        row["active_role"],
    )


async def touch_sessions(conn: asyncpg.Connection, uses: dict[UUID, tuple[datetime, int]]) -> None:
    """Slide sessions by their last use: session id -> (used at, time to live in days).

    Last-used time and expiry only move forward, and only sessions that were live at that use
    (unrevoked, unexpired) are written, so a late write never revives a session.
    """
    await conn.execute(
        """update sessions s
           set last_used_at = greatest(s.last_used_at, u.used_at),
               expires_at = greatest(s.expires_at, u.used_at + make_interval(days => u.ttl))
           from unnest($1::uuid[], $2::timestamptz[], $3::int[]) as u(id, used_at, ttl)
           where s.id = u.id and s.revoked_at is null and s.expires_at > u.used_at""",
        list(uses),
        [used_at for used_at, _ in uses.values()],
        [ttl for _, ttl in uses.values()],
    )
