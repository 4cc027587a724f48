"""The kind: every outstanding mailed token that can sign someone in (or act for the account)
dies when the password or the e-mail address changes, whatever its purpose, now and for
purposes added later. One place decides it (the trigger of migration 0007); the domain test
enumerates every purpose in `gateway.accounts.tokens.PURPOSES`."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import asyncpg
import httpx
import pytest

from gateway.accounts import tokens
from gateway.db import identity as identity_db
from gateway.db import profile as profile_db
from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import (
    CHANGE,
    CONFIRM,
    PASSWORD,
    REQUEST_LINK,
    REQUEST_RESET,
    RESEND,
    RESET,
    SIGN_IN_WITH_LINK,
    call,
    codes,
    confirmed_customer,
    register,
)
from tests.my_account.factories import customer
from tests.smtp import SmtpServer

NEW_PASSWORD = "a brand new passphrase 9"
CONFIRM_EMAIL_CHANGE = """mutation($token: String!) {
  confirmEmailChange(token: $token) { email errors { code } } }"""
REQUEST_EMAIL_CHANGE = """mutation($email: String!, $password: String) {
  requestEmailChange(newEmail: $email, currentPassword: $password) { errors { code } } }"""


async def test_confirmation_link_mailed_before_a_password_change_gives_no_session(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    """The issue's case: register -> two resends -> confirm with the second -> change the
    password -> the first confirmation link must not sign in."""
    email = "twice@example.com"
    await register(client, shop, email)
    for _ in range(2):
        await call(client, shop, RESEND, {"email": email})
    await smtp_server.wait_for(lambda mails: len(mails) >= 3)
    first, second, _third = [m.token("confirm") for m in smtp_server.to(email)]
    session = (await call(client, shop, CONFIRM, {"token": second}))["session"]["token"]
    changed = await call(client, shop, CHANGE, {"current": PASSWORD, "new": NEW_PASSWORD}, session)
    assert changed["errors"] == []
    late = await call(client, shop, CONFIRM, {"token": first})
    assert codes(late) == ["TOKEN_INVALID"] and late["session"] is None


async def test_sign_in_link_and_reset_link_die_when_the_email_address_changes(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    email = "moving@example.com"
    session = await confirmed_customer(client, shop, smtp_server, email)
    await call(client, shop, REQUEST_LINK, {"email": email})
    link = (await smtp_server.mail_to(email, "sign-in link")).token("sign-in")
    await call(client, shop, REQUEST_RESET, {"email": email})
    reset = (await smtp_server.mail_to(email, "password")).token("reset-password")

    body = await call(
        client, shop, REQUEST_EMAIL_CHANGE, {"email": "moved@example.com", "password": PASSWORD},
        session,
    )  # fmt: skip
    assert body["errors"] == []
    change = (await smtp_server.mail_to("moved@example.com")).token("confirm")
    assert (await call(client, shop, CONFIRM_EMAIL_CHANGE, {"token": change}))["errors"] == []

    assert codes(await call(client, shop, SIGN_IN_WITH_LINK, {"token": link})) == ["TOKEN_INVALID"]
    reused = await call(client, shop, RESET, {"token": reset, "password": NEW_PASSWORD})
    assert codes(reused) == ["TOKEN_INVALID"]


async def test_reset_kills_the_other_links_including_an_email_change_link(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    """A thief with a session asks to move the account to their address; the owner resets the
    password: the pending e-mail change link must die with it."""
    email = "owner@example.com"
    session = await confirmed_customer(client, shop, smtp_server, email)
    await call(
        client, shop, REQUEST_EMAIL_CHANGE, {"email": "thief@example.com", "password": PASSWORD},
        session,
    )  # fmt: skip
    change = (await smtp_server.mail_to("thief@example.com")).token("confirm")
    await call(client, shop, REQUEST_RESET, {"email": email})
    reset = (await smtp_server.mail_to(email, "password")).token("reset-password")
    assert (await call(client, shop, RESET, {"token": reset, "password": NEW_PASSWORD}))[
        "errors"
    ] == []
    moved = await call(client, shop, CONFIRM_EMAIL_CHANGE, {"token": change})
    assert codes(moved) == ["TOKEN_INVALID"]


async def _change_password(conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID) -> None:
    await identity_db.set_password_hash(conn, shop_id, contact_id, "$argon2id$new", changed=True)


async def _change_email(conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID) -> None:
    await profile_db.set_email(conn, shop_id, contact_id, "elsewhere@example.com")


@pytest.mark.parametrize("purpose", sorted(tokens.PURPOSES))
@pytest.mark.parametrize("change", [_change_password, _change_email])
async def test_every_purpose_dies_with_a_credential_change(
    pool: asyncpg.Pool, shop: CreatedShop, purpose: str, change: object
) -> None:
    ann = await customer(pool, shop.shop_id, password="ann's password 1")
    async with pool.acquire() as conn:
        token = await tokens.issue_token(
            conn, shop.shop_id, ann.id, purpose, timedelta(days=1), {"email": ann.email}
        )
        await change(conn, shop.shop_id, ann.id)  # type: ignore[operator]
        assert await tokens.use_token(conn, shop.shop_id, purpose, token) is None


@pytest.mark.parametrize("purpose", sorted(tokens.PURPOSES))
async def test_a_rehash_of_the_same_password_kills_nothing(
    pool: asyncpg.Pool, shop: CreatedShop, purpose: str
) -> None:
    """Upgrading a hash's parameters is not a credential change."""
    ann = await customer(pool, shop.shop_id, password="ann's password 1")
    async with pool.acquire() as conn:
        token = await tokens.issue_token(
            conn, shop.shop_id, ann.id, purpose, timedelta(days=1), {"email": ann.email}
        )
        await identity_db.set_password_hash(conn, shop.shop_id, ann.id, "$argon2id$x", False)
        assert await tokens.use_token(conn, shop.shop_id, purpose, token) is not None


async def test_a_purpose_must_be_registered_to_be_issued(
    pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    """So every purpose there is runs through the enumeration above."""
    ann = await customer(pool, shop.shop_id)
    async with pool.acquire() as conn:
        with pytest.raises(ValueError, match="unknown token purpose"):
            await tokens.issue_token(conn, shop.shop_id, ann.id, "new_purpose", timedelta(days=1))
