"""The import's rules through the domain function and the admin API."""

from __future__ import annotations

import io

import asyncpg
import httpx

from gateway.contacts.importer import import_contacts
from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import LOGIN, PASSWORD, call, codes, register
from tests.gql import admin, data

IMPORT = """mutation($csv: String!, $invite: Boolean!) {
  contactsImport(csv: $csv, invite: $invite) {
    result { created updated unchanged failed rowErrors { line field message }
             customerGroupsCreated organisationsCreated invited ignoredColumns }
    errors { code field message }
  }
}"""


def big_file(rows: int, bad_every: int = 100) -> str:
    lines = ["email,full_name,customer_group"]
    for i in range(rows):
        email = f"person{i}@example.com" if i % bad_every else f"person{i}@@example.com"
        lines.append(f"{email},Person {i},Group {i % 3}")
    return "\n".join(lines) + "\n"


async def test_a_5000_row_file_in_several_batches_twice(
    pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    text = big_file(5000)
    first = await import_contacts(pool, shop.shop_id, io.StringIO(text), batch_size=700)
    assert (first.created, first.updated, first.unchanged, first.failed) == (4950, 0, 0, 50)
    assert sorted(first.customer_groups_created) == ["Group 0", "Group 1", "Group 2"]
    assert [e.line for e in first.errors] == [2 + i for i in range(0, 5000, 100)]
    assert (
        await pool.fetchval("select count(*) from contacts where shop_id = $1", shop.shop_id)
        == 4950
    )
    second = await import_contacts(pool, shop.shop_id, io.StringIO(text), batch_size=1000)
    assert (second.created, second.updated, second.unchanged, second.failed) == (0, 0, 4950, 50)
    changed = text.replace("Person 4321,", "Person Renamed,")
    third = await import_contacts(pool, shop.shop_id, io.StringIO(changed))
    assert (third.created, third.updated, third.unchanged) == (0, 1, 4949)


async def test_a_repeated_address_in_a_later_batch_is_an_error_not_an_update(
    pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    text = "email,full_name\na@example.com,First\nb@example.com,B\nA@EXAMPLE.com,Second\n"
    summary = await import_contacts(pool, shop.shop_id, io.StringIO(text), batch_size=1)
    assert (summary.created, summary.failed) == (2, 1)
    assert summary.errors[0].line == 4 and "line 2" in summary.errors[0].message
    name = await pool.fetchval(
        "select full_name from contacts where lower(email) = 'a@example.com'"
    )
    assert name == "First"


async def test_existing_accounts_are_updated_and_keep_their_password(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    made = await register(client, shop, "ann@example.com")
    text = "E-mail,Full Name,Phone,Notes\nANN@example.com,Ann Imported,0612345678,vip\n"
    summary = await import_contacts(pool, shop.shop_id, io.StringIO(text))
    assert (summary.created, summary.updated) == (0, 1)
    assert summary.ignored_columns == ["Notes"]
    row = await pool.fetchrow(
        "select id::text, full_name, phone from contacts where shop_id = $1", shop.shop_id
    )
    assert tuple(row) == (made["contact"]["id"], "Ann Imported", "0612345678")
    # The password is intact: EMAIL_NOT_CONFIRMED is only ever said after the right one.
    answer = await call(client, shop, LOGIN, {"email": "ann@example.com", "password": PASSWORD})
    assert codes(answer) == ["EMAIL_NOT_CONFIRMED"]


async def test_semicolons_and_a_byte_order_mark_and_quoted_newlines(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    csv = '\ufeffemail;full_name\n"x@example.com";"X\nY"\nbad;Z\n'
    result = data(await admin(client, shop.admin_key, IMPORT, {"csv": csv, "invite": False}))
    payload = result["contactsImport"]
    assert payload["errors"] == []
    assert payload["result"]["created"] == 1
    [error] = payload["result"]["rowErrors"]
    assert (error["line"], error["field"]) == (4, "email") and error["message"]


async def test_admin_import_invites_new_contacts_only_once(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    csv = "email,full_name,organisation\nnew@example.com,New One,Org A\nother@example.com,O,\n"
    first = data(await admin(client, shop.admin_key, IMPORT, {"csv": csv, "invite": True}))
    assert first["contactsImport"]["result"]["invited"] == 2
    assert first["contactsImport"]["result"]["organisationsCreated"] == ["Org A"]
    mails = await pool.fetch("select to_address, template, text_body from mail_outbox order by id")
    assert [(m["to_address"], m["template"]) for m in mails] == [
        ("new@example.com", "invitation"),
        ("other@example.com", "invitation"),
    ]
    assert "https://shop.example/account/reset-password?token=" in mails[0]["text_body"]
    again = data(await admin(client, shop.admin_key, IMPORT, {"csv": csv, "invite": True}))
    assert again["contactsImport"]["result"]["invited"] == 0
    assert again["contactsImport"]["result"]["unchanged"] == 2
    assert await pool.fetchval("select count(*) from mail_outbox") == 2


async def test_admin_import_refuses_what_it_cannot_import(
    client: httpx.AsyncClient, shop: CreatedShop, other_shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    for csv in ("", "name\nAnn\n", "email,email\na@example.com,b@example.com\n", "x" * 2_100_000):
        payload = data(await admin(client, shop.admin_key, IMPORT, {"csv": csv, "invite": False}))
        assert payload["contactsImport"]["result"] is None
        assert [e["code"] for e in payload["contactsImport"]["errors"]] == ["INVALID"]
    # One shop's import never touches another's contacts.
    csv = "email,full_name\nshared@example.com,Mine\n"
    data(await admin(client, other_shop.admin_key, IMPORT, {"csv": csv, "invite": False}))
    data(
        await admin(
            client, shop.admin_key, IMPORT, {"csv": csv.replace("Mine", "Yours"), "invite": False}
        )
    )
    names = await pool.fetch("select full_name from contacts order by full_name")
    assert [r["full_name"] for r in names] == ["Mine", "Yours"]


async def test_nasty_cells_fail_their_row_and_nothing_else(
    pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    header = "email,full_name,phone,locale,vat_number,customer_group,organisation,organisation_role"
    nasty = [
        "a\x00b@example.com,A,,,,,,",
        "n1@example.com,Nul\x00name,,,,,,",
        "n2@example.com,N,\x00123456,,,,,",
        "n3@example.com,N,,e\x00n,,,,",
        "n4@example.com,N,,,NL\x00004495445B01,,,",
        "n5@example.com,N,,,,Gr\x00oup,,",
        "n6@example.com,N,,,,,Org\x00,",
        "n7@example.com,N,,,,,Org,BOSS",
        "n8@example.com,N,,,,,,ADMIN",
        "n9@example.com,N,,,,,,,extra cell",
        "n10@example.com," + "x" * 20_000 + ",,,,,,",
        "n11@example.com,N,,,,," + "O" * 301 + ",",
        "n12@example.com,N,,,XX123,,,",
        "n13@example.com,\ud800,,,,,,",
        "good@example.com,Good,,,,,,",
    ]
    text = header + "\n" + "\n".join(nasty) + "\n"
    summary = await import_contacts(pool, shop.shop_id, io.StringIO(text))
    assert (summary.created, summary.failed) == (1, len(nasty) - 1)
    assert sorted({e.line for e in summary.errors}) == list(range(2, len(nasty) + 1))
    emails = [r["email"] for r in await pool.fetch("select email from contacts")]
    assert emails == ["good@example.com"]
    # A control character is named as such, not as a length (one free-text check).
    named = {(e.line, e.field): e.message for e in summary.errors}
    control = "The text cannot contain the NUL character (U+0000)."
    assert named[(7, "customer_group")] == named[(8, "organisation")] == control
    assert named[(13, "organisation")] == "At most 300 characters."
