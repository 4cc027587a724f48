"""The GraphiQL page and its files: everything from the gateway itself, integrity hashes that
match what is served, a strict CSP, long-lived caching of versioned files; `GET /` points to the
explorers and the schema."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from importlib import resources

import httpx

from gateway.web.explorer_assets import assets


async def _page(client: httpx.AsyncClient, path: str = "/graphql") -> httpx.Response:
    response = await client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    return response


async def test_every_file_is_local_and_matches_its_integrity_hash(
    client: httpx.AsyncClient,
) -> None:
    page = (await _page(client)).text
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # nothing from elsewhere
    tags = re.findall(r'(?:src|href)="(/explorer/assets/[^"]+)" integrity="(sha384-[^"]+)"', page)
    assert len(tags) == 6
    for url, integrity in tags:
        served = await client.get(url, headers={"Accept-Encoding": "identity"})
        assert served.status_code == 200
        digest = base64.b64encode(hashlib.sha384(served.content).digest()).decode()
        assert integrity == f"sha384-{digest}", url
        assert served.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert served.headers["x-content-type-options"] == "nosniff"


async def test_files_are_gzipped_when_accepted_and_versioned(client: httpx.AsyncClient) -> None:
    asset = assets()["graphiql.min.js"]
    zipped = await client.get(asset.url, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == asset.body  # httpx decodes; the bytes are the same file
    assert len(asset.gzipped) < len(asset.body) / 3
    assert gzip.decompress(asset.gzipped) == asset.body
    stale = await client.get(asset.url.replace(asset.version, "0" * 12))
    assert stale.status_code == 404
    assert (await client.get("/explorer/assets/x/../../app.py")).status_code == 404
    unchanged = await client.get(asset.url, headers={"If-None-Match": f'"{asset.version}"'})
    assert unchanged.status_code == 304


async def test_the_page_has_a_strict_policy_and_no_inline_script(
    client: httpx.AsyncClient,
) -> None:
    response = await _page(client)
    policy = response.headers["content-security-policy"]
    for directive in ("default-src 'none'", "script-src 'self'", "style-src 'self'",
                      "connect-src 'self'", "frame-ancestors 'none'"):  # fmt: skip
        assert directive in policy
    assert "unsafe" not in policy and "http" not in policy
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", response.text, re.S)
    for attributes, body in scripts:
        assert "src=" in attributes or 'type="application/json"' in attributes
        if body.strip():
            json.loads(body)  # data, never code
    assert response.headers["cache-control"] == "no-store"


async def test_vendored_versions_are_pinned() -> None:
    versions = (
        resources.files("gateway") / "static" / "explorer" / "vendor" / "VERSIONS"
    ).read_text()
    assert "graphiql 3.8.3" in versions and "react 18.3.1" in versions
    script = (resources.files("gateway").parent / "scripts" / "vendor-graphiql").read_text()
    assert "GRAPHIQL=3.8.3" in script and "REACT=18.3.1" in script


async def test_the_admin_explorer_never_takes_a_key_from_the_url(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/admin/graphql?key=leaked", headers={"Accept": "text/html"})
    config = json.loads(re.search(r'id="explorer-config">(.*?)</script>', page.text, re.S)[1])  # type: ignore[index]
    assert config["admin"] is True and config["endpoint"] == "/admin/graphql"
    assert "leaked" not in page.text
    script = assets()["explorer.js"].body.decode()
    assert 'config.admin\n    ? { Authorization: "Bearer paste your admin key here" }' in script


async def test_home_page_points_to_the_explorers_schema_and_mailbox(
    client: httpx.AsyncClient,
) -> None:
    home = await client.get("/")
    assert home.status_code == 200
    for href in ("/graphql", "/admin/graphql", "/schema.graphql", "/dev/mailbox"):
        assert f'href="{href}"' in home.text
    assert "script" not in home.text
    sdl = await client.get("/schema.graphql")
    assert sdl.status_code == 200 and "type Query" in sdl.text and "viewer: Contact" in sdl.text
    admin_sdl = await client.get("/admin/schema.graphql")
    assert "contactErase(id: ID!): ContactErasePayload!" in admin_sdl.text
