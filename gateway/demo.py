"""`gateway demo`: a demo shop worth exploring. Each area adds its own seed step below."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import asyncpg

from gateway.account_demo import seed_account
from gateway.accounts.demo_customer import seed_demo_customer
from gateway.b2b_demo import seed_organisation
from gateway.catalogue.products import upsert_product
from gateway.contacts.demo import seed_contacts_and_orders
from gateway.contacts.import_demo import seed_imported_contacts
from gateway.shipments.demo import seed_shipments_and_returns
from gateway.tenancy.settings import StorefrontChanges, update_storefront
from gateway.tenancy.shops import CreatedShop, StorefrontKeys, create_shop

OLD_DEMO_ACCOUNT_URL = "http://localhost:3000/account"

DEMO_PRODUCTS = [
    ("TEA-EARL-GREY", "Earl Grey tea, 100 g", "6.95"),
    ("TEA-SENCHA", "Japanese sencha, 100 g", "9.50"),
    ("MUG-STONE", "Stoneware mug", "14.00"),
    ("POT-CAST-IRON", "Cast-iron teapot, 0.8 l", "49.95"),
    ("FILTER-PAPER-100", "Paper tea filters, 100 pieces", "3.25"),
    ("GIFT-BOX", "Gift box with three teas", "24.50"),
]


@dataclass
class Demo:
    shop: CreatedShop
    sign_ins: list[str] = field(default_factory=list)
    account_url: str = ""  # the hosted account pages of the demo storefront
    notes: list[str] = field(default_factory=list)  # other lines worth printing once

    @property
    def storefront_key(self) -> str:
        return self.shop.storefront_key

    def describe(self) -> str:
        lines = [
            "Demo shop ready.",
            f"  shop id:         {self.shop.shop_id}",
            f"  storefront key:  {self.shop.storefront_key}   (header X-Storefront-Key)",
            f"  admin key:       {self.shop.admin_key}",
            "                   (Authorization: Bearer <admin key> on /admin/graphql)",
        ]
        if self.shop.sso_secret:
            lines.append(f"  SSO secret:      {self.shop.sso_secret}   (signInWithSso, see README)")
        if self.account_url:
            lines.append(f"  account pages:   {self.account_url}/")
        lines += [f"  sign in:         {s}" for s in self.sign_ins]
        lines += [f"  {note}" for note in self.notes]
        return "\n".join(lines)


async def seed_catalogue(pool: asyncpg.Pool, demo: Demo) -> None:
    for sku, name, price in DEMO_PRODUCTS:
        await upsert_product(pool, demo.shop.shop_id, sku, name, Decimal(price), None)


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
