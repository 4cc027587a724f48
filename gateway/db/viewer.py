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


_CONTACT = ", ".join(f"c.{c.strip()}" for c in COLUMNS.split(","))


async def viewer_by_token_hash(
    conn: asyncpg.Connection, shop_id: UUID, token_hash: bytes
) -> ViewerRow | None:
    """The live session of this token hash with everything the viewer's own fields read first.

    A session counts when it is not expired or revoked and its contact is registered and not
    anonymised; the price terms are those of `gateway.db.pricing.terms_for_contact`.
    """
    row = await conn.fetchrow(
        f"""select s.id as session_id, s.expires_at as session_expires_at, s.last_used_at,
                   {_CONTACT}, g.name as group_name, g.discount_percent as group_discount,
                   pl.id as price_list_id, pl.currency as price_list_currency
            from sessions s
            join contacts c on c.id = s.contact_id and c.shop_id = s.shop_id
            left join customer_groups g on g.id = c.customer_group_id and g.shop_id = c.shop_id
            left join organisations o on o.id = c.organisation_id and o.shop_id = c.shop_id
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
        row["session_id"], row["session_expires_at"], row["last_used_at"], contact, group, terms
    )
