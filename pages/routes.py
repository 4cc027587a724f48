"""Routes of the hosted pages and the wrapper every page goes through."""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib import resources
from urllib.parse import urlencode

import asyncpg
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from gateway.config import Settings
from gateway.web.cookies import is_https
from gateway.web.endpoint import GraphQLEndpoint
from pages import security
from pages.client import ApiFailure, SignedOut
from pages.i18n import Translator, pick
from pages.site import Handler, Site, Visit, read_form
from pages.views import (
    account,
    addresses,
    favourites,
    organisation,
    profile,
    public,
    returns,
    tokens,
)

log = logging.getLogger("gateway.pages")


def _wrap(site: Site, handler: Handler, signed_in: bool) -> Callable[[Request], object]:
    async def endpoint(request: Request) -> Response:
        storefront = await site.storefront(request.path_params["handle"])
        if storefront is None:
            return _not_found(site, request)
        https = is_https(request, site.settings)
        lang = pick(request.query_params.get("lang"))
        if request.method == "GET" and lang:
            kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
            target = request.url.path + (f"?{urlencode(kept)}" if kept else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(
                security.LANG_COOKIE,
                lang,
                max_age=365 * 24 * 3600,
                path="/",
                secure=https,
                httponly=True,
                samesite="lax",
            )
            return response
        csrf_name = security.csrf_cookie(https)
        seed = request.cookies.get(csrf_name)
        new_seed = seed is None or len(seed) < 32
        if new_seed:
            seed = security.new_csrf_seed()
        key = await site.csrf_key()
        visit = Visit(
            request=request,
            site=site,
            storefront=storefront,
            https=https,
            csrf_seed=seed,
            csrf=security.csrf_token(key, storefront.handle, seed),
            session=request.cookies.get(security.session_cookie(storefront.handle, https)),
        )
        if new_seed:
            visit.cookies.append((csrf_name, seed, None))
        if request.method == "POST":
            form = await read_form(request)
            own = {
                security.origin_of(str(request.base_url)),
                security.origin_of(site.settings.public_url),
                security.origin_of(storefront.account_url),
            }
            if (
                form is None
                or new_seed
                or not security.same_site_request(request, own)
                or not security.csrf_ok(key, storefront.handle, seed, form.get(security.CSRF_FIELD))
            ):
                return visit.render("refused.html", status=403)
            visit.form = form
        if signed_in and not visit.session:
            return visit.redirect("sign-in", next=request.url.path)
        try:
            return await handler(visit)
        except SignedOut:
            visit.sign_out()
            return visit.redirect("sign-in", done="signed-out-elsewhere", next=request.url.path)
        except ApiFailure as failure:
            codes = {(e.get("extensions") or {}).get("code") for e in failure.errors}
            if codes <= {"BAD_USER_INPUT", "INVALID"}:
                # Input the API refused before running (a page cursor someone edited in the
                # URL, a NUL character in a path or form): a client error, not ours.
                return visit.render("not_found.html", 400)
            log.error("account page %s: %s", request.url.path, failure)
            return visit.render("trouble.html", status=503 if failure.status >= 500 else 500)

    return endpoint


def _not_found(site: Site, request: Request) -> Response:
    lang = pick(request.cookies.get(security.LANG_COOKIE)) or "en"
    html = site.templates.get_template("no_shop.html").render(t=Translator(lang), lang=lang)
    return HTMLResponse(html, status_code=404, headers={"Cache-Control": "no-store"})


def account_pages(
    endpoint: GraphQLEndpoint, settings: Settings, pool: Callable[[], asyncpg.Pool]
) -> Mount:
    """Mount("/account"): static assets under /account/_static, pages under /account/<handle>/."""
    site = Site(endpoint, settings, pool)

    def page(path: str, handler: Handler, signed_in: bool = True) -> Route:
        return Route(path, _wrap(site, handler, signed_in), methods=["GET", "POST"])

    public_pages = [
        page("/sign-in", public.sign_in, signed_in=False),
        page("/sign-up", public.sign_up, signed_in=False),
        page("/confirm", public.confirm, signed_in=False),
        page("/reset-password", public.reset_password, signed_in=False),
        page("/sign-out", public.sign_out, signed_in=False),
        page("/accept-invitation", tokens.accept_invitation, signed_in=False),
        page("/order-status", tokens.order_status, signed_in=False),
        page("/shared-favourites", tokens.shared_favourites, signed_in=False),
    ]
    signed_in_pages = [
        page("/", account.dashboard),
        page("/orders", account.orders),
        page("/orders/{number}", account.order),
        page("/orders/{number}/invoices/{invoice_id}", account.invoice),
        page("/orders/{number}/again", account.order_again),
        page("/orders/{number}/return", returns.request_return),
        page("/addresses", addresses.address_book),
        page("/addresses/{address_id}", addresses.address),
        page("/profile", profile.profile),
        page("/profile/sessions", profile.sessions),
        page("/profile/export", profile.export),
        page("/favourites", favourites.favourites),
        page("/organisation", organisation.organisation),
    ]
    static = StaticFiles(directory=str(resources.files("pages") / "static"))
    return Mount(
        "/account",
        routes=[
            Mount("/_static", app=static, name="account_static"),
            Route("/{handle}", _slash, methods=["GET"]),
            Mount("/{handle}", routes=public_pages + signed_in_pages),
        ],
    )


async def _slash(request: Request) -> Response:
    return RedirectResponse(f"/account/{request.path_params['handle']}/", status_code=308)
