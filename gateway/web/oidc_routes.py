"""The browser's side of OpenID Connect: /auth/oidc/<provider id>/start and /auth/oidc/callback.

The attempt is bound to the browser by an HttpOnly cookie (`gw_oidc`, path /auth/oidc,
SameSite=Lax so it comes back on the provider's top-level redirect, Secure unless
GATEWAY_COOKIE_SECURE is off, 10 minutes). See gateway/oidc/flow.py for the flow.
"""

from __future__ import annotations

import html

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from gateway.oidc.flow import ATTEMPT_TTL_SECONDS, FlowError, finish, start

COOKIE = "gw_oidc"
COOKIE_PATH = "/auth/oidc"
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _base_url(request: Request) -> str:
    configured = request.app.state.services.settings.public_url
    return configured or str(request.base_url).rstrip("/")


def _page(status: int, message: str) -> Response:
    body = f"<!doctype html><meta charset=utf-8><title>Sign-in</title><p>{html.escape(message)}</p>"
    return HTMLResponse(body, status_code=status, headers=NO_STORE)


async def oidc_start(request: Request) -> Response:
    services = request.app.state.services
    try:
        started = await start(services.pool, request.path_params["provider_id"], _base_url(request))
    except FlowError as error:
        return _page(error.status, error.message)
    response = RedirectResponse(started.redirect_to, status_code=302, headers=NO_STORE)
    if started.browser_secret:
        response.set_cookie(
            COOKIE,
            started.browser_secret,
            max_age=ATTEMPT_TTL_SECONDS,
            path=COOKIE_PATH,
            httponly=True,
            secure=services.settings.cookie_secure,
            samesite="lax",
        )
    return response


async def oidc_callback(request: Request) -> Response:
    services = request.app.state.services
    params = {k: v for k, v in request.query_params.items() if k in ("state", "code", "error")}
    try:
        target = await finish(services.pool, services.settings, params, request.cookies.get(COOKIE))
    except FlowError as error:
        return _page(error.status, error.message)
    response = RedirectResponse(target, status_code=302, headers=NO_STORE)
    response.delete_cookie(COOKIE, path=COOKIE_PATH)
    return response
