"""The per-IP failed-password counter, with a small threshold to keep the test short."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import codes, confirmed_customer, login
from tests.accounts.test_throttling import buyer
from tests.conftest import make_settings
from tests.smtp import SmtpServer


@pytest.fixture
def settings(smtp_server: SmtpServer) -> Any:
    return make_settings(
        smtp_url=smtp_server.url,
        mail_sender_enabled=True,
        login_failures_per_ip=8,
        mail_poll_seconds=0.5,
    )


async def test_failures_per_ip_across_addresses(
    client: httpx.AsyncClient, shop: CreatedShop, smtp_server: SmtpServer
) -> None:
    await confirmed_customer(client, shop, smtp_server, "real@example.com")
    sprayer = buyer(shop, "198.51.100.77")
    for i in range(8):
        failed = await login(client, shop, f"user{i}@example.com", "Summer2024!", headers=sprayer)
        assert codes(failed) == ["INVALID_CREDENTIALS"]
    assert codes(await login(client, shop, "real@example.com", headers=sprayer)) == ["RATE_LIMITED"]
    assert (await login(client, shop, "real@example.com"))["errors"] == []
