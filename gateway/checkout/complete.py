"""`checkoutComplete`: a checkout becomes an order, once.

One transaction: lock the checkout row (`for update`), return its order if it has one, else
check it is complete enough, choose the buyer (see `gateway.checkout.buyer`), price the lines
for the signed-in viewer (anonymous prices otherwise), take the next order number from the
shop's counter, insert the order and its lines, mark the checkout completed and queue the mail.
Two completions of one checkout serialise on the row lock: both callers get the one order
(and `orders.checkout_id` is unique besides).
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import asyncpg

from gateway.checkout.buyer import choose_buyer
from gateway.checkout.checkouts import not_found, parse_checkout_id
from gateway.db import checkouts as db
from gateway.db import orders as orders_db
from gateway.db.order_writes import NewOrder, insert_order
from gateway.db.products import Product
from gateway.db.shops import Storefront
from gateway.errors import Problem, ProblemError
from gateway.order_status.links import status_link
from gateway.orders.lines import LineRequest, priced_lines, total_of
from gateway.orders.mails import enqueue_order_mail
from gateway.orders.numbers import next_order_number
from gateway.organisations.terms import check_payment_method
from gateway.pricing.prices import pricer_for

MAX_METHOD = 100


@dataclass(frozen=True)
class Methods:
    shipping_method: str
    payment_method: str


def check_methods(methods: Methods) -> Methods:
    problems = []
    cleaned = {}
    for key, label, value in (
        ("shippingMethod", "shipping method", methods.shipping_method),
        ("paymentMethod", "payment method", methods.payment_method),
    ):
        value = value.strip()
        if not value or len(value) > MAX_METHOD:
            problems.append(
                Problem(
                    "INVALID",
                    ["input", key],
                    f"Choose a {label} (at most {MAX_METHOD} characters).",
                )
            )
        cleaned[key] = value
    if problems:
        raise ProblemError(*problems)
    return Methods(cleaned["shippingMethod"], cleaned["paymentMethod"])


def _missing(checkout: db.Checkout) -> list[Problem]:
    needed = (
        ("email", checkout.email, "Give your e-mail address first (checkoutSetContact)."),
        ("fullName", checkout.full_name, "Give your name first (checkoutSetContact)."),
        (
            "shippingAddress",
            checkout.shipping_address,
            "Give a shipping address first (checkoutSetContact).",
        ),
    )
    return [Problem("INVALID", ["checkout", key], message) for key, v, message in needed if not v]


async def _lines(
    conn: asyncpg.Connection, shop_id: UUID, checkout_id: UUID
) -> list[tuple[LineRequest, Product]]:
    rows = await db.lines_with_products(conn, shop_id, checkout_id)
    problems = [
        Problem(
            "INVALID",
            ["checkout", "lines", str(index), "sku"],
            f"{row.sku} is no longer for sale; start a new checkout without it.",
        )
        for index, row in enumerate(rows)
        if row.product is None or not row.product.active
    ]
    if not rows:
        problems.append(Problem("INVALID", ["checkout", "lines"], "The checkout has no lines."))
    if problems:
        raise ProblemError(*problems)
    return [(LineRequest(r.sku, r.quantity), r.product) for r in rows if r.product]


async def complete_checkout(
    pool: asyncpg.Pool,
    storefront: Storefront,
    raw_id: str,
    methods: Methods,
    viewer_id: UUID | None,
    organisation_id: UUID | None = None,
) -> orders_db.Order:
    checkout_id = parse_checkout_id(raw_id)
    if checkout_id is None:
        raise not_found()
    methods = check_methods(methods)
    shop_id = storefront.shop_id
    async with pool.acquire() as conn, conn.transaction():
        checkout = await db.live_checkout(
            conn, shop_id, storefront.id, checkout_id, for_update=True
        )
        if checkout is None:
            raise not_found()
        if checkout.completed_at is not None:
            found = await orders_db.orders_by_ids(conn, shop_id, [checkout.order_id])
            if not found:
                raise not_found()
            return found[0]
        problems = _missing(checkout)
        if problems:
            raise ProblemError(*problems)
        resolved = await _lines(conn, shop_id, checkout_id)
        buyer = await choose_buyer(conn, checkout, storefront, viewer_id)
        # The order belongs to the organisation the signed-in buyer acts for.
        acting_for = organisation_id if buyer.signed_in else None
        await check_payment_method(conn, shop_id, methods.payment_method, acting_for)
        pricer = await pricer_for(
            conn,
            shop_id,
            buyer.contact_id if buyer.signed_in else None,
            [li.sku for li, _ in resolved],
            acting_for,
        )
        lines = priced_lines(resolved, pricer)
        assert checkout.email is not None
        order = await insert_order(
            conn,
            NewOrder(
                shop_id=shop_id,
                number=await next_order_number(conn, shop_id),
                contact_id=buyer.contact_id,
                email=checkout.email,
                full_name=checkout.full_name,
                currency=storefront.currency,
                total=total_of(lines),
                lines=lines,
                shipping_method=methods.shipping_method,
                payment_method=methods.payment_method,
                shipping_address=checkout.shipping_address,
                billing_address=checkout.billing_address or checkout.shipping_address,
                source="checkout",
                checkout_id=checkout.id,
                organisation_id=acting_for,
            ),
        )
        await db.mark_completed(conn, shop_id, checkout.id, order.id)
        await enqueue_order_mail(
            conn,
            shop_id,
            template=buyer.template,
            locale=buyer.locale,
            order=order,
            lines=lines,
            shop_name=storefront.shop_name,
            link=buyer.link,
            status_link=await status_link(
                conn, shop_id, order.id, storefront.account_url, storefront.id
            ),
        )
        return order
