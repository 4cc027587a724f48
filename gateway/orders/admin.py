"""Admin `orderCreate` and `orderUpdate`: orders that come from elsewhere, and their progress.

An order from elsewhere takes its number from the same gapless counter as checkout orders.
Lines need known SKUs (inactive ones too: the order happened); a line may bring its own unit
price, otherwise the contact's price applies. No mail is sent: the other system did that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

import asyncpg

from gateway.contacts.fields import check_email, check_name
from gateway.db import contacts as contacts_db
from gateway.db import memberships as memberships_db
from gateway.db import order_writes as db
from gateway.db.orders import Order
from gateway.db.shops import currency as shop_currency
from gateway.errors import Problem, ProblemError
from gateway.order_status.links import record_links
from gateway.orders.address_snapshot import AddressData, check_address
from gateway.orders.lines import LineRequest, priced_lines, resolve_lines, total_of
from gateway.orders.numbers import next_order_number
from gateway.pricing.prices import CENT, pricer_for
from gateway.updates import KEEP
from gateway.validation import uuid_or_none

MAX_METHOD = 100
MAX_URL = 2000
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class OrderRequest:
    contact_id: str
    lines: list[LineRequest]
    shipping_method: str | None = None
    payment_method: str | None = None
    shipping_address: AddressData | None = None
    billing_address: AddressData | None = None
    placed_at: datetime | None = None
    email: str | None = None
    full_name: str | None = None
    organisation_id: str | None = None  # placed for this organisation (the contact's)


def _method(raw: str | None, key: str, problems: list[Problem]) -> str | None:
    value = (raw or "").strip() or None
    if value is not None and len(value) > MAX_METHOD:
        problems.append(Problem("INVALID", ["input", key], f"At most {MAX_METHOD} characters."))
    return value


def _check_request(request: OrderRequest) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    out: dict[str, Any] = {
        "shipping_method": _method(request.shipping_method, "shippingMethod", problems),
        "payment_method": _method(request.payment_method, "paymentMethod", problems),
    }
    for key, column, address in (
        ("shippingAddress", "shipping_address", request.shipping_address),
        ("billingAddress", "billing_address", request.billing_address),
    ):
        out[column] = None
        if address is not None:
            out[column], found = check_address(address, ["input", key])
            problems += found
    out["billing_address"] = out["billing_address"] or out["shipping_address"]
    placed_at = request.placed_at
    if placed_at is not None:
        placed_at = placed_at if placed_at.tzinfo else placed_at.replace(tzinfo=UTC)
        if placed_at > datetime.now(UTC) + CLOCK_SKEW:
            problems.append(Problem("INVALID", ["input", "placedAt"], "That is in the future."))
    out["placed_at"] = placed_at
    out["email"] = out["full_name"] = None
    if request.email is not None:
        out["email"], found = check_email(request.email, ["input", "email"])
        problems += found
    if request.full_name is not None:
        out["full_name"], found = check_name(request.full_name, ["input", "fullName"])
        problems += found
    return out, problems


async def create_order(pool: asyncpg.Pool, shop_id: UUID, request: OrderRequest) -> Order:
    values, problems = _check_request(request)
    contact_id = uuid_or_none(request.contact_id)
    async with pool.acquire() as conn, conn.transaction():
        contact = await contacts_db.by_id(conn, shop_id, contact_id) if contact_id else None
        if contact is None:
            problems.append(Problem("NOT_FOUND", ["input", "contactId"], "No such contact."))
        try:
            resolved = await resolve_lines(
                conn, shop_id, request.lines, ["input", "lines"], require_active=False
            )
        except ProblemError as error:
            problems += error.problems
        if problems:
            raise ProblemError(*problems)
        assert contact is not None
        org = await _organisation_of(conn, shop_id, contact.id, request.organisation_id)
        skus = [li.sku for li, _ in resolved]
        pricer = await pricer_for(conn, shop_id, contact.id, skus, org)
        lines = priced_lines(resolved, pricer)
        order = await db.insert_order(
            conn,
            db.NewOrder(
                shop_id=shop_id,
                number=await next_order_number(conn, shop_id),
                contact_id=contact.id,
                email=values["email"] or contact.email,
                full_name=values["full_name"] or contact.full_name,
                currency=await shop_currency(conn, shop_id),
                total=total_of(lines),
                lines=lines,
                shipping_method=values["shipping_method"],
                payment_method=values["payment_method"],
                shipping_address=values["shipping_address"],
                organisation_id=org,
                billing_address=values["billing_address"],
                source="admin",
                placed_at=values["placed_at"],
            ),
        )
        await record_links(conn, shop_id, [order.id])  # its order-status link (no mail here)
        return order


@dataclass(frozen=True)
class OrderChanges:
    """Each field KEEP (left out) or the new value; None clears the date and the URL."""

    payment_status: Any = KEEP
    fulfilment_status: Any = KEEP
    amount_paid: Any = KEEP
    expected_delivery_date: Any = KEEP
    tracking_url: Any = KEEP


def check_url(raw: str) -> str | None:
    url = raw.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = parts.hostname or ""
    if (
        parts.scheme not in ("http", "https")
        or "." not in host
        or len(url) > MAX_URL
        or any(c.isspace() or ord(c) < 32 for c in url)
    ):
        return None
    return url


def _check_changes(order: Order, changes: OrderChanges) -> dict[str, Any]:
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    for column in ("payment_status", "fulfilment_status"):
        value = getattr(changes, column)
        if value is not KEEP and value is not None:
            out[column] = value
    paid = changes.amount_paid
    if paid is not KEEP and paid is not None:
        paid = Decimal(paid)
        if not paid.is_finite() or paid < 0 or paid != paid.quantize(CENT):
            problems.append(
                Problem("INVALID", ["input", "amountPaid"], "0 or more, at most two decimals.")
            )
        elif paid > order.total:
            problems.append(
                Problem(
                    "INVALID",
                    ["input", "amountPaid"],
                    f"More than the order's total ({order.total}).",
                )
            )
        out["amount_paid"] = paid
    delivery = changes.expected_delivery_date
    if delivery is not KEEP:
        if isinstance(delivery, date) and delivery < order.placed_at.date() - timedelta(days=1):
            problems.append(
                Problem(
                    "INVALID",
                    ["input", "expectedDeliveryDate"],
                    "Delivery can't be before the order was placed.",
                )
            )
        out["expected_delivery_date"] = delivery
    url = changes.tracking_url
    if url is not KEEP:
        out["tracking_url"] = None if url is None or not url.strip() else check_url(url)
        if url is not None and url.strip() and out["tracking_url"] is None:
            problems.append(
                Problem(
                    "INVALID",
                    ["input", "trackingUrl"],
                    "Give the carrier's http(s) tracking address.",
                )
            )
    if problems:
        raise ProblemError(*problems)
    return out


async def update_order(
    pool: asyncpg.Pool, shop_id: UUID, raw_id: str, changes: OrderChanges
) -> Order:
    order_id = uuid_or_none(raw_id)
    async with pool.acquire() as conn, conn.transaction():
        order = await db.lock_order(conn, shop_id, order_id) if order_id else None
        if order is None:
            raise ProblemError(Problem("NOT_FOUND", ["id"], "There is no such order."))
        values = _check_changes(order, changes)
        updated = await db.update_order(conn, shop_id, order.id, values)
        assert updated is not None
        return updated


async def _organisation_of(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, raw: str | None
) -> UUID | None:
    """The organisation an admin order is placed for: one the contact is a member of."""
    if raw is None:
        return None
    org = uuid_or_none(raw)
    if org is None or await memberships_db.find(conn, shop_id, org, contact_id) is None:
        raise ProblemError(
            Problem(
                "NOT_FOUND",
                ["input", "organisationId"],
                "The contact is not a member of such an organisation.",
            )
        )
    return org
