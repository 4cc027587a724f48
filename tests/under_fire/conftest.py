"""Under fire (issue 14): factories, and real `gateway serve` processes on the test database."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.tenancy.shops import CreatedShop
from tests.gql import admin, data
from tests.served_gateway import ServedGateway

PASSWORD = "correct horse battery staple"
CONTACT_CREATE = """mutation Create($input: ContactCreateInput!) {
  contactCreate(input: $input) { contact { id } errors { code message } }
}"""
LOGIN = """mutation Login($email: String!, $password: String!, $cookie: Boolean! = false) {
  login(email: $email, password: $password, cookie: $cookie) {
    session { token } errors { code field message }
  }
}"""

# Fast hashing and no stray work for the served processes (like tests/conftest.py's settings).
SERVED_ENV = {
    "GATEWAY_ENV": "test",
    "ARGON2_TIME_COST": "1",
    "ARGON2_MEMORY_COST_KIB": "1024",
    "GATEWAY_COOKIE_SECURE": "false",
    "GATEWAY_SECRET_KEY": "test-server-key-kept-outside-the-database",
    "GATEWAY_MAIL_SENDER": "false",
    "GATEWAY_LOG_FORMAT": "json",
}


async def create_customer(
    client: httpx.AsyncClient, shop: CreatedShop, email: str, password: str = PASSWORD
) -> str:
    """A confirmed contact with a password, made through the admin API; returns its id."""
    variables = {
        "input": {
            "email": email,
            "fullName": "Ann Example",
            "password": password,
            "emailConfirmed": True,
        }
    }
    created = data(await admin(client, shop.admin_key, CONTACT_CREATE, variables))
    assert created["contactCreate"]["errors"] == [], created
    return str(created["contactCreate"]["contact"]["id"])


@pytest.fixture
def serve_gateway(database_url: str, tmp_path: Path) -> Iterator[Callable[..., ServedGateway]]:
    """Start `gateway serve` processes on this run's test database (env overrides as kwargs);
    each is stopped after the test. `application_name` tells their database backends apart."""
    started: list[ServedGateway] = []

    def start(**env: Any) -> ServedGateway:
        n = len(started)
        environment = {
            **SERVED_ENV,
            "DATABASE_URL": database_url,
            "DB_APPLICATION_NAME": f"gateway-test-{uuid.uuid4().hex[:8]}",
            **{k: str(v) for k, v in env.items()},
        }
        gateway = ServedGateway(
            tmp_path / f"data-{n}", tmp_path / f"gateway-{n}.log", **environment
        )
        gateway.application_name = environment["DB_APPLICATION_NAME"]  # type: ignore[attr-defined]
        started.append(gateway)
        return gateway.wait_ready()

    try:
        yield start
    finally:
        for gateway in started:
            if gateway.process.poll() is None:
                gateway.stop()
