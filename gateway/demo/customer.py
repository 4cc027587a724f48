"""`gateway demo` seed step: a confirmed customer who can sign in with a password."""

from __future__ import annotations

from typing import TYPE_CHECKING

import asyncpg

from gateway.accounts.passwords import Passwords
from gateway.config import Settings
from gateway.db import identity as db

if TYPE_CHECKING:
    from gateway.demo.model import Demo

DEMO_EMAIL = "customer@demo.example"
DEMO_PASSWORD = "demo tea lover"
DEMO_NAME = "Dana Demo"


async def seed_demo_customer(pool: asyncpg.Pool, demo: Demo) -> None:
    passwords = Passwords(Settings.from_env())
    try:
        password_hash = await passwords.hash(DEMO_PASSWORD)
    finally:
        passwords.close()
    async with pool.acquire() as conn:
        contact = await db.insert_registered_contact(
            conn, demo.shop.shop_id, DEMO_EMAIL, DEMO_NAME, "en", password_hash, confirmed=True
        )
    if contact is not None:
        demo.sign_ins.append(f"{DEMO_EMAIL} / {DEMO_PASSWORD}")
