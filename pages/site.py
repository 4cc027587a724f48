"""One page visit: the storefront its handle names, cookies, CSRF, language, rendering."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import asyncpg
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from gateway.config import Settings
from gateway.db import shops as shops_db
from gateway.db.shops import Storefront
from gateway.web.endpoint import GraphQLEndpoint
from pages import operations as ops
from pages import security
from pages.client import Api
from pages.i18n import Translator, pick
from pages.labels import countries, country_name, device_name

MAX_FORM_BYTES = 64 * 1024
CSP = (
    "default-src 'none'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
_HEADERS = {
    "Content-Security-Policy": CSP,
    # Page URLs carry mailed tokens: never sent to other sites. (no-referrer would also make
    # chromium send `Origin: null` on our own form posts.)
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


class Site:
    """What every visit shares: settings, the endpoint, templates, the CSRF key, handles."""

    def __init__(
        self, endpoint: GraphQLEndpoint, settings: Settings, pool: Callable[[], asyncpg.Pool]
    ) -> None:
        self.endpoint = endpoint
        self.settings = settings
        self.pool = pool
        self.templates = Environment(
            loader=PackageLoader("pages", "templates"),
            autoescape=select_autoescape(default=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.templates.filters["email"] = breakable_email
        self._csrf_key: bytes | None = None
        self._handles: dict[str, tuple[float, Storefront | None]] = {}

    def has_field(self, type_name: str, field_name: str) -> bool:
        """Whether the storefront schema offers a field (parts built by others may be absent)."""
        named = self.endpoint.documents.schema.get_type(type_name)
        return named is not None and field_name in getattr(named, "fields", {})

    @property
    def order_extra(self) -> str:
        """Order fields built after the pages (shipments, returns) when this schema has them."""
        parts = [ops.SHIPMENTS] if self.has_field("Order", "shipments") else []
        if self.has_field("Order", "returns"):
            parts.append(ops.RETURNS)
        return " ".join(parts)

    async def csrf_key(self) -> bytes:
        if self._csrf_key is None:
            async with self.pool().acquire() as conn:
                self._csrf_key = await shops_db.secret(conn, "account_pages_csrf")
        return self._csrf_key

    async def storefront(self, handle: str) -> Storefront | None:
        """The storefront by handle, cached for two seconds (like storefront keys)."""
        now = time.monotonic()
        hit = self._handles.get(handle)
        if hit is not None and hit[0] > now:
            return hit[1]
        found = None
        if security_handle(handle):
            async with self.pool().acquire() as conn:
                found = await shops_db.storefront_by_handle(conn, handle)
        if len(self._handles) > 10_000:
            self._handles.clear()
        self._handles[handle] = (now + 2.0, found)
        return found


def security_handle(handle: str) -> bool:
    return 0 < len(handle) <= 40 and handle.replace("-", "").isalnum() and handle.isascii()


@dataclass
class Visit:
    request: Request
    site: Site
    storefront: Storefront
    https: bool
    csrf_seed: str
    csrf: str
    session: str | None
    form: dict[str, str] = field(default_factory=dict)
    locale: str | None = None  # the signed-in contact's, once a page read it
    cookies: list[tuple[str, str | None, int | None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.request.state.account_storefront = self.storefront
        self.request.state.account_session = self.session
        self.api = Api(self.site.endpoint, self.request)

    @property
    def base(self) -> str:
        return f"/account/{self.storefront.handle}"

    @property
    def lang(self) -> str:
        chosen = pick(self.request.cookies.get(security.LANG_COOKIE))
        return chosen or pick(self.locale) or pick(self.storefront.default_locale) or "en"

    @property
    def t(self) -> Translator:
        return Translator(self.lang)

    def url(self, path: str = "", **query: Any) -> str:
        kept = {k: v for k, v in query.items() if v not in (None, "")}
        return f"{self.base}/{path}" + (f"?{urlencode(kept)}" if kept else "")

    def lang_url(self, lang: str) -> str:
        """This page in another language (the query, e.g. a token, is kept)."""
        kept = [(k, v) for k, v in self.request.query_params.multi_items() if k != "lang"]
        return f"{self.request.url.path}?{urlencode([*kept, ('lang', lang)])}"

    def countries(self) -> list[tuple[str, str]]:
        return countries(self.lang)

    def country(self, code: str | None) -> str:
        return country_name(code, self.lang)

    def device(self, user_agent: str | None) -> str:
        return device_name(user_agent) or self.t("sessions.unknown-device")

    def field(self, name: str) -> str:
        return self.form.get(name, "").strip()

    def render(self, template: str, status: int = 200, **context: Any) -> Response:
        sf = self.storefront
        html = self.site.templates.get_template(template).render(
            v=self,
            t=self.t,
            lang=self.lang,
            shop={
                "name": sf.name,
                "logo_url": sf.logo_url,
                "accent": sf.accent_color or "#2b5f8a",
                "on_accent": on_colour(sf.accent_color or "#2b5f8a"),
                "link": link_colour(sf.accent_color or "#2b5f8a"),
                "shop_url": sf.shop_url,
            },
            message=_message(self.request.query_params.get("done")),
            **context,
        )
        retry_after = self.api.retry_after
        if status == 400 and retry_after:
            # The form was refused by a rate limit (too many sign-ins, a full hashing queue):
            # 429 with the API's Retry-After, as the API itself answers.
            return self.finish(
                HTMLResponse(html, status_code=429, headers={"Retry-After": retry_after})
            )
        return self.finish(HTMLResponse(html, status_code=status))

    def redirect(self, path: str, done: str | None = None, **query: Any) -> Response:
        return self.finish(RedirectResponse(self.url(path, done=done, **query), status_code=303))

    def sign_in(self, session: dict[str, Any] | None) -> None:
        if session:
            self.session = session["token"]
            self.cookies.append(
                (
                    security.session_cookie(self.storefront.handle, self.https),
                    session["token"],
                    30 * 24 * 3600,
                )
            )

    def sign_out(self) -> None:
        self.session = None
        self.cookies.append((security.session_cookie(self.storefront.handle, self.https), None, 0))

    def finish(self, response: Response) -> Response:
        for name, value in _HEADERS.items():
            response.headers.setdefault(name, value)
        for name, value, max_age in self.cookies:
            if value is None:
                response.delete_cookie(
                    name, path="/", secure=self.https, httponly=True, samesite="lax"
                )
            else:
                response.set_cookie(
                    name,
                    value,
                    max_age=max_age,
                    path="/",
                    secure=self.https,
                    httponly=True,
                    samesite="lax",
                )
        return response


def breakable_email(address: str | None) -> Markup:
    """An e-mail address that may wrap after its @ in a narrow column (escaped)."""
    return escape(address or "").replace("@", Markup("@<wbr>"))


def _message(key: str | None) -> str | None:
    """A done-message key from the redirect (only our own keys: [a-z-])."""
    if key and len(key) <= 40 and key.replace("-", "").isalpha():
        return f"done.{key}"
    return None


def _luminance(hex_colour: str) -> float:
    def channel(c: str) -> float:
        v = int(c, 16) / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(hex_colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def on_colour(hex_colour: str) -> str:
    """White or near-black text on the accent, whichever contrasts more."""
    return max(("#ffffff", "#111111"), key=lambda text: contrast(hex_colour, text))


def link_colour(hex_colour: str) -> str:
    """The accent for links and marks on white when it reads well enough (4.5:1), else blue."""
    return hex_colour if contrast(hex_colour, "#ffffff") >= 4.5 else "#1d4f91"


async def read_form(request: Request) -> dict[str, str] | None:
    """An urlencoded form body (no files); None when too large or not a form."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return None
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        return None
    return {k: v for k, v in pairs if len(k) < 100}


Handler = Callable[[Visit], Awaitable[Response]]
