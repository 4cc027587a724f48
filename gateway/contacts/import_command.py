"""`gateway import-contacts --shop SHOP_ID FILE.csv [--invite] [--json]`: the terminal side.

A progress bar (rich) on stderr follows the bytes read; the summary goes to stdout, with
`--json` as one JSON object on the last line. Exit status 0 when the file was imported (rows
that failed are in the summary), 2 when the whole file was refused (unreadable, no `email`
column, unknown shop).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from uuid import UUID

import asyncpg
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from gateway.contacts.importer import ImportRefused, ImportSummary, import_contacts


def _progress_bar(console: Console) -> Progress:
    return Progress(
        TextColumn("importing contacts"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )


async def run_import(
    pool: asyncpg.Pool, shop: str, path: Path, invite: bool, batch_size: int
) -> ImportSummary:
    """Raises ImportRefused (also for a bad shop id or an unreadable file)."""
    try:
        shop_id = UUID(shop.strip())
    except ValueError:
        raise ImportRefused(f"{shop!r} is not a shop id") from None
    try:
        stream = path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError as error:
        raise ImportRefused(f"cannot read {path}: {error.strerror}") from None
    console = Console(stderr=True)
    with stream, _progress_bar(console) as bar:
        size = path.stat().st_size  # noqa: ASYNC240 - the command line, nothing else waits
        task = bar.add_task("import", total=size)

        def advance() -> None:
            bar.update(task, completed=stream.buffer.tell())

        return await import_contacts(
            pool, shop_id, stream, invite=invite, batch_size=batch_size, progress=advance
        )


def report(summary: ImportSummary, as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary.as_json(), ensure_ascii=False))
        return
    print(
        f"created {summary.created}, updated {summary.updated}, "
        f"unchanged {summary.unchanged}, failed {summary.failed}"
    )
    for name in summary.customer_groups_created:
        print(f"new customer group: {name}")
    for name in summary.organisations_created:
        print(f"new organisation: {name}")
    if summary.invited:
        print(f"invitations queued: {summary.invited}")
    if summary.ignored_columns:
        print("ignored columns: " + ", ".join(summary.ignored_columns))
    for error in summary.errors:
        print(f"line {error.line}: {error.field or 'row'}: {error.message}", file=sys.stderr)
    if summary.errors_left_out:
        print(f"... and {summary.errors_left_out} more errors", file=sys.stderr)
