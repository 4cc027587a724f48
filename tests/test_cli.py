"""The command line against a real database: shop create prints the three keys."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx

from gateway.config import Settings
from tests.gql import data, storefront
from tests.sso.merchant import sso_token


async def test_shop_create_json(
    database_url: str, client: httpx.AsyncClient, settings: Settings
) -> None:
    assert settings.secret_key is not None
    env = {**os.environ, "DATABASE_URL": database_url, "GATEWAY_SECRET_KEY": settings.secret_key}
    result = subprocess.run(  # noqa: ASYNC221 - a short child process is the point of this test
        [sys.executable, "-m", "gateway.cli", "shop", "create", "--name", "CLI shop", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    created = json.loads(result.stdout)
    assert {"shopId", "storefrontKey", "adminKey"} <= created.keys()
    body = await storefront(client, created["storefrontKey"], "{ storefront { name } }")
    assert data(body)["storefront"]["name"] == "CLI shop"
    # The SSO secret it prints signs tokens this gateway (same server key) accepts.
    token = sso_token(created["ssoSecret"], "cli@example.com")
    query = "mutation($t: String!) { signInWithSso(token: $t) { errors { code } } }"
    body = await storefront(client, created["storefrontKey"], query, {"t": token})
    assert data(body)["signInWithSso"]["errors"] == []


def test_schema_command_prints_sdl() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "schema"], capture_output=True, text=True, check=True
    )
    assert "type Query" in result.stdout
    assert "storefront: Storefront!" in result.stdout
