"""Importing contacts from CSV: the command line's `import-contacts` and the admin API's
`contactsImport` run this same code.

Streaming: rows are read, checked (csv_rows.py, the sign-up field checks) and sent on in
batches, so memory stays flat whatever the file's size. Each batch is one transaction: COPY
into a staging table, then set-based upserts by e-mail address (gateway/db/contact_import.py).
A bad row never stops the others; it is reported with its line and column. Importing the same
file again changes nothing (all rows `unchanged`). Groups and organisations are matched by
name and made when missing (listed in the summary). With `invite`, each new contact gets the
invitation mail (a link to set a password), queued in the outbox in the batch's transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import TextIO
from uuid import UUID

import asyncpg

from gateway.contacts.csv_rows import (
    Header,
    HeaderProblem,
    RowError,
    StagedRow,
    check_row,
    read_header,
)
from gateway.contacts.csv_rows import rows as csv_records
from gateway.contacts.invitations import queue_invitation
from gateway.db import contact_import as db
from gateway.db.import_memberships import set_organisation_memberships
from gateway.db.shops import Storefront, storefronts_of_shop

BATCH_SIZE = 5_000
MAX_ERRORS_KEPT = 10_000


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[RowError] = field(default_factory=list)
    errors_left_out: int = 0
    customer_groups_created: list[str] = field(default_factory=list)
    organisations_created: list[str] = field(default_factory=list)
    invited: int = 0
    ignored_columns: list[str] = field(default_factory=list)

    def fail(self, errors: list[RowError]) -> None:
        self.failed += 1
        room = MAX_ERRORS_KEPT - len(self.errors)
        self.errors.extend(errors[: max(room, 0)])
        self.errors_left_out += max(len(errors) - max(room, 0), 0)

    def as_json(self) -> dict[str, object]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "errors": [e.as_json() for e in self.errors],
            "errorsLeftOut": self.errors_left_out,
            "customerGroupsCreated": self.customer_groups_created,
            "organisationsCreated": self.organisations_created,
            "invited": self.invited,
            "ignoredColumns": self.ignored_columns,
        }


class ImportRefused(ValueError):
    """The whole file was refused (bad header, unknown shop); nothing was imported."""


async def import_contacts(
    pool: asyncpg.Pool,
    shop_id: UUID,
    stream: TextIO,
    *,
    invite: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[], None] | None = None,
) -> ImportSummary:
    """Import the CSV text in `stream`; `progress` is called after each batch."""
    summary = ImportSummary()
    async with pool.acquire() as conn, _session_kept(conn):
        storefronts = await storefronts_of_shop(conn, shop_id)
        if not storefronts:
            raise ImportRefused("there is no shop with this id")
        storefront = storefronts[0]
        await db.prepare(conn)
        try:
            records = csv_records(stream)
            _, header_cells = next(records)
            header = read_header(header_cells)
            summary.ignored_columns = header.ignored
            # Reading and checking the next batch (a worker thread) overlaps with the database
            # working on this one.
            read = _start_reading(records, header, batch_size)
            while True:
                batch, failures = await read
                for errors in failures:
                    summary.fail(errors)
                if not batch:
                    break
                read = _start_reading(records, header, batch_size)
                try:
                    await _import_batch(conn, storefront, batch, invite, summary)
                except BaseException:
                    await asyncio.gather(read, return_exceptions=True)
                    raise
                if progress:
                    progress()
            if getattr(conn, "keeps_no_session", False):
                await db.finish(conn)  # inside the import's one transaction
        except HeaderProblem as problem:
            raise ImportRefused(str(problem)) from None
        finally:
            if not conn.is_in_transaction():
                await db.finish(conn)
    summary.errors.sort(key=lambda e: e.line)
    return summary


def _session_kept(conn: asyncpg.Connection) -> AbstractAsyncContextManager[object]:
    """The import's temporary tables live in the server session. Through pgbouncer's
    transaction pooling (DATABASE_POOLER=transaction) a session lasts one transaction, so there
    the whole import is one (each batch a savepoint)."""
    if getattr(conn, "keeps_no_session", False):
        return conn.transaction()
    return contextlib.nullcontext()


def _start_reading(
    records: Iterator[tuple[int, list[str]]], header: Header, size: int
) -> asyncio.Future[tuple[list[StagedRow], list[list[RowError]]]]:
    return asyncio.ensure_future(asyncio.to_thread(_read_batch, records, header, size))


def _read_batch(
    records: Iterator[tuple[int, list[str]]], header: Header, size: int
) -> tuple[list[StagedRow], list[list[RowError]]]:
    batch: list[StagedRow] = []
    failures: list[list[RowError]] = []
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue  # blank lines are no rows
        checked = check_row(line, cells, header)
        if isinstance(checked, list):
            failures.append(checked)
            continue
        batch.append(checked)
        if len(batch) >= size:
            break
    return batch, failures


async def _import_batch(
    conn: asyncpg.Connection,
    storefront: Storefront,
    batch: list[StagedRow],
    invite: bool,
    summary: ImportSummary,
) -> None:
    shop_id = storefront.shop_id
    async with conn.transaction():
        await db.stage(conn, batch, clear=getattr(conn, "keeps_no_session", False))
        for line, first in await db.drop_repeated_addresses(conn):
            summary.fail([RowError(line, "email", f"This address is on line {first} already.")])
        summary.customer_groups_created += await db.create_missing_groups(conn, shop_id)
        summary.organisations_created += await db.create_missing_organisations(conn, shop_id)
        await db.resolve_contacts(conn, shop_id)
        upserted = await db.upsert_contacts(conn, shop_id, storefront.default_locale)
        await db.resolve_contacts(conn, shop_id, only_with_organisation=True)  # just made
        changed = upserted.updated | await set_organisation_memberships(conn, shop_id)
        staged = await db.staged_lines(conn)
        if invite and upserted.created:
            by_line = {row[0]: row for row in batch}
            for line, contact_id in sorted(upserted.created.items()):
                row = by_line[line]
                locale = row[4] or storefront.default_locale
                await queue_invitation(conn, storefront, contact_id, row[1], row[2] or "", locale)
            summary.invited += len(upserted.created)
    for line in upserted.lost:
        message = "This address was registered by someone else meanwhile; import it again."
        summary.fail([RowError(line, "email", message)])
    updated = changed - upserted.created.keys() - upserted.lost
    summary.created += len(upserted.created)
    summary.updated += len(updated)
    summary.unchanged += len(set(staged) - upserted.created.keys() - upserted.lost - updated)
