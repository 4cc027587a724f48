"""Reading an SSO token: a JWT signed HS256 with the storefront's SSO secret (joserfc).

Claims: `email` (required), `name` (optional), `iat`, `exp` (at most 10 minutes after `iat`),
`jti` (1 to 200 printable characters; single use is settled by the database, see
sign_in.py). Clocks may differ by at most 60 seconds. Any other algorithm (`none`, RS256,
...) is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey

ALGORITHM = "HS256"
MAX_LIFETIME_SECONDS = 600
CLOCK_SKEW_SECONDS = 60
MAX_TOKEN_LENGTH = 8192


class SsoTokenRefused(Exception):
    """The token is not one we accept; `reason` is for logs, never for the caller."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SsoClaims:
    email: str
    name: str | None
    jti: str
    expires_at: datetime


def read_sso_token(token: str, secret: str, now: int | None = None) -> SsoClaims:
    """Check signature and claims; raise SsoTokenRefused otherwise."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise SsoTokenRefused("empty or oversized token")
    try:
        decoded = jwt.decode(token, OctKey.import_key(secret), algorithms=[ALGORITHM])
        registry = jwt.JWTClaimsRegistry(
            now=now,
            leeway=CLOCK_SKEW_SECONDS,
            email={"essential": True},
            iat={"essential": True},
            exp={"essential": True},
            jti={"essential": True},
        )
        registry.validate(decoded.claims)
    except (JoseError, ValueError, TypeError) as error:
        raise SsoTokenRefused(f"{type(error).__name__}: {error}") from None
    claims = decoded.claims
    if decoded.header.get("alg") != ALGORITHM:
        raise SsoTokenRefused("wrong algorithm")
    if claims["exp"] - claims["iat"] > MAX_LIFETIME_SECONDS:
        raise SsoTokenRefused("exp is more than 10 minutes after iat")
    jti, email, name = claims["jti"], claims["email"], claims.get("name")
    if not 1 <= len(jti) <= 200:
        raise SsoTokenRefused("jti must have 1 to 200 characters")
    if not jti.isprintable():
        raise SsoTokenRefused("jti must be printable text")
    if not isinstance(email, str) or (name is not None and not isinstance(name, str)):
        raise SsoTokenRefused("email and name must be strings")
    expires_at = datetime.fromtimestamp(claims["exp"] + CLOCK_SKEW_SECONDS, UTC)
    return SsoClaims(email=email, name=name, jti=jti, expires_at=expires_at)
