"""The import's one way of putting a contact in an organisation (by name, with a role).

Kept apart on purpose: organisation membership is being reworked (a contact in several
organisations); only this function has to follow. Today a contact has one organisation
(`contacts.organisation_id`, `organisation_role`), so the import sets it.
"""

from __future__ import annotations

from uuid import UUID

import asyncpg


async def set_organisation_memberships(conn: asyncpg.Connection, shop_id: UUID) -> set[int]:
    """For each staged row naming an organisation: make the row's contact (`contact_id`, set
    by the import) a member with the row's role (BUYER when none is given). Returns the lines
    where something changed."""
    rows = await conn.fetch(
        """with m as (
               select s.line, s.contact_id, o.id as organisation_id,
                      coalesce(s.organisation_role, 'BUYER') as role
               from import_staging s
               join (select distinct on (name) id, name from organisations
                     where shop_id = $1 order by name, created_at, id) o
                 on o.name = s.organisation
               where s.organisation is not null and s.contact_id is not null
           )
           update contacts c set organisation_id = m.organisation_id,
                                 organisation_role = m.role, updated_at = now()
           from m
           where c.id = m.contact_id and c.shop_id = $1
             and (c.organisation_id, c.organisation_role)
                 is distinct from (m.organisation_id, m.role)
           returning m.line""",
        shop_id,
    )
    return {r["line"] for r in rows}
