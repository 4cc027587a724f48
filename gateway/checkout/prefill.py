"""A signed-in contact's saved details on a checkout: name, e-mail, phone, default shipping and
billing address. Used when a signed-in viewer starts a checkout (`checkoutCreate`, `reorder`)
and when a customer signs in during checkout (`checkoutLogin`).

What the customer already typed stays where the account has nothing (no blanks overwrite it).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from gateway.db import addresses as addresses_db
from gateway.db import checkouts as db
from gateway.db import contacts as contacts_db
from gateway.db.addresses import Address
from gateway.db.contacts import Contact
from gateway.db.shops import Storefront


def prefill(
    checkout: db.Checkout, contact: Contact, addresses: dict[Any, Address]
) -> dict[str, Any]:
    """The checkout's contact columns for this contact: saved details first, typed ones kept."""
    shipping = addresses.get(contact.default_shipping_address_id)
    billing = addresses.get(contact.default_billing_address_id)
    return {
        "email": contact.email,
        "full_name": contact.full_name or checkout.full_name,
        "phone": contact.phone or checkout.phone,
        "shipping_address": shipping.as_snapshot() if shipping else checkout.shipping_address,
        "billing_address": billing.as_snapshot() if billing else checkout.billing_address,
        # Signed in: the order goes to this account, no new one is made.
        "create_account": False,
        "password_hash": None,
    }


async def fill_from_account(
    conn: asyncpg.Connection,
    storefront: Storefront,
    checkout: db.Checkout,
    contact_id: UUID,
    ttl_days: int,
    contact: Contact | None = None,
) -> db.Checkout | None:
    """Write the contact's details on the open checkout; None when it is no longer open.
    A guest or erased contact (no account to read from) leaves the checkout as it is."""
    contact = contact or await contacts_db.by_id(conn, storefront.shop_id, contact_id)
    if contact is None or contact.is_guest:
        return checkout
    wanted = [
        a for a in (contact.default_shipping_address_id, contact.default_billing_address_id) if a
    ]
    found = await addresses_db.by_ids(conn, storefront.shop_id, wanted) if wanted else []
    values = prefill(checkout, contact, {a.id: a for a in found})
    return await db.set_contact(
        conn, storefront.shop_id, storefront.id, checkout.id, values, ttl_days
    )
