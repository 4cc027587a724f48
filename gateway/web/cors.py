"""CORS for browser storefronts, whose allowed origins are a per-storefront setting.

A preflight carries no storefront key, so it is answered for any origin some storefront
allows (looked up at most every `ttl` seconds). The real request is then checked against its
own storefront's origins (`cors_headers`), and a session cookie sent from an origin that the
storefront does not allow is ignored, so one shop's pages cannot act with another's cookie.
"""

from __future__ import annotations

import time

import asyncpg
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.db.cors import all_allowed_origins

ALLOWED_HEADERS = "content-type, authorization, x-storefront-key, x-request-id"
LOCAL_PREFIXES = ("http://localhost:", "http://127.0.0.1:", "http://localhost", "http://127.0.0.1")


def is_local(origin: str) -> bool:
    return origin.startswith(LOCAL_PREFIXES)


def origin_allowed(origin: str, allowed: tuple[str, ...] | set[str], allow_local: bool) -> bool:
    return origin in allowed or (allow_local and is_local(origin))


def cors_headers(origin: str) -> dict[str, str]:
    return {
        "access-control-allow-origin": origin,
        "access-control-allow-credentials": "true",
        "vary": "Origin",
    }


class OriginRegistry:
    def __init__(self, pool_getter, ttl: float = 30.0) -> None:  # type: ignore[no-untyped-def]
        self._pool_getter = pool_getter
        self._ttl = ttl
        self._origins: set[str] = set()
        self._until = 0.0

    async def allowed(self) -> set[str]:
        now = time.monotonic()
        if now >= self._until:
            pool: asyncpg.Pool = self._pool_getter()
            async with pool.acquire() as conn:
                self._origins = await all_allowed_origins(conn)
            self._until = now + self._ttl
        return self._origins

    def forget(self) -> None:
        self._until = 0.0


class PreflightMiddleware:
    """Answers CORS preflight requests for the GraphQL endpoints."""

    def __init__(self, app: ASGIApp, registry: OriginRegistry, allow_local: bool) -> None:
        self.app = app
        self.registry = registry
        self.allow_local = allow_local

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "OPTIONS":
            await self.app(scope, receive, send)
            return
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        origin = headers.get("origin")
        if not origin or "access-control-request-method" not in headers:
            await self.app(scope, receive, send)
            return
        allowed = origin_allowed(origin, await self.registry.allowed(), self.allow_local)
        response_headers = [(b"vary", b"Origin")]
        status = 403
        if allowed:
            status = 204
            response_headers += [
                (k.encode(), v.encode())
                for k, v in {
                    **cors_headers(origin),
                    "access-control-allow-methods": "GET, POST",
                    "access-control-allow-headers": ALLOWED_HEADERS,
                    "access-control-max-age": "600",
                }.items()
                if k != "vary"
            ]
        await send({"type": "http.response.start", "status": status, "headers": response_headers})
        await send({"type": "http.response.body", "body": b""})
