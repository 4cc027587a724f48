"""Who is calling: the client IP behind trusted proxies, and the session token."""

from __future__ import annotations

import ipaddress

from starlette.requests import Request

from gateway.config import Settings
from gateway.web.cookies import SESSION_COOKIE, cookie_session

__all__ = ["SESSION_COOKIE", "bearer_token", "client_ip", "session_token"]


def _parse_ip(raw: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if not raw:
        return None
    try:
        return ipaddress.ip_address(raw.strip())
    except ValueError:
        return None


def client_ip(request: Request, settings: Settings) -> str:
    """The peer address, or the right-most untrusted X-Forwarded-For hop behind our proxies."""
    peer = _parse_ip(request.client.host if request.client else None)
    if peer is None:
        return "0.0.0.0"  # noqa: S104 - a placeholder address, not a bind
    if not any(peer in net for net in settings.trusted_proxies):
        return str(peer)
    forwarded = request.headers.get("x-forwarded-for", "")
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    for hop in reversed(hops):
        address = _parse_ip(hop)
        if address is None:
            break
        if not any(address in net for net in settings.trusted_proxies):
            return str(address)
    return str(peer)


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def session_token(request: Request, settings: Settings) -> str | None:
    """The bearer token, else the session cookie (gateway/web/cookies.py names it)."""
    return bearer_token(request) or cookie_session(request, settings)
