"""Checking an ID token with authlib: signature by the provider's JWKS, then `iss`, `aud`,
`exp`/`iat` (60 seconds of clock skew), `nonce` (the one this attempt sent) and `azp`."""

from __future__ import annotations

import warnings
from typing import Any

import authlib.deprecate  # noqa: F401 - it sets its own warning filter on import
import httpx

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # authlib announces its move to joserfc
    from authlib.jose import JsonWebKey, JsonWebToken
    from authlib.jose.errors import JoseError
    from authlib.oidc.core import CodeIDToken

ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]
CLOCK_SKEW_SECONDS = 60


class IdTokenRefused(Exception):
    """Not a token we accept; the message is for logs."""


async def fetch_jwks(http: httpx.AsyncClient, jwks_uri: str) -> dict[str, Any]:
    """The provider's current keys (read at every sign-in, so key rotation needs nothing)."""
    response = await http.get(jwks_uri)
    response.raise_for_status()
    keys = response.json()
    if not isinstance(keys, dict) or not isinstance(keys.get("keys"), list):
        raise IdTokenRefused("the JWKS document has no keys")
    return keys


def verify_id_token(
    id_token: str,
    jwks: dict[str, Any],
    *,
    issuer: str,
    client_id: str,
    nonce: str,
    access_token: str | None = None,
) -> dict[str, Any]:
    """The token's claims, or IdTokenRefused."""
    options = {
        "iss": {"essential": True, "values": [issuer, issuer + "/"]},
        "aud": {"essential": True, "values": [client_id]},
        "nonce": {"essential": True},
        "sub": {"essential": True},
    }
    params = {"nonce": nonce, "client_id": client_id}
    if access_token:
        params["access_token"] = access_token
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            claims = JsonWebToken(ALGORITHMS).decode(
                id_token,
                key=JsonWebKey.import_key_set(jwks),
                claims_cls=CodeIDToken,
                claims_options=options,
                claims_params=params,
            )
            claims.validate(leeway=CLOCK_SKEW_SECONDS)
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise IdTokenRefused(f"{type(error).__name__}: {error}") from None
    if claims.get("nonce") != nonce:
        raise IdTokenRefused("nonce mismatch")
    return dict(claims)


def email_verified(claims: dict[str, Any]) -> bool:
    """True only for an explicit yes (Apple sends the string "true")."""
    value = claims.get("email_verified")
    return value is True or value == "true"
