"""Admin `shipmentCreate`: the merchant records a parcel (carrier, track & trace, lines).

One transaction: lock the order row (shipments of one order queue behind each other), check
the input, add the shipped quantities to the order lines with a conditional update (the
database refuses more than was ordered: `order_lines_shipped_within`), insert the shipment
and its lines, let `fulfilmentStatus` follow (PARTIALLY_SHIPPED / SHIPPED) and queue the
"shipped" mail with the tracking link and the order-status link. Lines left out (null) ship
everything not shipped yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import asyncpg

from gateway.contacts.fields import check_free_text
from gateway.db import order_writes
from gateway.db import shipments as db
from gateway.errors import Problem, ProblemError
from gateway.orders.admin import MAX_URL, check_url
from gateway.shipments.mails import enqueue_shipped_mail
from gateway.validation import uuid_or_none

MAX_TEXT = 100
MAX_LINES = 100
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class ShipmentLineRequest:
    sku: str
    quantity: int


@dataclass(frozen=True)
class ShipmentRequest:
    carrier: str | None = None
    tracking_number: str | None = None
    tracking_url: str | None = None
    lines: list[ShipmentLineRequest] | None = None  # None: everything still to ship
    shipped_at: datetime | None = None
    notify_customer: bool = True


def _text(raw: str | None, key: str, problems: list[Problem]) -> str | None:
    value, found = check_free_text(raw, ["input", key], MAX_TEXT, multiline=False)
    problems += found
    return value


def _check_fields(request: ShipmentRequest, problems: list[Problem]) -> dict[str, object]:
    url = (request.tracking_url or "").strip() or None
    if url is not None and check_url(url) is None:
        problems.append(
            Problem(
                "INVALID",
                ["input", "trackingUrl"],
                f"Give the carrier's http(s) tracking address (at most {MAX_URL} characters).",
            )
        )
    shipped_at = request.shipped_at
    if shipped_at is not None:
        shipped_at = shipped_at if shipped_at.tzinfo else shipped_at.replace(tzinfo=UTC)
        if shipped_at > datetime.now(UTC) + CLOCK_SKEW:
            problems.append(Problem("INVALID", ["input", "shippedAt"], "That is in the future."))
    return {
        "carrier": _text(request.carrier, "carrier", problems),
        "tracking_number": _text(request.tracking_number, "trackingNumber", problems),
        "tracking_url": url,
        "shipped_at": shipped_at,
    }


def _check_lines(
    request: ShipmentRequest, progress: list[db.LineProgress], problems: list[Problem]
) -> list[tuple[db.LineProgress, int]]:
    if request.lines is None:
        left = [(p, p.quantity - p.shipped_quantity) for p in progress]
        chosen = [(p, n) for p, n in left if n > 0]
        if not chosen:
            problems.append(Problem("INVALID", ["input", "lines"], "Everything has shipped."))
        return chosen
    if not request.lines or len(request.lines) > MAX_LINES:
        problems.append(
            Problem("INVALID", ["input", "lines"], f"Ship 1 to {MAX_LINES} lines of the order.")
        )
        return []
    by_sku = {p.sku: p for p in progress}
    chosen: list[tuple[db.LineProgress, int]] = []
    seen: set[str] = set()
    for index, line in enumerate(request.lines):
        at = ["input", "lines", str(index)]
        sku = line.sku.strip()
        found = by_sku.get(sku)
        if found is None:
            problems.append(Problem("INVALID", [*at, "sku"], "This SKU is not on the order."))
            continue
        if sku in seen:
            problems.append(Problem("INVALID", [*at, "sku"], "List each SKU once."))
            continue
        seen.add(sku)
        left = found.quantity - found.shipped_quantity
        if not 1 <= line.quantity <= left:
            problems.append(
                Problem(
                    "INVALID",
                    [*at, "quantity"],
                    f"Between 1 and {left}: {found.quantity} ordered, "
                    f"{found.shipped_quantity} shipped."
                    if left
                    else f"All {found.quantity} have shipped.",
                )
            )
            continue
        chosen.append((found, line.quantity))
    return chosen


async def create_shipment(
    conn: asyncpg.Connection, shop_id: UUID, raw_order_id: str, request: ShipmentRequest
) -> db.Shipment:
    order_id = uuid_or_none(raw_order_id)
    async with conn.transaction():
        order = await order_writes.lock_order(conn, shop_id, order_id) if order_id else None
        if order is None:
            raise ProblemError(Problem("NOT_FOUND", ["orderId"], "There is no such order."))
        if order.fulfilment_status == "CANCELLED":
            raise ProblemError(
                Problem("CONFLICT", ["orderId"], "The order is cancelled; nothing ships.")
            )
        problems: list[Problem] = []
        fields = _check_fields(request, problems)
        lines = _check_lines(request, await db.line_progress(conn, shop_id, order.id), problems)
        if problems:
            raise ProblemError(*problems)
        taken = await db.add_shipped(conn, shop_id, [p.id for p, _ in lines], [n for _, n in lines])
        if taken != len(lines):  # the checks above raced (the order lock should prevent it)
            raise ProblemError(
                Problem("CONFLICT", ["input", "lines"], "More than was ordered; try again.")
            )
        shipment = await db.insert_shipment(conn, shop_id, order.id, lines=lines, **fields)  # type: ignore[arg-type]
        await db.follow_shipped_quantities(conn, shop_id, order.id)
        if request.notify_customer:
            await enqueue_shipped_mail(conn, order, shipment, {p.sku: p.name for p, _ in lines})
        return shipment
