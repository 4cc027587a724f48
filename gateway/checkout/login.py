"""Sign in during checkout: the same rules and throttling as `login`, then the contact's saved
details fill the checkout (name, e-mail, phone, default shipping and billing address).

What the customer already typed stays where the account has nothing (no blanks overwrite it).
The checkout is checked first, so a wrong checkout id costs no sign-in attempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gateway.accounts.caller import Caller, SignedIn
from gateway.accounts.login import login
from gateway.checkout.checkouts import PricedCheckout, not_found, parse_checkout_id, price_checkout
from gateway.checkout.contact_step import completed
from gateway.db import addresses as addresses_db
from gateway.db import checkouts as db
from gateway.db import memberships as memberships_db
from gateway.db.addresses import Address
from gateway.db.contacts import Contact


@dataclass(frozen=True)
class CheckoutSignedIn:
    signed_in: SignedIn
    checkout: PricedCheckout


def prefill(
    checkout: db.Checkout, contact: Contact, addresses: dict[Any, Address]
) -> dict[str, Any]:
    """The checkout's contact columns after sign-in: saved details first, typed ones kept."""
    shipping = addresses.get(contact.default_shipping_address_id)
    billing = addresses.get(contact.default_billing_address_id)
    return {
        "email": contact.email,
        "full_name": contact.full_name or checkout.full_name,
        "phone": contact.phone or checkout.phone,
        "shipping_address": shipping.as_snapshot() if shipping else checkout.shipping_address,
        "billing_address": billing.as_snapshot() if billing else checkout.billing_address,
        # Signed in now: the order goes to this account, no new one is made.
        "create_account": False,
        "password_hash": None,
    }


async def checkout_login(
    caller: Caller, raw_checkout_id: str, email: str, password: str
) -> CheckoutSignedIn:
    storefront = caller.storefront
    checkout_id = parse_checkout_id(raw_checkout_id)
    if checkout_id is None:
        raise not_found()
    async with caller.pool.acquire() as conn:
        current = await db.live_checkout(conn, storefront.shop_id, storefront.id, checkout_id)
    if current is None:
        raise not_found()
    if current.completed_at is not None:
        raise completed()
    signed_in = await login(caller, email, password)
    contact = signed_in.contact
    wanted = [
        a for a in (contact.default_shipping_address_id, contact.default_billing_address_id) if a
    ]
    async with caller.pool.acquire() as conn, conn.transaction():
        found = await addresses_db.by_ids(conn, storefront.shop_id, wanted) if wanted else []
        values = prefill(current, contact, {a.id: a for a in found})
        filled = await db.set_contact(
            conn,
            storefront.shop_id,
            storefront.id,
            checkout_id,
            values,
            caller.settings.checkout_ttl_days,
        )
        if filled is None:  # completed or expired while signing in
            raise completed()
        # A new session acts for the contact's organisation when it has exactly one.
        organisation_id = await memberships_db.sole_organisation(
            conn, storefront.shop_id, contact.id
        )
        priced = await price_checkout(conn, storefront, filled, contact.id, organisation_id)
    return CheckoutSignedIn(signed_in, priced)
