"""The kind: the e-mail address is how an account is recovered, so when it changes every other
session ends (as a password change does), and the mail says so."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import PASSWORD, call, confirmed_customer, login, viewer
from tests.smtp import SmtpServer

REQUEST = """mutation($email: String!, $password: String) {
  requestEmailChange(newEmail: $email, currentPassword: $password) { errors { code } } }"""
CONFIRM = (
    """mutation($token: String!) { confirmEmailChange(token: $token) { email errors { code } } }"""
)


async def test_confirming_in_the_same_browser_keeps_that_session_only(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    here = await confirmed_customer(client, shop, smtp_server, "old@example.com")
    phone = (await login(client, shop, "old@example.com"))["session"]["token"]
    laptop = (await login(client, shop, "old@example.com"))["session"]["token"]
    asked = await call(
        client, shop, REQUEST, {"email": "new@example.com", "password": PASSWORD}, here
    )
    assert asked["errors"] == []
    token = (await smtp_server.mail_to("new@example.com")).token("confirm")
    done = await call(client, shop, CONFIRM, {"token": token}, here)
    assert done == {"email": "new@example.com", "errors": []}

    assert (await viewer(client, shop, here))["email"] == "new@example.com"
    assert await viewer(client, shop, phone) is None
    assert await viewer(client, shop, laptop) is None
    for address in ("old@example.com", "new@example.com"):
        told = await smtp_server.mail_to(address, "was changed")
        assert "signed out" in told.text and "new@example.com" in told.text


async def test_confirming_from_a_mail_client_without_a_session_ends_them_all(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    here = await confirmed_customer(client, shop, smtp_server, "nl@example.com")
    await call(client, shop, REQUEST, {"email": "nieuw@example.com", "password": PASSWORD}, here)
    token = (await smtp_server.mail_to("nieuw@example.com")).token("confirm")
    assert (await call(client, shop, CONFIRM, {"token": token}))["errors"] == []
    assert await viewer(client, shop, here) is None
    assert (await login(client, shop, "nieuw@example.com"))["errors"] == []


async def test_another_accounts_session_confirming_keeps_nothing_of_this_account(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    """The link is opened in a browser signed in to someone else: their session stays theirs
    and the changed account keeps none."""
    mine = await confirmed_customer(client, shop, smtp_server, "mine@example.com")
    other = await confirmed_customer(client, shop, smtp_server, "other@example.com")
    await call(client, shop, REQUEST, {"email": "mine2@example.com", "password": PASSWORD}, mine)
    token = (await smtp_server.mail_to("mine2@example.com")).token("confirm")
    assert (await call(client, shop, CONFIRM, {"token": token}, other))["errors"] == []
    assert await viewer(client, shop, mine) is None
    assert (await viewer(client, shop, other))["email"] == "other@example.com"
    live = await pool.fetchval(
        """select count(*) from sessions s join contacts c on c.id = s.contact_id
           where c.email = 'mine2@example.com' and s.revoked_at is null"""
    )
    assert live == 0
