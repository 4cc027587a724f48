"""The command line against a real database: shop create prints the three keys."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx

from tests.gql import data, storefront


async def test_shop_create_json(database_url: str, client: httpx.AsyncClient) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run(  # noqa: ASYNC221 - a short child process is the point of this test
        [sys.executable, "-m", "gateway.cli", "shop", "create", "--name", "CLI shop", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    created = json.loads(result.stdout)
    assert {"shopId", "storefrontKey", "adminKey", "handle"} <= created.keys()
    assert created["handle"] == "cli-shop"
    body = await storefront(
        client, created["storefrontKey"], "{ storefront { name handle accountUrl } }"
    )
    assert data(body)["storefront"] == {
        "name": "CLI shop",
        "handle": "cli-shop",
        "accountUrl": "http://127.0.0.1:8000/account/cli-shop",  # the hosted pages
    }


def test_schema_command_prints_sdl() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "schema"], capture_output=True, text=True, check=True
    )
    assert "type Query" in result.stdout
    assert "storefront: Storefront!" in result.stdout
