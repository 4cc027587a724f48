"""Whose order a completed checkout becomes, and which mail tells them.

1. Signed in: the viewer. Mail `order-confirmation`.
2. Storefront `accountCreation: ON_ORDER`: the registered contact with the checkout's e-mail,
   made (unconfirmed) if missing; a single-use sign-in link (the storefront's TTL) is mailed with
   the order (`order-sign-in`); identity's `signInWithLink` confirms the address.
   A password chosen on the checkout is kept only when the contact is new.
3. `createAccount` with a password: a new unconfirmed registered contact with that hash and a
   confirm link (`checkout-account`). If the address already has a registered contact, nothing
   tells the caller: the order goes to a new guest contact (claimed once the address is proven).
4. Otherwise a new guest contact for this checkout (`order-confirmation`).
Everything runs inside the completing transaction: a contact and token exist only with the order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

import asyncpg

from gateway.accounts import tokens
from gateway.db import contacts as contacts_db
from gateway.db.checkouts import Checkout
from gateway.db.contact_writes import NewContact, insert_contact
from gateway.db.shops import Storefront
from gateway.mail.outbox import account_link

# How long the confirm link in the "account while paying" mail works.
CONFIRM_EMAIL_TTL = timedelta(days=14)

ORDER_CONFIRMATION = "order-confirmation"
CHECKOUT_ACCOUNT = "checkout-account"
ORDER_SIGN_IN = "order-sign-in"


@dataclass(frozen=True)
class Buyer:
    contact_id: UUID
    locale: str
    template: str
    link: str | None = None
    signed_in: bool = False


def _new(
    checkout: Checkout, storefront: Storefront, guest: bool, password: str | None
) -> NewContact:
    assert checkout.email and checkout.full_name
    return NewContact(
        email=checkout.email,
        full_name=checkout.full_name,
        is_guest=guest,
        locale=storefront.default_locale,
        phone=checkout.phone,
        password_hash=password,
    )


async def _guest(conn: asyncpg.Connection, checkout: Checkout, storefront: Storefront) -> Buyer:
    contact = await insert_contact(conn, storefront.shop_id, _new(checkout, storefront, True, None))
    assert contact is not None
    return Buyer(contact.id, contact.locale, ORDER_CONFIRMATION)


async def _link(
    conn: asyncpg.Connection,
    storefront: Storefront,
    contact_id: UUID,
    purpose: str,
    ttl: timedelta,
    email: str,
) -> str:
    token = await tokens.issue_token(
        conn, storefront.shop_id, contact_id, purpose, ttl, {"email": email}
    )
    page = "confirm" if purpose == tokens.CONFIRM_EMAIL else "sign-in"
    return account_link(storefront.account_url, page, token)


async def _on_order(conn: asyncpg.Connection, checkout: Checkout, storefront: Storefront) -> Buyer:
    assert checkout.email
    password = checkout.password_hash if checkout.create_account else None
    contact = await insert_contact(
        conn, storefront.shop_id, _new(checkout, storefront, False, password)
    )
    if contact is None:
        existing = await contacts_db.registered_by_email(conn, storefront.shop_id, checkout.email)
        assert existing is not None  # the insert conflicted with it; contacts are not deleted
        contact = existing.contact
    ttl = timedelta(days=storefront.sign_in_link_ttl_days)
    link = await _link(conn, storefront, contact.id, tokens.SIGN_IN, ttl, checkout.email)
    return Buyer(contact.id, contact.locale, ORDER_SIGN_IN, link)


async def _with_account(
    conn: asyncpg.Connection, checkout: Checkout, storefront: Storefront
) -> Buyer:
    assert checkout.email
    contact = await insert_contact(
        conn, storefront.shop_id, _new(checkout, storefront, False, checkout.password_hash)
    )
    if contact is None:  # the address has an account: say nothing, order as a guest
        return await _guest(conn, checkout, storefront)
    link = await _link(
        conn, storefront, contact.id, tokens.CONFIRM_EMAIL, CONFIRM_EMAIL_TTL, checkout.email
    )
    return Buyer(contact.id, contact.locale, CHECKOUT_ACCOUNT, link)


async def choose_buyer(
    conn: asyncpg.Connection,
    checkout: Checkout,
    storefront: Storefront,
    viewer_id: UUID | None,
) -> Buyer:
    if viewer_id is not None:
        viewer = await contacts_db.by_id(conn, storefront.shop_id, viewer_id)
        if viewer is not None:
            return Buyer(viewer.id, viewer.locale, ORDER_CONFIRMATION, signed_in=True)
    if storefront.account_creation == "ON_ORDER":
        return await _on_order(conn, checkout, storefront)
    if checkout.create_account and checkout.password_hash:
        return await _with_account(conn, checkout, storefront)
    return await _guest(conn, checkout, storefront)
