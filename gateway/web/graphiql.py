"""The GraphiQL page: every file from the gateway itself, integrity hashes, a strict CSP.

The page holds no inline script: its settings (endpoint, example operations) travel in a
`<script type="application/json">` data block, which browsers never execute, and
`explorer.js` (served by the gateway, hashed like the rest) reads them. The Content-Security-
Policy therefore allows scripts, styles and requests only from the gateway itself; fonts and
icons that GraphiQL's CSS embeds are `data:` URLs.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from gateway.web.examples import Example
from gateway.web.explorer_assets import assets

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
SCRIPTS = ("react.production.min.js", "react-dom.production.min.js", "graphiql.min.js")
STYLES = ("graphiql.min.css", "explorer.css")


@dataclass(frozen=True)
class ExplorerPage:
    html: str
    headers: dict[str, str]


def _script_data(value: object) -> str:
    """JSON that cannot end the <script> data block it sits in."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def graphiql_page(*, admin: bool, endpoint: str, examples: list[Example]) -> ExplorerPage:
    """The explorer for the storefront API (`admin=False`) or the admin API."""
    files = assets()
    tags = [
        f'<link rel="stylesheet" href="{files[n].url}" integrity="{files[n].integrity}">'
        for n in STYLES
    ]
    tags += [
        f'<script src="{files[n].url}" integrity="{files[n].integrity}" defer></script>'
        for n in (*SCRIPTS, "explorer.js")
    ]
    config = {
        "admin": admin,
        "endpoint": endpoint,
        "tabs": [e.as_tab() for e in examples],
    }
    title = "admin API" if admin else "storefront API"
    page = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Account gateway: GraphiQL ({html.escape(title)})</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  {chr(10).join("  " + t if i else t for i, t in enumerate(tags))}
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script type="application/json" id="explorer-config">{_script_data(config)}</script>
</body>
</html>
"""
    return ExplorerPage(page, dict(PAGE_HEADERS))
