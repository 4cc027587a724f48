"""Cookies and CSRF for the hosted pages.

- The session cookie is HttpOnly, SameSite=Lax, Path=/ and, on https, Secure with the
  `__Host-` prefix (no Domain: a sibling subdomain cannot set or read it); one per handle, so
  two shops on one gateway host never share a session.
- Every form carries a token: HMAC-SHA256 (gateway-wide secret) of the handle and a random
  value kept in a second `__Host-` cookie (signed double submit), so a page on another site
  can neither read nor forge it. On top, a POST must come from one of our own origins
  (`Origin`) and, when the browser says so, from the same site (`Sec-Fetch-Site`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request

CSRF_FIELD = "csrf"
LANG_COOKIE = "account-lang"


def session_cookie(handle: str, https: bool) -> str:
    return f"__Host-account-{handle}" if https else f"account-{handle}"


def csrf_cookie(https: bool) -> str:
    return "__Host-account-csrf" if https else "account-csrf"


def new_csrf_seed() -> str:
    return secrets.token_urlsafe(32)


def csrf_token(key: bytes, handle: str, seed: str) -> str:
    mac = hmac.new(key, f"{handle}|{seed}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def csrf_ok(key: bytes, handle: str, seed: str | None, sent: str | None) -> bool:
    if not seed or not sent:
        return False
    return hmac.compare_digest(csrf_token(key, handle, seed), sent)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def same_site_request(request: Request, own_origins: set[str]) -> bool:
    """Refuse a POST another site made the browser send (Origin, Sec-Fetch-Site)."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in {"same-origin", "none"}:
        return False
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        # Browsers send Origin with every cross-site POST; none at all is a same-site or
        # non-browser client, which the token still has to pass.
        return origin is None
    return origin.lower() in own_origins
