"""A real OpenID provider on loopback (oidc-provider-mock: Flask + authlib's server parts),
started by the tests, and a browser that follows redirects between it and the gateway."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from oidc_provider_mock import run_server_in_thread

from gateway.tenancy.shops import CreatedShop
from tests.gql import admin, data

SET_PROVIDER = """mutation($input: OpenIdProviderInput!) {
  openIdProviderSet(input: $input) {
    provider { id name issuer clientId startUrl } redirectUri errors { code field message }
  }
}"""


@pytest.fixture(scope="session")
def provider_url() -> Iterator[str]:
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@dataclass
class Browser:
    http: httpx.AsyncClient
    provider_url: str

    async def sign_in(self, start_url: str, sub: str) -> httpx.URL:
        """Click the storefront's button, pick the provider account, land on the storefront."""
        form = await self.http.get(start_url)
        assert form.status_code == 200 and str(form.url).startswith(self.provider_url), form.text
        landed = await self.http.post(str(form.url), data={"sub": sub})
        assert landed.status_code == 200, landed.text
        return landed.url


@pytest.fixture
async def browser(app: Any, provider_url: str) -> AsyncIterator[Browser]:
    def storefront_page(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="the storefront's sign-in page")

    mounts = {
        "http://gateway.test": httpx.ASGITransport(app=app, client=("198.51.100.4", 40000)),
        "https://shop.example": httpx.MockTransport(storefront_page),
    }
    async with httpx.AsyncClient(mounts=mounts, follow_redirects=True) as http:
        yield Browser(http, provider_url)


async def set_user(provider_url: str, sub: str, claims: dict[str, Any]) -> None:
    """The provider's account `sub` and what its ID tokens say."""
    async with httpx.AsyncClient() as http:
        response = await http.put(f"{provider_url}/users/{sub}", json=claims)
    assert response.status_code == 204, response.text


async def configure(
    client: httpx.AsyncClient, shop: CreatedShop, provider_url: str, name: str = "local"
) -> dict[str, Any]:
    variables = {
        "input": {
            "name": name,
            "issuer": provider_url,
            "clientId": "gateway-test-client",
            "clientSecret": "gateway-test-secret",
        }
    }
    payload = data(await admin(client, shop.admin_key, SET_PROVIDER, variables))[
        "openIdProviderSet"
    ]
    assert payload["errors"] == [], payload
    return payload


def query_of(url: httpx.URL | str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(str(url)).query).items()}


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
