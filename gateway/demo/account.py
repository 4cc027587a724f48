"""`gateway demo`, account step: the demo customer's addresses, orders, invoices, favourites
and customer group, for the demo customer (made here if an earlier step did not)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

import asyncpg
from argon2 import PasswordHasher

from gateway.db import account_orders as orders_db
from gateway.db import b2b as b2b_db
from gateway.demo.customer import DEMO_EMAIL, DEMO_PASSWORD
from gateway.favourites.favourites import add_favourite
from gateway.invoices.issue import create_invoice
from gateway.orders.numbers import next_order_number
from gateway.organisations.b2b import create_customer_group
from gateway.profile.addresses import AddressValues, create_address
from gateway.shipments.record import ShipmentRequest, create_shipment

if TYPE_CHECKING:
    from gateway.demo.model import Demo

HOME = {"name": "Demo Customer", "street": "Theestraat 12", "postalCode": "1012 AB",
        "city": "Amsterdam", "country": "NL"}  # fmt: skip
ADDRESSES = [
    AddressValues("Demo Customer", "Theestraat 12", "1012 AB", "Amsterdam", "NL"),
    AddressValues("Demo Customer", "Kantoorlaan 3", "3511 AL", "Utrecht", "NL"),
    # Hong Kong has no postal codes; its area (Kowloon) comes from the address dataset.
    AddressValues("Demo Customer", "Flat 5A, 12 Nathan Road", "", "Tsim Sha Tsui", "HK", "Kowloon"),
]
ORDERS = [
    ("DEMO-1001", 60, [("TEA-EARL-GREY", "Earl Grey tea, 100 g", 2, "6.95"),
                       ("MUG-STONE", "Stoneware mug", 2, "14.00")],
     {"payment_status": "PAID", "fulfilment_status": "DELIVERED"}),
    ("DEMO-1002", 12, [("POT-CAST-IRON", "Cast-iron teapot, 0.8 l", 1, "49.95"),
                       ("FILTER-PAPER-100", "Paper tea filters, 100 pieces", 3, "3.25")],
     {"payment_status": "PAID", "fulfilment_status": "SHIPPED",
      "tracking_url": "https://tracking.example/3SDEMO1002"}),
    ("DEMO-1003", 1, [("GIFT-BOX", "Gift box with three teas", 1, "24.50")],
     {"payment_status": "PENDING", "fulfilment_status": "UNFULFILLED"}),
]  # fmt: skip


async def _demo_contact(pool: asyncpg.Pool, demo: Demo) -> UUID:
    shop_id = demo.shop.shop_id
    async with pool.acquire() as conn:
        contact_id = await orders_db.registered_contact_id(conn, shop_id, DEMO_EMAIL)
        if contact_id is None:
            password_hash = await asyncio.to_thread(PasswordHasher().hash, DEMO_PASSWORD)
            contact_id = await orders_db.insert_demo_contact(
                conn, shop_id, DEMO_EMAIL, "Demo Customer", password_hash
            )
            demo.sign_ins.append(f"{DEMO_EMAIL} / {DEMO_PASSWORD}")
    return contact_id


async def seed_account(pool: asyncpg.Pool, demo: Demo) -> None:
    shop_id = demo.shop.shop_id
    contact_id = await _demo_contact(pool, demo)
    for values in ADDRESSES:
        await create_address(pool, shop_id, contact_id, values)
    async with pool.acquire() as conn, conn.transaction():
        if not await orders_db.order_ids_of(conn, shop_id, contact_id):
            for _label, days_ago, lines, status in ORDERS:
                number = await next_order_number(conn, shop_id)
                fields = {"shipping_method": "PostNL", "payment_method": "iDEAL",
                          "address": HOME, **status}  # fmt: skip
                if status["fulfilment_status"] == "SHIPPED":
                    fields["expected_delivery_date"] = date.today() + timedelta(days=1)
                items = [(sku, name, qty, Decimal(price)) for sku, name, qty, price in lines]
                order_id = await orders_db.insert_order(
                    conn, shop_id, contact_id, number, days_ago, items, fields
                )
                if status["fulfilment_status"] in ("SHIPPED", "DELIVERED"):
                    # One parcel with everything, as the merchant records it (old: no mail).
                    await create_shipment(
                        conn,
                        shop_id,
                        str(order_id),
                        ShipmentRequest(
                            "PostNL",
                            f"3SDEMO{number}",
                            status.get("tracking_url"),
                            None,
                            datetime.now(UTC) - timedelta(days=days_ago - 1),
                            notify_customer=False,
                        ),
                    )
        order_ids = await orders_db.order_ids_of(conn, shop_id, contact_id)
    for order_id in order_ids[:2]:
        await create_invoice(pool, shop_id, str(order_id))
    for sku in ("TEA-SENCHA", "POT-CAST-IRON", "GIFT-BOX"):
        await add_favourite(pool, shop_id, contact_id, sku)
    group = await create_customer_group(pool, shop_id, "Tea club", Decimal("5"))
    async with pool.acquire() as conn:
        await b2b_db.set_customer_group(conn, shop_id, contact_id, group.id)
