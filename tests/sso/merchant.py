"""A merchant's site as it signs SSO tokens: plain HS256 from the standard library, the way
the README's PHP and Python snippets do it (no JOSE library of ours involved)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from typing import Any


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def sign(claims: dict[str, Any], secret: str, alg: str = "HS256") -> str:
    header = _b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    body = _b64(json.dumps(claims).encode())
    signing_input = f"{header}.{body}".encode()
    if alg == "none":
        return f"{header}.{body}."
    mac = hmac.new(secret.encode("utf-8"), signing_input, hashlib.sha256).digest()
    return f"{header}.{body}.{_b64(mac)}"


def sso_token(secret: str, address: str, name: str | None = "Ann Example", **overrides: Any) -> str:
    now = int(time.time())
    claims: dict[str, Any] = {
        "email": address,
        "iat": now,
        "exp": now + 300,
        "jti": str(uuid.uuid4()),
    }
    if name is not None:
        claims["name"] = name
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    return sign(claims, secret)
