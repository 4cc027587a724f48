"""The import's one way of putting a contact in an organisation (by name, with a role).

A contact may belong to several organisations (`organisation_members`): a row naming an
organisation adds that membership and never touches the contact's others. A row that names
an organisation the contact is in already sets the role, except that it never demotes an
organisation's last ADMIN (`gateway.organisations.members` keeps that rule for the APIs).
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
               select distinct on (o.id, s.contact_id)
                      s.line, s.contact_id, o.id as organisation_id,
                      coalesce(s.organisation_role, 'BUYER') as role
               from import_staging s
               join (select distinct on (name) id, name from organisations
                     where shop_id = $1 order by name, created_at, id) o
                 on o.name = s.organisation
               join contacts c on c.id = s.contact_id and c.shop_id = $1 and not c.is_guest
               where s.organisation is not null and s.contact_id is not null
               order by o.id, s.contact_id, s.line desc
           ),
           changed as (
               insert into organisation_members as om (shop_id, organisation_id, contact_id, role)
               select $1, m.organisation_id, m.contact_id, m.role from m
               on conflict (organisation_id, contact_id) do update set role = excluded.role
               where om.role <> excluded.role
                 and (excluded.role = 'ADMIN' or exists (
                     select 1 from organisation_members a
                     where a.organisation_id = om.organisation_id and a.role = 'ADMIN'
                       and a.contact_id <> om.contact_id))
               returning om.organisation_id, om.contact_id
           )
           select m.line from m join changed using (organisation_id, contact_id)""",
        shop_id,
    )
    return {r["line"] for r in rows}
