"""Sign in during checkout: the same rules and throttling as `login`, then the contact's saved
details fill the checkout (gateway/checkout/prefill.py). The checkout is checked first, so a
wrong checkout id costs no sign-in attempt.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.accounts.caller import Caller, SignedIn
from gateway.accounts.login import login
from gateway.checkout.checkouts import PricedCheckout, not_found, parse_checkout_id, price_checkout
from gateway.checkout.contact_step import completed
from gateway.checkout.prefill import fill_from_account
from gateway.db import checkouts as db
from gateway.db import memberships as memberships_db


@dataclass(frozen=True)
class CheckoutSignedIn:
    signed_in: SignedIn
    checkout: PricedCheckout


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
    async with caller.pool.acquire() as conn, conn.transaction():
        filled = await fill_from_account(
            conn, storefront, current, contact.id, caller.settings.checkout_ttl_days, contact
        )
        if filled is None:  # completed or expired while signing in
            raise completed()
        # A new session acts for the contact's organisation when it has exactly one.
        organisation_id = await memberships_db.sole_organisation(
            conn, storefront.shop_id, contact.id
        )
        priced = await price_checkout(conn, storefront, filled, contact.id, organisation_id)
    return CheckoutSignedIn(signed_in, priced)
