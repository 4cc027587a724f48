"""Operations as a storefront writes them, and small factories for identity tests."""

from __future__ import annotations

from typing import Any

import httpx

from gateway.tenancy.shops import CreatedShop
from tests.gql import data, storefront
from tests.smtp import SmtpServer

PASSWORD = "correct horse battery staple"

REGISTER = """mutation Register($input: RegisterInput!) {
  register(input: $input) {
    contact { id email fullName isGuest emailConfirmed locale }
    errors { code field message }
  }
}"""
AUTH_FIELDS = (
    "session { token expiresAt } contact { id email emailConfirmed } errors { code field message }"
)
LOGIN = f"""mutation Login($email: String!, $password: String!, $cookie: Boolean! = false) {{
  login(email: $email, password: $password, cookie: $cookie) {{ {AUTH_FIELDS} }}
}}"""
CONFIRM = (
    f"""mutation Confirm($token: String!) {{ confirmEmail(token: $token) {{ {AUTH_FIELDS} }} }}"""
)
REQUEST_LINK = """mutation Link($email: String!) {
  requestSignInLink(email: $email) { errors { code field message } }
}"""
SIGN_IN_WITH_LINK = f"""mutation UseLink($token: String!) {{
  signInWithLink(token: $token) {{ {AUTH_FIELDS} }}
}}"""
REQUEST_RESET = """mutation Reset($email: String!) {
  requestPasswordReset(email: $email) { errors { code field message } }
}"""
RESET = f"""mutation NewPassword($token: String!, $password: String!) {{
  resetPassword(token: $token, password: $password) {{ {AUTH_FIELDS} }}
}}"""
CHANGE = """mutation Change($current: String!, $new: String!) {
  changePassword(currentPassword: $current, newPassword: $new) {
    contact { id } errors { code field message }
  }
}"""
RESEND = """mutation Resend($email: String!) {
  resendConfirmation(email: $email) { errors { code field message } }
}"""
LOGOUT = "mutation { logout { errors { code message } } }"
VIEWER = "{ viewer { id email emailConfirmed } }"


async def register(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    email: str,
    password: str = PASSWORD,
    locale: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    variables = {"input": {"email": email, "password": password, "fullName": "Ann Example"}}
    if locale:
        variables["input"]["locale"] = locale
    body = await storefront(client, shop.storefront_key, REGISTER, variables, headers=headers)
    return data(body)["register"]


async def login(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    email: str,
    password: str = PASSWORD,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    body = await storefront(
        client,
        shop.storefront_key,
        LOGIN,
        {"email": email, "password": password},
        headers=headers,
    )
    return data(body)["login"]


async def call(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Run one operation and return its single root field's value."""
    body = await storefront(client, shop.storefront_key, query, variables, token, headers)
    result = data(body)
    return next(iter(result.values()))


async def viewer(client: httpx.AsyncClient, shop: CreatedShop, token: str) -> Any:
    return await call(client, shop, VIEWER, token=token)


async def confirmed_customer(
    client: httpx.AsyncClient, shop: CreatedShop, smtp: SmtpServer, email: str
) -> str:
    """Register, follow the confirmation mail; return the session token it gives."""
    registered = await register(client, shop, email)
    assert registered["errors"] == []
    mail = await smtp.mail_to(email, "onfirm")
    confirmed = await call(client, shop, CONFIRM, {"token": mail.token("confirm")})
    assert confirmed["errors"] == []
    return str(confirmed["session"]["token"])


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]
