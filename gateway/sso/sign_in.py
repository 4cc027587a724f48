"""`signInWithSso`: the merchant's own site vouches for a customer's address with a signed token.

The token is checked against the storefront's current SSO secret (secret.py, tokens.py); its
`jti` is recorded in the same transaction that signs in, and the primary key of
`sso_token_uses` refuses a second use, also between replicas. The address is treated as
proven (the merchant's site signed it in): a registered account with it signs in (and is
confirmed); a new address gets a confirmed contact without a password; a guest's address gets
a registered contact that takes over the guest orders, as a confirmed sign-up would.
"""

from __future__ import annotations

import logging
from uuid import UUID

import asyncpg

from gateway.accounts.caller import Caller, SignedIn
from gateway.accounts.proof import email_proven
from gateway.contacts.fields import check_email, check_name
from gateway.db import contacts as contacts_db
from gateway.db import identity as identity_db
from gateway.db import sso as db
from gateway.errors import Problem, ProblemError
from gateway.keyring import KeyUnavailable
from gateway.sso.secret import current_secret
from gateway.sso.tokens import SsoClaims, SsoTokenRefused, read_sso_token

log = logging.getLogger(__name__)

# How the address was proven (gateway/accounts/proof.py): not the registrant's own
# confirmation link, so a first proof drops a password set before it and ends older sessions.
SSO_ROUTE = "sso"

SSO_TOKEN_INVALID = Problem(
    "TOKEN_INVALID",
    ["token"],
    "This sign-in token is not valid: wrong signature, expired or used before.",
)


async def _checked_claims(caller: Caller, token: str) -> tuple[SsoClaims, str, str | None]:
    try:
        async with caller.pool.acquire() as conn:
            secret = await current_secret(
                conn, caller.settings, caller.shop_id, caller.storefront.id
            )
    except KeyUnavailable as error:
        log.error("SSO refused: %s", error)
        raise ProblemError(
            Problem("UNAVAILABLE", ["token"], "Sign-in from the shop's site is not set up yet.")
        ) from None
    if secret is None:
        raise ProblemError(SSO_TOKEN_INVALID)
    try:
        claims = read_sso_token(token, secret)
    except SsoTokenRefused as refused:
        log.info("SSO token refused for storefront %s: %s", caller.storefront.id, refused.reason)
        raise ProblemError(SSO_TOKEN_INVALID) from None
    email, problems = check_email(claims.email, ["token", "email"])
    name = None
    if claims.name is not None and claims.name.strip():
        # The name is a courtesy of the merchant's site: one we cannot store (too long,
        # control characters) is left out rather than keeping the customer out.
        name, found = check_name(claims.name, ["token", "name"])
        if found:
            log.info("SSO name claim left out for storefront %s", caller.storefront.id)
            name = None
    if problems:
        raise ProblemError(*problems)
    return claims, email, name


async def _registered_contact(
    conn: asyncpg.Connection, caller: Caller, email: str, name: str | None
) -> UUID:
    found = await contacts_db.registered_by_email(conn, caller.shop_id, email)
    if found is not None:
        return found.contact.id
    made = await identity_db.insert_registered_contact(
        conn,
        caller.shop_id,
        email,
        name or "",
        caller.storefront.default_locale,
        None,
        confirmed=True,
    )
    if made is not None:
        return made.id
    # Made by a concurrent sign-in a moment ago: the unique index decided, use that one.
    found = await contacts_db.registered_by_email(conn, caller.shop_id, email)
    assert found is not None
    return found.contact.id


async def sign_in_with_sso(caller: Caller, token: str) -> SignedIn:
    """Sign in with a token from the merchant's site. TOKEN_INVALID for a bad signature (also
    another storefront's secret), an expired or replayed token; NOT_ALLOWED when the storefront
    does not offer SSO; EMAIL_INVALID / INVALID for unusable claims."""
    caller.require_login_method("SSO", "token")
    claims, email, name = await _checked_claims(caller, token)
    async with caller.pool.acquire() as conn, conn.transaction():
        if not await db.use_jti(
            conn, caller.shop_id, caller.storefront.id, claims.jti, claims.expires_at
        ):
            raise ProblemError(SSO_TOKEN_INVALID)
        contact_id = await _registered_contact(conn, caller, email, name)
        await email_proven(conn, caller.shop_id, contact_id, email, SSO_ROUTE)
        session = await caller.open_session(conn, contact_id)
        contact = await contacts_db.by_id(conn, caller.shop_id, contact_id)
    assert contact is not None
    return SignedIn(contact, session)
