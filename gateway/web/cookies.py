"""The API's session cookie: its name, and refusing cross-site requests that carry it.

- **Name.** `__Host-gateway_session` where the browser speaks https to us (directly, through a
  trusted TLS proxy, or by GATEWAY_PUBLIC_URL) and cookies are Secure (GATEWAY_COOKIE_SECURE):
  the prefix makes browsers refuse it unless Secure, Path=/ and without Domain, so a sibling
  subdomain can neither set nor read it (RFC 6265bis, "Cookie Name Prefixes"). On plain
  http (http://localhost while developing) browsers drop `__Host-` cookies, so the name is
  `gateway_session`. On https only the prefixed name is read: a plain one there may have been
  planted by a sibling subdomain.
- **Cross-site.** A request whose session comes from that cookie (no Authorization header) is
  refused with 403 FORBIDDEN when the browser says another site made it (`Sec-Fetch-Site:
  cross-site`) or its `Origin` is not allowed for the storefront (nor the gateway's own). A
  bearer-token request is not affected: a foreign page cannot make a browser add that header.
  (The W3C Fetch Metadata recommendation, "Resource Isolation Policy".)
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from starlette.requests import Request

from gateway.config import Settings
from gateway.web.errors import HTTPProblem

SESSION_COOKIE = "gateway_session"
HOST_SESSION_COOKIE = "__Host-gateway_session"


def is_https(request: Request, settings: Settings) -> bool:
    """The browser speaks https to us: directly, through a trusted TLS proxy, or by setting."""
    if request.url.scheme == "https" or settings.public_url.startswith("https://"):
        return True
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    if forwarded != "https" or not settings.trusted_proxies:
        return False
    try:
        peer = ipaddress.ip_address(request.client.host if request.client else "")
    except ValueError:
        return False
    return any(peer in net for net in settings.trusted_proxies)


def session_cookie_name(request: Request, settings: Settings) -> str:
    if settings.cookie_secure and is_https(request, settings):
        return HOST_SESSION_COOKIE
    return SESSION_COOKIE


def cookie_session(request: Request, settings: Settings) -> str | None:
    return request.cookies.get(session_cookie_name(request, settings)) or None


def refuse_cross_site(request: Request, origin_ok: bool) -> None:
    """Raise 403 for a cookie-session request another site made (see the module doc);
    `origin_ok`: the request's Origin header is absent or allowed."""
    fetch_site = (request.headers.get("sec-fetch-site") or "").strip().lower()
    if fetch_site == "cross-site" or not origin_ok:
        raise HTTPProblem(
            403,
            "A session cookie is not accepted on a request from another site; "
            "send the session as Authorization: Bearer <token>.",
            "FORBIDDEN",
        )


def own_origin(request: Request, origin: str, settings: Settings) -> bool:
    """The Origin is the gateway's own (its GraphiQL, its hosted pages): the host it was
    asked on, with the scheme the browser speaks (https behind a TLS proxy), or its public
    URL's origin."""
    given = origin.rstrip("/").lower()
    scheme = "https" if is_https(request, settings) else request.url.scheme
    if given == f"{scheme}://{request.url.netloc}".lower():
        return True
    public = urlsplit(settings.public_url)
    return bool(public.netloc) and given == f"{public.scheme}://{public.netloc}".lower()
