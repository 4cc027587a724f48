"""`checkoutSetContact`: the customer's details on a checkout, every refused field named.

The input is the contact form as submitted: what it sends is what the checkout holds (a
billing address left out means "same as shipping"). With `createAccount` the chosen password
is checked against the policy and only its argon2id hash is kept, until the checkout completes.
Nothing here says whether the address already has an account: that is settled on completion.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import asyncpg

from gateway.accounts.password_policy import check_password
from gateway.checkout.checkouts import PricedCheckout, not_found, parse_checkout_id, price_checkout
from gateway.contacts.fields import check_email, check_name, check_phone
from gateway.db import checkouts as db
from gateway.db.shops import Storefront
from gateway.errors import Problem, ProblemError
from gateway.orders.address_snapshot import AddressData, check_address


@dataclass(frozen=True)
class ContactDetails:
    email: str
    full_name: str
    phone: str | None = None
    shipping_address: AddressData | None = None
    billing_address: AddressData | None = None
    create_account: bool = False
    password: str | None = None


def check_details(details: ContactDetails) -> tuple[dict[str, Any], list[Problem]]:
    """The checkout columns to write, or every problem with the input."""
    problems: list[Problem] = []
    email, found = check_email(details.email, ["input", "email"])
    problems += found
    name, found = check_name(details.full_name, ["input", "fullName"])
    problems += found
    phone, found = check_phone(details.phone, ["input", "phone"])
    problems += found
    values: dict[str, Any] = {"email": email, "full_name": name, "phone": phone}
    for key, column, address in (
        ("shippingAddress", "shipping_address", details.shipping_address),
        ("billingAddress", "billing_address", details.billing_address),
    ):
        snapshot = None
        if address is not None:
            snapshot, found = check_address(address, ["input", key])
            problems += found
        values[column] = snapshot
    values["create_account"] = details.create_account
    if details.create_account:
        if not details.password:
            problems.append(
                Problem("INVALID", ["input", "password"], "Choose a password for your account.")
            )
        else:
            weak = check_password(details.password, email)
            if weak is not None:
                problems.append(Problem(weak.code, ["input", "password"], weak.message))
    return values, problems


async def set_contact(
    pool: asyncpg.Pool,
    storefront: Storefront,
    raw_id: str,
    details: ContactDetails,
    viewer_id: UUID | None,
    hash_password: Callable[[str], Awaitable[str]],
    ttl_days: int,
    organisation_id: UUID | None = None,
) -> PricedCheckout:
    checkout_id = parse_checkout_id(raw_id)
    if checkout_id is None:
        raise not_found()
    async with pool.acquire() as conn:
        current = await db.live_checkout(conn, storefront.shop_id, storefront.id, checkout_id)
    if current is None:
        raise not_found()
    if current.completed_at is not None:
        raise completed()
    values, problems = check_details(details)
    if problems:
        raise ProblemError(*problems)
    values["password_hash"] = (
        await hash_password(details.password)
        if details.create_account and details.password
        else None
    )
    async with pool.acquire() as conn:
        checkout = await db.set_contact(
            conn, storefront.shop_id, storefront.id, checkout_id, values, ttl_days
        )
        if checkout is None:  # completed or expired meanwhile
            raise completed()
        return await price_checkout(conn, storefront, checkout, viewer_id, organisation_id)


def completed() -> ProblemError:
    return ProblemError(
        Problem("NOT_ALLOWED", ["checkoutId"], "This checkout is completed; it can't be changed.")
    )
