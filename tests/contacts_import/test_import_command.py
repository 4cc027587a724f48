"""`gateway import-contacts`: the real command against the test database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import asyncpg

from gateway.tenancy.shops import CreatedShop

CSV = """email,full_name,phone,locale,vat_number,customer_group,organisation,organisation_role
ann@example.com,Ann Example,+31 20 123 4567,nl,,Wholesale,Acme BV,ADMIN
bob@example.com,Bob Example,,en,NL004495445B01,Wholesale,Acme BV,
not-an-address,Carl,,,,,,
dora@example.com,Dora,12,xx,,,,
ann@example.com,Ann Again,,,,,,
"""


def run(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(  # noqa: S603 - our own command line is what is under test
        [sys.executable, "-m", "gateway.cli", "import-contacts", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def summary_of(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


async def test_the_same_file_twice_changes_nothing_the_second_time(
    database_url: str, shop: CreatedShop, pool: asyncpg.Pool, tmp_path: Path
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(CSV)
    first = summary_of(run(database_url, "--shop", str(shop.shop_id), str(path), "--json"))
    assert (first["created"], first["updated"], first["unchanged"], first["failed"]) == (2, 0, 0, 3)
    assert first["customerGroupsCreated"] == ["Wholesale"]
    assert first["organisationsCreated"] == ["Acme BV"]
    errors = {(e["line"], e["field"]) for e in first["errors"]}
    assert errors == {(4, "email"), (5, "phone"), (5, "locale"), (6, "email")}
    assert all(e["message"] for e in first["errors"])

    second = summary_of(run(database_url, "--shop", str(shop.shop_id), str(path), "--json"))
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 2)
    assert second["customerGroupsCreated"] == [] and second["organisationsCreated"] == []
    rows = await pool.fetch(
        """select c.email, c.full_name, c.phone, c.locale, c.vat_number, g.name as grp,
                  o.name as org, m.role as organisation_role
           from contacts c left join customer_groups g on g.id = c.customer_group_id
           left join organisation_members m on m.contact_id = c.id
           left join organisations o on o.id = m.organisation_id
           where c.shop_id = $1 order by c.email""",
        shop.shop_id,
    )
    assert [tuple(r) for r in rows] == [
        (
            "ann@example.com",
            "Ann Example",
            "+31 20 123 4567",
            "nl",
            None,
            "Wholesale",
            "Acme BV",
            "ADMIN",
        ),
        (
            "bob@example.com",
            "Bob Example",
            None,
            "en",
            "NL004495445B01",
            "Wholesale",
            "Acme BV",
            "BUYER",
        ),
    ]


async def test_progress_on_stderr_and_a_plain_summary(
    database_url: str, shop: CreatedShop, tmp_path: Path
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text("email\nx@example.com\n")
    result = run(database_url, "--shop", str(shop.shop_id), str(path))
    assert result.returncode == 0, result.stderr
    assert "importing contacts" in result.stderr
    assert "created 1, updated 0, unchanged 0, failed 0" in result.stdout


async def test_a_file_that_cannot_be_imported_exits_2(
    database_url: str, shop: CreatedShop, tmp_path: Path
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text("name,phone\nAnn,123456\n")
    result = run(database_url, "--shop", str(shop.shop_id), str(path), "--json")
    assert result.returncode == 2
    assert "no email column" in result.stderr
    assert run(database_url, "--shop", "nope", str(path)).returncode == 2
    missing = run(database_url, "--shop", str(shop.shop_id), str(tmp_path / "missing.csv"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
