"""Demo step: the tea shop's products."""

from __future__ import annotations

from decimal import Decimal

import asyncpg

from gateway.catalogue.products import upsert_product
from gateway.demo.model import Demo

DEMO_PRODUCTS = [
    ("TEA-EARL-GREY", "Earl Grey tea, 100 g", "6.95"),
    ("TEA-SENCHA", "Japanese sencha, 100 g", "9.50"),
    ("MUG-STONE", "Stoneware mug", "14.00"),
    ("POT-CAST-IRON", "Cast-iron teapot, 0.8 l", "49.95"),
    ("FILTER-PAPER-100", "Paper tea filters, 100 pieces", "3.25"),
    ("GIFT-BOX", "Gift box with three teas", "24.50"),
]


async def seed_catalogue(pool: asyncpg.Pool, demo: Demo) -> None:
    for sku, name, price in DEMO_PRODUCTS:
        await upsert_product(pool, demo.shop.shop_id, sku, name, Decimal(price), None)
