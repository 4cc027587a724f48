"""Lookalike e-mail addresses (invisible characters, scripts mixed within one label: UTS #39)
are refused wherever an address comes in, because every entry point goes through
`normalise_email`; addresses in one script per label still work."""

from __future__ import annotations

import io
from typing import Any

import asyncpg
import httpx
import pytest

from gateway.accounts.sessions import create_session
from gateway.contacts.importer import import_contacts
from gateway.tenancy.shops import CreatedShop
from gateway.validation import ValidationProblem, normalise_email
from tests.organisations.ops import INVITE, SET_ACTIVE, add_member, organisation, sf

CYRILLIC_A = "\u0430"
LOOKALIKES = {
    "Cyrillic a in a Latin local part": f"p{CYRILLIC_A}ypal@example.com",
    "Cyrillic a in a Latin domain label": f"ann@ex{CYRILLIC_A}mple.com",
    "the same as punycode": "ann@xn--exmple-4nf.com",
    "Greek omicron among Latin": "j\u03bfhn@example.com",
    "zero-width space": "ann\u200b@example.com",
    "zero-width joiner in the domain": "ann@exa\u200dmple.com",
    "word joiner": "ann\u2060@example.com",
    "right-to-left override": "ann\u202e@example.com",
    "left-to-right mark": "ann@example\u200e.com",
    "Hangul filler": "ann\u3164@example.com",
    "variation selector": "ann\ufe0f@example.com",
    "Arabic-Indic digit in a Latin label": "ann\u0661@example.com",
    # Compatibility forms NFKC folds (UTS #39 section 3.1): found by QA as new contacts beside
    # customer@...; in the domain IDNA folds them already.
    "full-width c in the local part": "\uff43ustomer@example.com",
    "mathematical bold c in the local part": "\U0001d41customer@example.com",
    "a ligature in the local part": "\ufb01sh@example.com",
}
ONE_SCRIPT = [
    "\u0438\u0432\u0430\u043d@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444",  # all Cyrillic
    "\u03b3\u03b9\u03ac\u03bd\u03bd\u03b7\u03c2@example.gr",  # a Greek local part
    "m\u00fcller@ex\u00e4mple.de",
    "ivan.\u043f\u0435\u0442\u0440\u043e\u0432@example.com",  # one script per label
    "tanaka\u7530\u4e2d@example.jp",  # Latin + Han: UTS #39 Highly Restrictive allows it
    "\u5c71\u7530\u3072\u308d\u3057@example.jp",  # Han + Hiragana (Japanese)
    "zo\u00eb+news@example.com",
]


@pytest.mark.parametrize("why", list(LOOKALIKES))
def test_lookalikes_are_refused_at_the_one_normalisation(why: str) -> None:
    with pytest.raises(ValidationProblem) as refused:
        normalise_email(LOOKALIKES[why])
    assert refused.value.code == "EMAIL_INVALID"
    message = refused.value.message
    assert any(w in message for w in ("alphabet", "invisible", "look-alike", "direction")), why


@pytest.mark.parametrize("address", ONE_SCRIPT)
def test_addresses_in_one_script_per_label_are_fine(address: str) -> None:
    assert normalise_email(address)


REGISTER = """mutation($i: RegisterInput!) { register(input: $i) {
  contact { email } errors { code field message } } }"""
LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  session { token } errors { code } } }"""
CONTACT_CREATE = """mutation($i: ContactCreateInput!) { contactCreate(input: $i) {
  contact { email } errors { code field } } }"""
IMPORT = """mutation($csv: String!) { contactsImport(csv: $csv, invite: false) {
  result { created failed rowErrors { line field message } } errors { code } } }"""
CHECKOUT = """mutation { checkoutCreate(input: {lines: [{sku: "TEA", quantity: 1}]}) {
  checkout { id } errors { code } } }"""
PRODUCT = """mutation($i: ProductInput!) { productUpsert(input: $i) { errors { code } } }"""
CONTACT_STEP = """mutation($id: ID!, $i: CheckoutContactInput!) { checkoutSetContact(
  checkoutId: $id, input: $i) { errors { code field } } }"""


async def _post(
    client: httpx.AsyncClient, url: str, headers: dict, query: str, variables: Any
) -> Any:
    response = await client.post(url, json={"query": query, "variables": variables},
                                 headers=headers)  # fmt: skip
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def test_sign_up_login_admin_checkout_and_import_refuse_a_lookalike(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    storefront = {"X-Storefront-Key": shop.storefront_key}
    admin = {"Authorization": f"Bearer {shop.admin_key}"}
    real, fake = "paypal@example.com", f"p{CYRILLIC_A}ypal@example.com"
    signed_up = await _post(client, "/graphql", storefront, REGISTER, {"i": {
        "email": real, "password": "a fine passphrase", "fullName": "Pay Pal"}})  # fmt: skip
    assert signed_up["register"]["errors"] == []
    await pool.execute("update contacts set email_confirmed_at = now()")

    got = await _post(client, "/graphql", storefront, REGISTER, {"i": {
        "email": fake, "password": "a fine passphrase", "fullName": "Fake"}})  # fmt: skip
    assert [(e["code"], e["field"]) for e in got["register"]["errors"]] == [
        ("EMAIL_INVALID", ["input", "email"])
    ]
    got = await _post(client, "/graphql", storefront, LOGIN, {"e": fake, "p": "a fine passphrase"})
    assert got["login"]["session"] is None
    assert [e["code"] for e in got["login"]["errors"]] == ["INVALID_CREDENTIALS"]

    got = await _post(client, "/admin/graphql", admin, CONTACT_CREATE, {"i": {
        "email": fake, "fullName": "Fake"}})  # fmt: skip
    assert [(e["code"], e["field"]) for e in got["contactCreate"]["errors"]] == [
        ("EMAIL_INVALID", ["input", "email"])
    ]
    csv = f"email,full_name\n{fake},Fake\nann\u200b@example.com,Ann\ngood@example.com,Good\n"
    got = await _post(client, "/admin/graphql", admin, IMPORT, {"csv": csv})
    result = got["contactsImport"]["result"]
    assert (result["created"], result["failed"]) == (1, 2)
    assert {(e["line"], e["field"]) for e in result["rowErrors"]} == {(2, "email"), (3, "email")}

    product = {"i": {"sku": "TEA", "name": "Tea", "price": "4.50", "currency": "EUR"}}
    assert (await _post(client, "/admin/graphql", admin, PRODUCT, product))["productUpsert"][
        "errors"
    ] == []
    checkout = (await _post(client, "/graphql", storefront, CHECKOUT, {}))["checkoutCreate"]
    got = await _post(client, "/graphql", storefront, CONTACT_STEP, {
        "id": checkout["checkout"]["id"], "i": {"email": fake, "fullName": "Fake"}})  # fmt: skip
    assert [(e["code"], e["field"]) for e in got["checkoutSetContact"]["errors"]] == [
        ("EMAIL_INVALID", ["input", "email"])
    ]
    emails = [r["email"] for r in await pool.fetch("select email from contacts order by email")]
    assert emails == ["good@example.com", real]


async def test_an_organisation_invitation_to_a_lookalike_is_refused(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    boss = await pool.fetchval(
        """insert into contacts (shop_id, email, full_name, is_guest, email_confirmed_at)
           values ($1, 'boss@example.com', 'Boss', false, now()) returning id""",
        shop.shop_id,
    )
    org = await organisation(client, shop, "Acme")
    assert (await add_member(client, shop, org, boss, "ADMIN"))["errors"] == []
    async with pool.acquire() as conn:
        token = (await create_session(conn, shop.shop_id, boss, 30)).token
    await sf(client, shop, SET_ACTIVE, {"id": org}, token)
    body = await sf(
        client, shop, INVITE, {"email": "b\u200bob@example.com", "role": "BUYER"}, token
    )
    assert [e["code"] for e in body["data"]["organisationInvite"]["errors"]] == ["EMAIL_INVALID"]
    assert await pool.fetchval("select count(*) from mail_outbox") == 0


async def test_an_import_file_refuses_lookalikes_row_by_row(
    pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    text = "email\n" + "\n".join([*LOOKALIKES.values(), *ONE_SCRIPT]) + "\n"
    summary = await import_contacts(pool, shop.shop_id, io.StringIO(text))
    assert (summary.created, summary.failed) == (len(ONE_SCRIPT), len(LOOKALIKES))
