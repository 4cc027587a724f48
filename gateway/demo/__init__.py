"""`gateway demo`: a demo shop worth exploring.

Demo data is a client of the domain, like the CLI: every step below makes its data through the
same domain functions the API uses (numbers, statuses and outbox mails are real), and nothing in
the domain imports this package. One module per area; `SEED_STEPS` runs them in order.
"""

from __future__ import annotations

import json
from pathlib import Path

import asyncpg

from gateway.demo.account import seed_account
from gateway.demo.catalogue import DEMO_PRODUCTS, seed_catalogue
from gateway.demo.contacts import seed_contacts_and_orders
from gateway.demo.customer import seed_demo_customer
from gateway.demo.imported import seed_imported_contacts
from gateway.demo.model import Demo
from gateway.demo.organisation import seed_organisation
from gateway.demo.shipments import seed_shipments_and_returns
from gateway.tenancy.settings import StorefrontChanges, update_storefront
from gateway.tenancy.shops import CreatedShop, StorefrontKeys, create_shop

OLD_DEMO_ACCOUNT_URL = "http://localhost:3000/account"

# Later areas append their steps (contacts, orders, organisations, ...), in order.
SEED_STEPS = [
    seed_catalogue,
    seed_demo_customer,
    seed_contacts_and_orders,
    seed_account,
    seed_imported_contacts,
    seed_shipments_and_returns,
    seed_organisation,
]


async def create_demo(pool: asyncpg.Pool, server_key: bytes | None = None) -> Demo:
    shop = await create_shop(pool, "Demo tea shop", server_key=server_key)
    await update_storefront(pool, shop.shop_id, StorefrontChanges(accent_color="#1f6f50"))
    demo = Demo(shop, account_url=await _account_url(pool, shop.storefront_key))
    for step in SEED_STEPS:
        await step(pool, demo)
    return demo


async def _account_url(pool: asyncpg.Pool, storefront_key: str) -> str:
    storefront = await StorefrontKeys(pool).resolve(storefront_key)
    return storefront.account_url if storefront else ""


async def ensure_demo(pool: asyncpg.Pool, data_dir: Path, server_key: bytes | None = None) -> Demo:
    """Reuse the demo shop made earlier with this data directory, or make one.

    Keys are stored only as hashes in the database, so the demo's keys are kept in
    `<data dir>/demo.json` (a development convenience; never used in production).
    """
    saved = data_dir / "demo.json"
    if saved.is_file():
        data = json.loads(saved.read_text())
        shop = CreatedShop(**data["shop"])
        storefront = await StorefrontKeys(pool).resolve(shop.storefront_key)
        if storefront is not None:
            if storefront.own_account_url == OLD_DEMO_ACCOUNT_URL:  # made before hosted pages
                storefront = await update_storefront(
                    pool, shop.shop_id, StorefrontChanges(account_url="")
                )
            return Demo(shop, data.get("sign_ins", []), storefront.account_url)
    demo = await create_demo(pool, server_key)
    data_dir.mkdir(parents=True, exist_ok=True)
    saved.write_text(
        json.dumps(
            {
                "shop": {
                    "shop_id": str(demo.shop.shop_id),
                    "storefront_id": str(demo.shop.storefront_id),
                    "storefront_key": demo.shop.storefront_key,
                    "admin_key": demo.shop.admin_key,
                    "storefront_private_secret": demo.shop.storefront_private_secret,
                    "sso_secret": demo.shop.sso_secret,
                    "handle": demo.shop.handle,
                },
                "sign_ins": demo.sign_ins,
            }
        )
    )
    saved.chmod(0o600)
    return demo


__all__ = ["DEMO_PRODUCTS", "Demo", "create_demo", "ensure_demo"]
