"""Demo seed step: registered and guest contacts, and orders in various states.

Everything goes through the same domain code as the API (contactCreate, orderCreate/Update,
a storefront checkout), so the demo shows real data: numbers from the counter, outbox mails.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import asyncpg

from gateway.accounts.passwords import Passwords
from gateway.checkout.checkouts import create_checkout
from gateway.checkout.complete import Methods, complete_checkout
from gateway.checkout.contact_step import ContactDetails, set_contact
from gateway.config import Settings
from gateway.contacts.admin import ContactRequest, create_contact
from gateway.db.shops import storefront_by_id
from gateway.orders.address_snapshot import AddressData
from gateway.orders.admin import OrderChanges, OrderRequest, create_order, update_order
from gateway.orders.lines import LineRequest
from gateway.shipments.record import ShipmentRequest, create_shipment

if TYPE_CHECKING:
    from gateway.demo.model import Demo

ANNA = ("anna@demo.example", "Anna de Vries", "demo-password-anna")
ANNA_ADDRESS = AddressData("Anna de Vries", "Prinsengracht 263", "1016 GV", "Amsterdam", "NL")
CARLA_ADDRESS = AddressData("Carla Janssen", "Oudegracht 12", "3511 AL", "Utrecht", "NL")

# (days ago, lines, payment status, fulfilment status, amount paid or None for the total)
ANNA_ORDERS = [
    (60, [("TEA-EARL-GREY", 2), ("MUG-STONE", 2)], "PAID", "DELIVERED", None),
    (12, [("POT-CAST-IRON", 1)], "PAID", "SHIPPED", None),
    (3, [("GIFT-BOX", 1), ("FILTER-PAPER-100", 3)], "PARTIALLY_PAID", "UNFULFILLED", "10.00"),
    (30, [("TEA-SENCHA", 1)], "CANCELLED", "CANCELLED", "0.00"),
]


async def seed_contacts_and_orders(pool: asyncpg.Pool, demo: Demo) -> None:
    shop_id = demo.shop.shop_id
    passwords = Passwords(Settings())
    try:
        email, name, password = ANNA
        anna = await create_contact(
            pool,
            shop_id,
            ContactRequest(email, name, password, email_confirmed=True, locale="nl"),
            passwords.hash,
        )
        # Invited by the merchant: no password yet, an invitation mail waits in the outbox.
        await create_contact(
            pool, shop_id, ContactRequest("bram@demo.example", "Bram Bakker"), passwords.hash
        )
    finally:
        passwords.close()
    demo.sign_ins.append(f"{email} / {password}")
    now = datetime.now(UTC)
    for days_ago, lines, payment, fulfilment, paid in ANNA_ORDERS:
        order = await create_order(
            pool,
            shop_id,
            OrderRequest(
                contact_id=str(anna.id),
                lines=[LineRequest(sku, quantity) for sku, quantity in lines],
                shipping_method="PostNL",
                payment_method="iDEAL",
                shipping_address=ANNA_ADDRESS,
                placed_at=now - timedelta(days=days_ago),
            ),
        )
        shipped = fulfilment == "SHIPPED"
        if fulfilment in ("SHIPPED", "DELIVERED"):
            # Shipped as a merchant records it: one parcel with everything (no mail: it is old).
            async with pool.acquire() as conn:
                await create_shipment(
                    conn,
                    shop_id,
                    str(order.id),
                    ShipmentRequest(
                        "PostNL",
                        f"3SDEMO{order.number}",
                        f"https://tracking.demo.example/{order.number}",
                        None,
                        now - timedelta(days=days_ago - 1),
                        notify_customer=False,
                    ),
                )
        await update_order(
            pool,
            shop_id,
            str(order.id),
            OrderChanges(
                payment_status=payment,
                fulfilment_status=fulfilment,
                amount_paid=order.total if paid is None else Decimal(paid),
                expected_delivery_date=date.today() + timedelta(days=2) if shipped else None,
                tracking_url=f"https://tracking.demo.example/{order.number}" if shipped else None,
            ),
        )
    await _guest_checkout(pool, demo)


async def _guest_checkout(pool: asyncpg.Pool, demo: Demo) -> None:
    """Carla buys as a guest through the storefront checkout."""
    async with pool.acquire() as conn:
        storefront = await storefront_by_id(conn, demo.shop.shop_id, demo.shop.storefront_id)
    assert storefront is not None
    checkout = await create_checkout(
        pool, storefront, None, [LineRequest("TEA-SENCHA", 2), LineRequest("MUG-STONE", 1)], 7
    )
    details = ContactDetails("carla@demo.example", "Carla Janssen", None, CARLA_ADDRESS)

    async def no_password(_: str) -> str:
        raise AssertionError("a guest checkout has no password")

    await set_contact(pool, storefront, str(checkout.checkout.id), details, None, no_password, 7)
    await complete_checkout(
        pool, storefront, str(checkout.checkout.id), Methods("DHL", "Card"), None
    )
