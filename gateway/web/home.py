"""`GET /`: a small page that points a developer to the explorers, the schema and the mailbox."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from gateway.config import Settings

HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'",
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
}


def _links(settings: Settings) -> list[tuple[str, str, str]]:
    links: list[tuple[str, str, str]] = []
    if settings.graphiql:
        links += [
            ("/graphql", "Storefront API explorer (GraphiQL)",
             "add ?key=&lt;storefront key&gt; (printed by make serve) to send it for you"),
            ("/admin/graphql", "Admin API explorer (GraphiQL)",
             "paste the admin key into the Headers tab; it never goes in a URL"),
        ]  # fmt: skip
    if settings.introspection:
        links += [
            ("/schema.graphql", "Storefront schema (SDL)", "the documented types and fields"),
            ("/admin/schema.graphql", "Admin schema (SDL)", "the merchant's API"),
        ]
    if not settings.production:
        links.append(("/dev/mailbox", "Dev mailbox", "mails kept when no SMTP server is set"))
    links.append(("/healthz", "Health", "200 while the process lives; /readyz checks the database"))
    return links


def home_page(settings: Settings) -> Callable[[Request], Awaitable[Response]]:
    items = "\n".join(
        f'    <li><a href="{href}">{title}</a>: {note}</li>'
        for href, title, note in _links(settings)
    )
    page = f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Account gateway</title></head>
<body>
  <h1>Account gateway</h1>
  <p>One GraphQL API for everything customers do in "My account". Storefronts send
  <code>POST /graphql</code> with <code>X-Storefront-Key</code>; merchants' systems send
  <code>POST /admin/graphql</code> with <code>Authorization: Bearer &lt;admin key&gt;</code>.
  The README in the repository describes every operation and setting.</p>
  <ul>
{items}
  </ul>
</body>
</html>
"""

    async def home(_: Request) -> Response:
        return HTMLResponse(page, headers=HEADERS)

    return home
