"""The scale-out shape: two gateway replicas reach PostgreSQL through pgbouncer in transaction
pooling mode (DATABASE_POOLER=transaction). They migrate at once (a transaction-level advisory
lock), a shop is made with the CLI, and a storefront story runs across both: sign up, confirm by
a real mail, sign in, checkout, the dashboard. Row-level security rides in every transaction."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import asyncpg
import httpx
import pytest

from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import CONFIRM, PASSWORD, REGISTER, call, login
from tests.checkout.factories import complete, new_checkout, set_contact
from tests.flows.steps import ORDERS
from tests.gql import admin, data
from tests.served_gateway import ServedGateway
from tests.smtp import SmtpServer, smtp_server
from tests.under_fire.pgbouncer import Bouncer, start_bouncer

__all__ = ["smtp_server"]

PUBLIC_URL = "https://gateway.example"
IMPORT = """mutation($csv: String!) { contactsImport(csv: $csv) {
  result { created unchanged failed } errors { code message } } }"""
PRODUCT = """mutation { productUpsert(input: {sku: "TEA", name: "Earl Grey tea", price: "6.95"}) {
  errors { code message } } }"""


@pytest.fixture
async def bouncer(database_server_url: str) -> AsyncIterator[Bouncer]:
    async for running in start_bouncer(database_server_url):
        yield running


def _environment(bouncer: Bouncer, smtp: SmtpServer, data_dir: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": bouncer.url,
        "DATABASE_POOLER": "transaction",
        "SMTP_URL": smtp.url,
        "MAIL_POLL_SECONDS": "1",
        "GATEWAY_PUBLIC_URL": PUBLIC_URL,
        "GATEWAY_DATA_DIR": str(data_dir),
        "GATEWAY_SECRET_KEY": "replicas-share-this-server-key-0123456789",
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_COST_KIB": "1024",
        "DB_POOL_MAX": "4",
    }


def _shop_create(environment: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 - our own CLI, fixed arguments
        [
            *(sys.executable, "-m", "gateway.cli", "shop", "create", "--name", "Bouncer tea"),
            "--json",
        ],
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


async def test_two_replicas_through_pgbouncer_in_transaction_pooling_serve_a_story(
    bouncer: Bouncer, smtp_server: SmtpServer
) -> None:
    root = Path(tempfile.mkdtemp(prefix="gateway-pgb-replicas-"))
    environment = _environment(bouncer, smtp_server, root / "data")
    served = {k: v for k, v in environment.items() if k != "GATEWAY_DATA_DIR"}
    replicas = [ServedGateway(root / "data", root / f"replica-{i}.log", **served) for i in (0, 1)]
    try:
        # Both start (and migrate) at once; the advisory lock lets one migrate.
        await asyncio.gather(*(asyncio.to_thread(r.wait_ready) for r in replicas))
        created = await asyncio.to_thread(_shop_create, environment)
        shop = cast(
            CreatedShop, SimpleNamespace(storefront_key=created["storefrontKey"], shop_id=None)
        )
        async with (
            httpx.AsyncClient(base_url=replicas[0].url, timeout=30) as a,
            httpx.AsyncClient(base_url=replicas[1].url, timeout=30) as b,
        ):
            await _story(a, b, shop, created["adminKey"], smtp_server)
    finally:
        for replica in replicas:
            if replica.process.poll() is None:
                replica.stop()
        logs = [replica.output() for replica in replicas]
        shutil.rmtree(root, ignore_errors=True)
    for log in logs:
        assert "Traceback" not in log, log
    # Everything went through pgbouncer: the database has the shop, with its RLS.
    conn = await asyncpg.connect(bouncer.direct_url)
    try:
        assert await conn.fetchval("select count(*) from shops") == 1
        assert await conn.fetchval("select count(*) from orders") == 1
        sent = await conn.fetchval("select count(*) from mail_outbox where sent_at is not null")
        assert sent == len(smtp_server.mails)  # each mail once, though two senders ran
    finally:
        await conn.close()


async def _story(
    a: httpx.AsyncClient, b: httpx.AsyncClient, shop: CreatedShop, admin_key: str, smtp: SmtpServer
) -> None:
    assert data(await admin(b, admin_key, PRODUCT))["productUpsert"]["errors"] == []
    email = "story@example.com"

    registered = await call(
        a, shop, REGISTER, {"input": {"email": email, "password": PASSWORD, "fullName": "Sto Ry"}}
    )
    assert registered["errors"] == []
    mail = await smtp.mail_to(email, "onfirm", within=20)
    # No accountUrl of its own: the hosted pages, under GATEWAY_PUBLIC_URL.
    assert mail.links[0].startswith(f"{PUBLIC_URL}/account/bouncer-tea/confirm?token=")
    confirmed = await call(b, shop, CONFIRM, {"token": mail.token("confirm")})
    assert confirmed["errors"] == []

    signed_in = await login(a, shop, email)
    assert signed_in["errors"] == []
    token = signed_in["session"]["token"]

    checkout = await new_checkout(b, shop, token=token)
    contact = await set_contact(b, shop, checkout["id"], email=email)
    assert contact["errors"] == []
    placed = await complete(a, shop, checkout["id"], token=token)
    assert placed["errors"] == []
    number = placed["order"]["number"]
    await smtp.mail_to(email, number, within=20)

    # The import's temporary tables through transaction pooling (one transaction there).
    csv = "email,full_name\n" + "".join(f"imported{i}@example.com,Person {i}\n" for i in range(5))
    first = data(await admin(a, admin_key, IMPORT, {"csv": csv}))["contactsImport"]
    again = data(await admin(b, admin_key, IMPORT, {"csv": csv}))["contactsImport"]
    assert first["result"] == {"created": 5, "unchanged": 0, "failed": 0}, first
    assert again["result"] == {"created": 0, "unchanged": 5, "failed": 0}, again

    for replica in (a, b):
        viewer = await call(replica, shop, ORDERS, token=token)
        assert viewer["email"] == email and viewer["emailConfirmed"] is True
        assert [e["node"]["number"] for e in viewer["orders"]["edges"]] == [number]
