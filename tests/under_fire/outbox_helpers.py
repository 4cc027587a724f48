"""Shared by the mail tests under fire: queue mails in the outbox, make a sender."""

from __future__ import annotations

import asyncio

import asyncpg

from gateway.mail.outbox import account_link, enqueue
from gateway.mail.sender import MailSender
from gateway.tenancy.shops import CreatedShop
from tests.conftest import make_settings


async def queue(pool: asyncpg.Pool, shop: CreatedShop, count: int, prefix: str = "person") -> None:
    async with pool.acquire() as conn:
        for i in range(count):
            await enqueue(
                conn,
                shop_id=shop.shop_id,
                to=f"{prefix}{i}@example.com",
                template="sign-in-link",
                locale="en",
                params={
                    "name": f"Person {i}",
                    "shop": "Test shop",
                    "link": account_link("https://shop.example/account", "sign-in", f"t{i}" * 20),
                    "days": "14",
                },
            )


def sender(smtp_url: str, pool: asyncpg.Pool, **settings: object) -> MailSender:
    return MailSender(
        pool,
        make_settings(smtp_url=smtp_url, **settings),
        asyncio.Event(),
        batch_size=50,
    )
