"""Invitations to an address that has an account: its owner signs in (session or password) to
join; the mailed token dies when the password or the e-mail address changes."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import CHANGE, PASSWORD, call
from tests.my_account.factories import customer, mails, token_in
from tests.organisations.ops import ACCEPT, INVITE, add_member, codes, organisation, sf_data

OTHER_PASSWORD = "another horse battery staple"


async def _invite(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, email: str
) -> str:
    org = await organisation(client, shop, "Acme")
    boss = await customer(pool, shop.shop_id, email="boss@example.com")
    assert (await add_member(client, shop, org, boss.id, "ADMIN"))["errors"] == []
    sent = await sf_data(client, shop, INVITE, {"email": email, "role": "BUYER"}, boss.token)
    assert sent["errors"] == []
    mail = (await mails(pool, email))[-1]
    assert "/accept-invitation?token=" in mail["text_body"]
    return token_in(mail)


async def test_an_existing_account_joins_once_its_owner_signs_in(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    ann = await customer(pool, shop.shop_id, password=PASSWORD)
    token = await _invite(client, pool, shop, ann.email)
    anonymous = await sf_data(client, shop, ACCEPT, {"token": token})
    assert codes(anonymous) == ["INVALID_CREDENTIALS"]
    wrong = await sf_data(client, shop, ACCEPT, {"token": token, "password": "wrong password!"})
    assert codes(wrong) == ["INVALID_CREDENTIALS"]
    joined = await sf_data(client, shop, ACCEPT, {"token": token}, ann.token)  # signed in
    assert joined["errors"] == [] and joined["contact"]["organisationRole"] == "BUYER"
    count = "select count(*) from organisation_members where contact_id = $1"
    assert await pool.fetchval(count, ann.id) == 1


async def test_a_password_change_kills_an_outstanding_invitation(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    ann = await customer(pool, shop.shop_id, password=PASSWORD)
    token = await _invite(client, pool, shop, ann.email)
    changed = await call(
        client, shop, CHANGE, {"current": PASSWORD, "new": OTHER_PASSWORD}, ann.token
    )
    assert changed["errors"] == []
    late = await sf_data(client, shop, ACCEPT, {"token": token, "password": OTHER_PASSWORD})
    assert codes(late) == ["TOKEN_INVALID"]


async def test_the_invitation_mail_names_the_role_in_words(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await _invite(client, pool, shop, "words@example.com")
    text = (await mails(pool, "words@example.com"))[-1]["text_body"]
    assert "as a buyer" in text and "BUYER" not in text
