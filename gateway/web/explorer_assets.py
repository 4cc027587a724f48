"""The GraphiQL explorer's files, served by the gateway itself (no CDN: works offline).

The vendored files in `gateway/static/explorer/vendor/` come from the npm registry at pinned
versions (`scripts/vendor-graphiql`, versions in `vendor/VERSIONS`); `explorer.js` and
`explorer.css` are ours. Each file is read once, with its SHA-384 for the page's `integrity`
attributes (Subresource Integrity) and a gzip copy for browsers that accept it. URLs carry a
short content hash, so answers are cached for a year (`immutable`) and a new file gets a new URL.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from starlette.requests import Request
from starlette.responses import Response

PREFIX = "/explorer/assets/"
FILES = {
    "react.production.min.js": "vendor/react.production.min.js",
    "react-dom.production.min.js": "vendor/react-dom.production.min.js",
    "graphiql.min.js": "vendor/graphiql.min.js",
    "graphiql.min.css": "vendor/graphiql.min.css",
    "explorer.js": "explorer.js",
    "explorer.css": "explorer.css",
}
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@dataclass(frozen=True)
class Asset:
    name: str
    body: bytes
    gzipped: bytes
    integrity: str  # "sha384-<base64>", as the page's integrity attribute wants it
    version: str  # the first hex digits of the SHA-256, in the URL

    @property
    def url(self) -> str:
        return f"{PREFIX}{self.version}/{self.name}"

    @property
    def media_type(self) -> str:
        return TYPES[self.name[self.name.rindex(".") :]]


def _load(name: str, path: str) -> Asset:
    body = (resources.files("gateway") / "static" / "explorer" / path).read_bytes()
    digest = base64.b64encode(hashlib.sha384(body).digest()).decode()
    return Asset(
        name=name,
        body=body,
        gzipped=gzip.compress(body, compresslevel=6, mtime=0),
        integrity=f"sha384-{digest}",
        version=hashlib.sha256(body).hexdigest()[:12],
    )


@cache
def assets() -> dict[str, Asset]:
    """Every explorer file by name, read and hashed once per process."""
    return {name: _load(name, path) for name, path in FILES.items()}


async def serve_asset(request: Request) -> Response:
    """GET /explorer/assets/<version>/<name>: the file, gzip when accepted, cached a year."""
    asset = assets().get(request.path_params["name"])
    if asset is None or request.path_params["version"] != asset.version:
        return Response("Not found", status_code=404, media_type="text/plain")
    headers = {
        "Cache-Control": "public, max-age=31536000, immutable",
        "ETag": f'"{asset.version}"',
        "X-Content-Type-Options": "nosniff",
        "Vary": "Accept-Encoding",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    if request.headers.get("if-none-match") == headers["ETag"]:
        return Response(status_code=304, headers=headers)
    body = asset.body
    if "gzip" in request.headers.get("accept-encoding", ""):
        body = asset.gzipped
        headers["Content-Encoding"] = "gzip"
    return Response(body, media_type=asset.media_type, headers=headers)
