"""Admin contacts: listing guests and registered contacts, contactCreate, contactUpdate."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.checkout.factories import (
    add_products,
    complete,
    mails,
    ready_checkout,
    registered_contact,
    token_purpose,
)
from tests.gql import admin, data

CONTACT = "id email fullName isGuest emailConfirmed phone locale vatNumber"
CREATE = f"""mutation($input: ContactCreateInput!) {{
  contactCreate(input: $input) {{ contact {{ {CONTACT} }} errors {{ code field message }} }} }}"""
UPDATE = f"""mutation($id: ID!, $input: ContactUpdateInput!) {{
  contactUpdate(id: $id, input: $input) {{
    contact {{ {CONTACT} }} errors {{ code field message }} }} }}"""
LIST = f"""query($first: Int, $after: String, $search: String, $isGuest: Boolean) {{
  contacts(first: $first, after: $after, search: $search, isGuest: $isGuest) {{
    edges {{ cursor node {{ {CONTACT} }} }} pageInfo {{ hasNextPage endCursor }} }} }}"""
PASSWORD = "correct horse battery staple"


async def _create(client: httpx.AsyncClient, shop: CreatedShop, **fields: Any) -> dict[str, Any]:
    contact = {"email": "bea@example.com", "fullName": "Bea Buyer", **fields}
    body = await admin(client, shop.admin_key, CREATE, {"input": contact})
    return data(body)["contactCreate"]


async def _list(client: httpx.AsyncClient, shop: CreatedShop, **args: Any) -> dict[str, Any]:
    return data(await admin(client, shop.admin_key, LIST, args))["contacts"]


async def test_create_with_password_makes_a_registered_contact(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    payload = await _create(
        client, shop, password=PASSWORD, emailConfirmed=True, locale="nl", phone="0612345678"
    )
    assert payload["errors"] == []
    contact = payload["contact"]
    assert (contact["isGuest"], contact["emailConfirmed"], contact["locale"]) == (
        False,
        True,
        "nl",
    )
    stored = await pool.fetchval(
        "select password_hash from contacts where email = $1", "bea@example.com"
    )
    assert stored.startswith("$argon2id$")
    assert await mails(pool, shop.shop_id) == []
    taken = await _create(client, shop, email="BEA@example.com")
    assert [(e["code"], e["field"]) for e in taken["errors"]] == [
        ("EMAIL_TAKEN", ["input", "email"])
    ]


async def test_create_without_password_mails_an_invitation_to_set_one(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    payload = await _create(client, shop)
    assert payload["errors"] == [] and payload["contact"]["emailConfirmed"] is False
    [mail] = await mails(pool, shop.shop_id)
    assert (mail["template"], mail["to_address"]) == ("invitation", "bea@example.com")
    [token] = re.findall(
        r"https://shop\.example/account/reset-password\?token=([A-Za-z0-9_-]{32,})",
        mail["text_body"],
    )
    stored = await token_purpose(pool, shop.shop_id, token)
    assert stored["purpose"] == "reset_password"
    assert str(stored["contact_id"]) == payload["contact"]["id"]
    lifetime = stored["expires_at"] - datetime.now(UTC)
    assert timedelta(days=13, hours=23) < lifetime <= timedelta(days=14)


async def test_create_names_bad_fields(client: httpx.AsyncClient, shop: CreatedShop) -> None:
    payload = await _create(
        client, shop, email="nope", fullName=" ", password="short", locale="de", phone="x"
    )
    assert payload["contact"] is None
    assert sorted((e["code"], tuple(e["field"])) for e in payload["errors"]) == [
        ("EMAIL_INVALID", ("input", "email")),
        ("INVALID", ("input", "fullName")),
        ("INVALID", ("input", "locale")),
        ("INVALID", ("input", "phone")),
        ("PASSWORD_TOO_WEAK", ("input", "password")),
    ]


async def test_list_pages_newest_first_over_guests_and_registered(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    await add_products(pool, shop.shop_id)
    await registered_contact(pool, shop.shop_id, "known@example.com")
    await complete(client, shop, await ready_checkout(client, shop))  # a guest, ada@
    for n in range(3):
        assert (await _create(client, shop, email=f"c{n}@example.com", fullName=f"C {n}"))[
            "errors"
        ] == []
    await registered_contact(pool, other_shop.shop_id, "elsewhere@example.com")
    seen, after = [], None
    while True:
        page = await _list(client, shop, first=2, after=after)
        seen += [edge["node"]["email"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [
        "c2@example.com",
        "c1@example.com",
        "c0@example.com",
        "ada@example.com",
        "known@example.com",
    ]
    guests = await _list(client, shop, isGuest=True)
    assert [e["node"]["email"] for e in guests["edges"]] == ["ada@example.com"]
    registered = await _list(client, shop, isGuest=False, search="C 1")
    assert [e["node"]["email"] for e in registered["edges"]] == ["c1@example.com"]
    by_mail = await _list(client, shop, search="ADA@")
    assert [e["node"]["fullName"] for e in by_mail["edges"]] == ["Ada Lovelace"]
    assert (await _list(client, shop, search="%"))["edges"] == []


async def test_list_refuses_bad_arguments(client: httpx.AsyncClient, shop: CreatedShop) -> None:
    for args in ({"first": 101}, {"first": -1}, {"after": "garbage"}):
        body = await admin(client, shop.admin_key, LIST, args)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", args


async def test_update_sets_and_clears_fields(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    contact_id = str(await registered_contact(pool, shop.shop_id))
    group = await pool.fetchval(
        """insert into customer_groups (shop_id, name, discount_percent)
           values ($1, 'Trade', 5) returning id""",
        shop.shop_id,
    )
    org = await pool.fetchval(
        "insert into organisations (shop_id, name) values ($1, 'Acme') returning id", shop.shop_id
    )
    changes = {
        "fullName": "Renamed",
        "phone": "+31 6 1234 5678",
        "vatNumber": "NL004495445B01",
        "customerGroupId": str(group),
        "organisationId": str(org),
        "emailConfirmed": False,
    }
    body = await admin(client, shop.admin_key, UPDATE, {"id": contact_id, "input": changes})
    payload = data(body)["contactUpdate"]
    assert payload["errors"] == []
    assert (payload["contact"]["fullName"], payload["contact"]["emailConfirmed"]) == (
        "Renamed",
        False,
    )
    row = await pool.fetchrow("select * from contacts where id = $1", UUID(contact_id))
    assert row["customer_group_id"] == group
    membership = await pool.fetchrow(
        "select organisation_id, role from organisation_members where contact_id = $1",
        UUID(contact_id),
    )
    assert (membership["organisation_id"], membership["role"]) == (org, "BUYER")
    cleared = {"phone": None, "customerGroupId": None, "organisationId": None}
    body = await admin(client, shop.admin_key, UPDATE, {"id": contact_id, "input": cleared})
    contact = data(body)["contactUpdate"]["contact"]
    assert contact["phone"] is None and contact["fullName"] == "Renamed"
    left = "select count(*) from organisation_members where contact_id = $1"
    assert await pool.fetchval(left, UUID(contact_id)) == 0
    assert contact["vatNumber"] == "NL004495445B01"


async def test_update_refuses_other_shops_ids_and_bad_values(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    mine = str(await registered_contact(pool, shop.shop_id))
    theirs = str(await registered_contact(pool, other_shop.shop_id))
    their_group = await pool.fetchval(
        """insert into customer_groups (shop_id, name, discount_percent)
           values ($1, 'Theirs', 5) returning id""",
        other_shop.shop_id,
    )
    for contact_id in (theirs, "not-an-id"):
        body = await admin(client, shop.admin_key, UPDATE, {"id": contact_id, "input": {}})
        assert [(e["code"], e["field"]) for e in data(body)["contactUpdate"]["errors"]] == [
            ("NOT_FOUND", ["id"])
        ]
    bad = {
        "customerGroupId": str(their_group),
        "organisationId": "nope",
        "fullName": "",
        "locale": "fr",
        "vatNumber": "NL123",
    }
    body = await admin(client, shop.admin_key, UPDATE, {"id": mine, "input": bad})
    assert sorted(
        (e["code"], tuple(e["field"])) for e in data(body)["contactUpdate"]["errors"]
    ) == [
        ("INVALID", ("input", "fullName")),
        ("INVALID", ("input", "locale")),
        ("INVALID", ("input", "vatNumber")),
        ("NOT_FOUND", ("input", "customerGroupId")),
        ("NOT_FOUND", ("input", "organisationId")),
    ]
    role_only = {"organisationRole": "ADMIN"}
    body = await admin(client, shop.admin_key, UPDATE, {"id": mine, "input": role_only})
    assert [e["field"] for e in data(body)["contactUpdate"]["errors"]] == [
        ["input", "organisationRole"]
    ]
