"""SQL for the contact import: a staging table filled by COPY, then set-based upserts.

Per batch (one transaction): COPY the checked rows into the temporary `import_staging`
(emptied at commit), drop addresses seen earlier in the same import (`import_seen`, kept for
the whole import, so duplicates across batches are caught without holding them in memory),
create the missing customer groups and organisations by name, and upsert contacts by address
(the registered contact, compared case-insensitively). Empty cells leave a field as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

import asyncpg

from gateway.db.tenant_scope import TENANT_ROLE, all_shops

STAGING_COLUMNS = (
    "line",
    "email",
    "full_name",
    "phone",
    "locale",
    "vat_number",
    "customer_group",
    "organisation",
    "organisation_role",
)


async def prepare(conn: asyncpg.Connection) -> None:
    """Make (or empty) this session's temporary tables; call once before the first batch.
    Made by the login role (they outlive a request's role) and open to the tenant role the
    admin API's import runs as (row-level security, gateway/db/tenant_scope.py)."""
    with all_shops():
        await conn.execute(
            f"""create temp table if not exists import_staging (
                   line integer not null, email text not null, full_name text, phone text,
                   locale text, vat_number text, customer_group text, organisation text,
                   organisation_role text, contact_id uuid
               ) on commit delete rows;
               create temp table if not exists import_seen (
                   email_key text collate "C" primary key, line integer not null
               );
               grant select, insert, update, delete, truncate on import_staging, import_seen
                   to {TENANT_ROLE};
               truncate import_seen"""
        )


async def finish(conn: asyncpg.Connection) -> None:
    """Forget the addresses seen (the connection goes back to the pool)."""
    with all_shops():
        await conn.execute("truncate import_seen")


async def stage(
    conn: asyncpg.Connection, records: Sequence[tuple[object, ...]], *, clear: bool = False
) -> None:
    """COPY a batch into the staging table (inside the batch's transaction). `clear`: empty
    it first (a batch that is a savepoint of a longer transaction: no commit emptied it)."""
    if clear:
        await conn.execute("truncate import_staging")
    await conn.copy_records_to_table(
        "import_staging", records=records, columns=list(STAGING_COLUMNS)
    )


async def resolve_contacts(
    conn: asyncpg.Connection, shop_id: UUID, only_with_organisation: bool = False
) -> None:
    """Find each staged row's registered contact, one index probe per row (the unique index
    on the address), so a batch costs the same in a shop of a hundred or a million contacts."""
    await conn.execute(
        """update import_staging s set contact_id = (
               select c.id from contacts c
               where c.shop_id = $1 and not c.is_guest and lower(c.email) = lower(s.email))
           where s.contact_id is null and (not $2 or s.organisation is not null)""",
        shop_id,
        only_with_organisation,
    )


async def drop_repeated_addresses(conn: asyncpg.Connection) -> list[tuple[int, int]]:
    """Remove rows whose address came earlier in this import; (line, first line) of each.

    One pass: the first line of each address goes into `import_seen` (the primary key refuses
    addresses of earlier batches), and the staged rows that did not get in are the repeats.
    """
    rows = await conn.fetch(
        """with fresh as (
               insert into import_seen (email_key, line)
               select distinct on (lower(email)) lower(email), line from import_staging
               order by lower(email), line
               on conflict do nothing
               returning line
           )
           delete from import_staging s
           where not exists (select 1 from fresh where fresh.line = s.line)
           returning s.line, coalesce(
               (select x.line from import_seen x where x.email_key = lower(s.email)),
               (select min(t.line) from import_staging t where lower(t.email) = lower(s.email))
           ) as first_line"""
    )
    return [(r["line"], r["first_line"]) for r in rows]


async def create_missing_groups(conn: asyncpg.Connection, shop_id: UUID) -> list[str]:
    """Customer groups named in the batch that the shop lacks, made with no discount."""
    rows = await conn.fetch(
        """insert into customer_groups (shop_id, name, discount_percent)
           select distinct $1::uuid, customer_group, 0 from import_staging
           where customer_group is not null
           on conflict (shop_id, name) do nothing
           returning name""",
        shop_id,
    )
    return [r["name"] for r in rows]


async def create_missing_organisations(conn: asyncpg.Connection, shop_id: UUID) -> list[str]:
    """Organisations named in the batch that the shop lacks. Organisation names are not unique
    in the schema, so concurrent imports of one shop queue on a transaction lock here."""
    await conn.execute(
        "select pg_advisory_xact_lock(hashtextextended('import-organisations:' || $1::text, 0))",
        str(shop_id),
    )
    rows = await conn.fetch(
        """insert into organisations (shop_id, name)
           select distinct $1::uuid, s.organisation from import_staging s
           where s.organisation is not null
             and not exists (select 1 from organisations o
                             where o.shop_id = $1 and o.name = s.organisation)
           returning name""",
        shop_id,
    )
    return [r["name"] for r in rows]


@dataclass(frozen=True)
class Upserted:
    created: dict[int, UUID]  # line -> new contact id
    updated: set[int]  # lines whose contact changed
    lost: set[int]  # lines whose address was registered by someone else meanwhile


async def upsert_contacts(conn: asyncpg.Connection, shop_id: UUID, default_locale: str) -> Upserted:
    rows = await conn.fetch(
        """with s as (
               select s.*, g.id as group_id from import_staging s
               left join customer_groups g on g.shop_id = $1 and g.name = s.customer_group
           ),
           upd as (
               update contacts c set
                   full_name = coalesce(s.full_name, c.full_name),
                   phone = coalesce(s.phone, c.phone),
                   locale = coalesce(s.locale, c.locale),
                   vat_number = coalesce(s.vat_number, c.vat_number),
                   customer_group_id = coalesce(s.group_id, c.customer_group_id),
                   updated_at = now()
               from s
               where c.id = s.contact_id and c.shop_id = $1
                 and (c.full_name, c.phone, c.locale, c.vat_number, c.customer_group_id)
                     is distinct from
                     (coalesce(s.full_name, c.full_name), coalesce(s.phone, c.phone),
                      coalesce(s.locale, c.locale), coalesce(s.vat_number, c.vat_number),
                      coalesce(s.group_id, c.customer_group_id))
               returning s.line
           ),
           ins as (
               insert into contacts (shop_id, email, full_name, is_guest, locale, phone,
                                     vat_number, customer_group_id)
               select $1, s.email, coalesce(s.full_name, ''), false,
                      coalesce(s.locale, $2), s.phone, s.vat_number, s.group_id
               from s where s.contact_id is null
               on conflict (shop_id, lower(email)) where not is_guest do nothing
               returning id, lower(email) as email_key
           )
           select 'updated' as kind, line, null::uuid as id from upd
           union all
           select 'created', s.line, ins.id from ins join s on lower(s.email) = ins.email_key
           union all
           select 'lost', s.line, null from s
           where s.contact_id is null
             and not exists (select 1 from ins where ins.email_key = lower(s.email))""",
        shop_id,
        default_locale,
    )
    created = {r["line"]: r["id"] for r in rows if r["kind"] == "created"}
    updated = {r["line"] for r in rows if r["kind"] == "updated"}
    lost = {r["line"] for r in rows if r["kind"] == "lost"}
    return Upserted(created, updated, lost)


async def staged_lines(conn: asyncpg.Connection) -> list[int]:
    return [r["line"] for r in await conn.fetch("select line from import_staging")]
