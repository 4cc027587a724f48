"""The authorisation code flow with PKCE (authlib's client), from the storefront's button to
the storefront's sign-in page.

start:  GET /auth/oidc/<provider id>/start -> a new attempt (state, nonce, PKCE verifier; the
        state stored hashed and bound to this browser by a random cookie, also hashed) ->
        redirect to the provider's authorization endpoint.
finish: GET /auth/oidc/callback?state&code -> the attempt of this state and this browser's
        cookie, once, within 10 minutes -> code for tokens (with the verifier) -> the ID token
        checked (id_token.py) -> the contact (linking.py) -> a single-use `sign_in` token
        (the sign-in link's kind, 10 minutes) -> redirect to `<accountUrl>/sign-in?token=...`,
        where the storefront calls `signInWithLink(token)`. Refusals after a valid attempt go
        to `<accountUrl>/sign-in?error=<reason>` (access_denied, email_not_verified,
        email_invalid, not_allowed, provider_error).
"""

from __future__ import annotations

import logging
import secrets
import warnings
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode
from uuid import UUID

import asyncpg
import authlib.deprecate  # noqa: F401 - it sets its own warning filter on import
import httpx

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # authlib announces changes to its httpx integration
    from authlib.integrations.base_client.errors import OAuthError
    from authlib.integrations.httpx_client import AsyncOAuth2Client

from gateway.accounts.tokens import SIGN_IN, issue_token
from gateway.config import Settings
from gateway.db import oidc as db
from gateway.db.contacts import by_id
from gateway.db.shops import Storefront, storefront_by_id
from gateway.keyring import KeyUnavailable
from gateway.mail.outbox import account_link
from gateway.oidc.id_token import IdTokenRefused, fetch_jwks, verify_id_token
from gateway.oidc.linking import SignInRefused, contact_for
from gateway.oidc.providers import HTTP_TIMEOUT, client_secret
from gateway.secrets import hash_token, new_token

log = logging.getLogger(__name__)

ATTEMPT_TTL_SECONDS = 600
SIGN_IN_TOKEN_TTL = timedelta(minutes=10)
SCOPE = "openid email profile"
CALLBACK_PATH = "/auth/oidc/callback"


class FlowError(Exception):
    """Nothing to send the browser back to: answer with this status and message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Started:
    redirect_to: str
    browser_secret: str  # the cookie's value


def _refusal(storefront: Storefront, reason: str) -> str:
    return f"{storefront.account_url.rstrip('/')}/sign-in?{urlencode({'error': reason})}"


async def _provider_and_storefront(
    conn: asyncpg.Connection, provider_id: UUID
) -> tuple[db.Provider, Storefront]:
    provider = await db.provider_by_id(conn, provider_id)
    storefront = (
        await storefront_by_id(conn, provider.shop_id, provider.storefront_id) if provider else None
    )
    if provider is None or storefront is None:
        raise FlowError(404, "There is no such sign-in provider.")
    return provider, storefront


async def start(pool: asyncpg.Pool, raw_provider_id: str, base_url: str) -> Started:
    try:
        provider_id = UUID(raw_provider_id)
    except ValueError:
        raise FlowError(404, "There is no such sign-in provider.") from None
    async with pool.acquire() as conn:
        provider, storefront = await _provider_and_storefront(conn, provider_id)
        if "OPENID_CONNECT" not in storefront.login_methods:
            return Started(_refusal(storefront, "not_allowed"), "")
        state, browser = new_token(), new_token()
        attempt = db.Attempt(
            provider_id=provider.id,
            shop_id=provider.shop_id,
            code_verifier=secrets.token_urlsafe(64),
            nonce=new_token(),
            redirect_uri=base_url.rstrip("/") + CALLBACK_PATH,
        )
        await db.insert_attempt(
            conn, provider, hash_token(state), hash_token(browser), attempt, ATTEMPT_TTL_SECONDS
        )
    client = AsyncOAuth2Client(
        client_id=provider.client_id,
        scope=SCOPE,
        redirect_uri=attempt.redirect_uri,
        code_challenge_method="S256",
    )
    url, _ = client.create_authorization_url(
        provider.metadata["authorization_endpoint"],
        state=state,
        nonce=attempt.nonce,
        code_verifier=attempt.code_verifier,
    )
    return Started(url, browser)


async def finish(
    pool: asyncpg.Pool,
    settings: Settings,
    params: dict[str, str],
    browser_secret: str | None,
) -> str:
    """Where to send the browser next (see the module docstring), or FlowError."""
    state = params.get("state", "")
    if not state or not browser_secret or len(state) > 200 or len(browser_secret) > 200:
        raise FlowError(400, "This sign-in attempt is not valid. Start again from the shop.")
    async with pool.acquire() as conn:
        attempt = await db.use_attempt(conn, hash_token(state), hash_token(browser_secret))
        if attempt is None:
            raise FlowError(400, "This sign-in attempt is not valid (any more). Start again.")
        provider, storefront = await _provider_and_storefront(conn, attempt.provider_id)
    if "OPENID_CONNECT" not in storefront.login_methods:
        return _refusal(storefront, "not_allowed")
    if params.get("error") or not params.get("code"):
        reason = "access_denied" if params.get("error") == "access_denied" else "provider_error"
        return _refusal(storefront, reason)
    try:
        claims = await _claims(settings, provider, attempt, params["code"])
    except (OAuthError, httpx.HTTPError, IdTokenRefused, KeyUnavailable, ValueError) as error:
        log.warning("OpenID sign-in with provider %s failed: %s", provider.id, error)
        return _refusal(storefront, "provider_error")
    try:
        async with pool.acquire() as conn, conn.transaction():
            contact_id = await contact_for(conn, storefront, provider, claims)
            contact = await by_id(conn, storefront.shop_id, contact_id)
            assert contact is not None
            token = await issue_token(
                conn, storefront.shop_id, contact_id, SIGN_IN, SIGN_IN_TOKEN_TTL,
                {"email": contact.email, "via": "openid_connect"},
            )  # fmt: skip
    except SignInRefused as refused:
        return _refusal(storefront, refused.reason)
    return account_link(storefront.account_url, "sign-in", token)


async def _claims(
    settings: Settings, provider: db.Provider, attempt: db.Attempt, code: str
) -> dict[str, object]:
    secret = client_secret(settings, provider)
    if secret is None:
        raise ValueError("the client secret does not decrypt with this server key")
    async with AsyncOAuth2Client(
        client_id=provider.client_id,
        client_secret=secret,
        redirect_uri=attempt.redirect_uri,
        code_challenge_method="S256",
        timeout=HTTP_TIMEOUT,
    ) as client:
        token = await client.fetch_token(
            provider.metadata["token_endpoint"],
            grant_type="authorization_code",
            code=code,
            code_verifier=attempt.code_verifier,
        )
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise IdTokenRefused("the token response has no id_token")
        jwks = await fetch_jwks(client, provider.metadata["jwks_uri"])
    return verify_id_token(
        id_token,
        jwks,
        issuer=provider.issuer,
        client_id=provider.client_id,
        nonce=attempt.nonce,
        access_token=token.get("access_token"),
    )
