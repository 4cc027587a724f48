"""`gateway demo`, B2B step: a café that buys on account. An organisation with an ADMIN and a
BUYER (both among the printed sign-ins), a price list with quantity breaks, 30-day terms,
orders placed for it and an invoice made out to it; and the shop's seller details for its
invoices. A client of the domain, like the CLI: it goes through the same rules as the API."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import TYPE_CHECKING

import asyncpg
from argon2 import PasswordHasher

from gateway.db import account_orders as orders_db
from gateway.invoices.issue import create_invoice
from gateway.orders.address_snapshot import AddressData
from gateway.orders.admin import OrderRequest, create_order
from gateway.orders.lines import LineRequest
from gateway.organisations.admin import OrganisationRequest, add_member, create_organisation
from gateway.organisations.price_lists import PriceEntry, create_price_list
from gateway.tenancy.seller import SellerChanges, update_seller

if TYPE_CHECKING:
    from gateway.demo.model import Demo

ORGANISATION = "Café De Theepot B.V."
PASSWORD = "theepot demo 2026"
PEOPLE = [
    ("inkoop@theepot.demo.example", "Iris Inkoop", "ADMIN"),
    ("bar@theepot.demo.example", "Bram Bar", "BUYER"),
]
BREAKS = [
    ("TEA-EARL-GREY", 1, "6.25"),
    ("TEA-EARL-GREY", 12, "5.50"),
    ("TEA-EARL-GREY", 48, "4.95"),
    ("TEA-SENCHA", 1, "8.75"),
    ("TEA-SENCHA", 12, "7.95"),
    ("MUG-STONE", 6, "11.50"),
]
ADDRESS = AddressData("Café De Theepot", "Prinsengracht 200", "1016 HB", "Amsterdam", "NL")


async def seed_organisation(pool: asyncpg.Pool, demo: Demo) -> None:
    shop_id = demo.shop.shop_id
    await update_seller(
        pool,
        shop_id,
        SellerChanges(
            name="Demo Tea Shop B.V.",
            address="Theestraat 1\n1012 AB Amsterdam\nNetherlands",
            vat_number="NL810433941B01",
        ),
    )
    prices = [PriceEntry(sku, Decimal(price), quantity) for sku, quantity, price in BREAKS]
    price_list = await create_price_list(pool, shop_id, "Horeca terms", "EUR", prices)
    org = await create_organisation(
        pool,
        shop_id,
        OrganisationRequest(
            name=ORGANISATION,
            vat_number="NL853746333B01",
            price_list_id=str(price_list.id),
            payment_terms_days=30,
            billing_address=ADDRESS,
        ),
    )
    password_hash = await asyncio.to_thread(PasswordHasher().hash, PASSWORD)
    members = []
    for email, name, role in PEOPLE:
        async with pool.acquire() as conn:
            contact_id = await orders_db.insert_demo_contact(
                conn, shop_id, email, name, password_hash
            )
        await add_member(pool, shop_id, str(org.id), str(contact_id), role)
        members.append(contact_id)
        demo.sign_ins.append(f"{email} / {PASSWORD}   ({role} of {ORGANISATION})")
    address = AddressData("Café De Theepot", ADDRESS.street, ADDRESS.postal_code, "Amsterdam", "NL")
    for contact_id, lines in (
        (members[1], [LineRequest("TEA-EARL-GREY", 24), LineRequest("MUG-STONE", 6)]),
        (members[0], [LineRequest("TEA-SENCHA", 12), LineRequest("TEA-EARL-GREY", 48)]),
    ):
        order = await create_order(
            pool,
            shop_id,
            OrderRequest(
                contact_id=str(contact_id),
                lines=lines,
                shipping_method="PostNL",
                payment_method="on_account",
                shipping_address=address,
                organisation_id=str(org.id),
            ),
        )
        await create_invoice(pool, shop_id, str(order.id))
