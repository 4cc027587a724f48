"""Demo step: a few customers brought in from a merchant's spreadsheet, through the importer."""

from __future__ import annotations

import io
from typing import Any

import asyncpg

from gateway.contacts.importer import import_contacts

DEMO_CSV = """email,full_name,phone,locale,vat_number,customer_group,organisation,organisation_role
inge@example.com,Inge Imported,+31 20 555 0101,nl,,Imported regulars,,
tom@example.com,Tom Imported,,en,,Imported regulars,,
hanna@example.com,Hanna Buyer,+31 10 555 0199,nl,,,Imported Trading BV,BUYER
"""


async def seed_imported_contacts(pool: asyncpg.Pool, demo: Any) -> None:
    summary = await import_contacts(pool, demo.shop.shop_id, io.StringIO(DEMO_CSV))
    demo.notes.append(
        f"imported:        {summary.created} contacts from CSV (no password yet; "
        "gateway import-contacts --invite mails them a link)"
    )
