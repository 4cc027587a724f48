"""`returnRequest`: a signed-in customer sends back shipped lines, with a reason per line.

Rules: the order is the viewer's, or its organisation's for an ADMIN acting for it (see
`gateway.returns.access`); the storefront's
`returnWindowDays` (0: no returns) counts from the order's last shipment; each line names a
SKU of the order once, a quantity of at least 1 and a reason. The quantities are reserved by a
conditional update of the order lines (shipped minus what is already being returned, checked
again by `order_lines_returning_within`), so of many concurrent requests for the last unit
exactly one gets it. The number comes from the shop's gapless counter "return" (taken after
the reservation, so a refused request uses no number), and the receipt is mailed in the same
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import asyncpg

from gateway.contacts.fields import check_free_text
from gateway.db import returns as db
from gateway.db import shipments as shipments_db
from gateway.db.shops import Storefront, next_counter
from gateway.errors import Problem, ProblemError
from gateway.returns.access import returnable_order
from gateway.returns.mails import enqueue_return_mail
from gateway.validation import uuid_or_none

REASONS = ("DAMAGED", "WRONG_ITEM", "DOES_NOT_FIT", "NOT_AS_DESCRIBED", "CHANGED_MIND", "OTHER")
MAX_COMMENT = 2000
MAX_LINES = 100
COUNTER = "return"


@dataclass(frozen=True)
class ReturnLineRequest:
    sku: str
    quantity: int
    reason: str


@dataclass(frozen=True)
class ReturnRequest:
    lines: list[ReturnLineRequest]
    comment: str | None = None


def return_number(value: int) -> str:
    return f"R{value:05d}"


def _not_found() -> ProblemError:
    return ProblemError(Problem("NOT_FOUND", ["orderId"], "There is no such order."))


def _check_comment(raw: str | None, problems: list[Problem]) -> str | None:
    comment, found = check_free_text(raw, ["input", "comment"], MAX_COMMENT)
    problems += found
    return comment


def _check_lines(
    request: ReturnRequest, progress: list[shipments_db.LineProgress], problems: list[Problem]
) -> list[tuple[shipments_db.LineProgress, int, str]]:
    if not request.lines or len(request.lines) > MAX_LINES:
        problems.append(Problem("INVALID", ["input", "lines"], "Choose what to send back."))
        return []
    by_sku = {p.sku: p for p in progress}
    chosen = []
    seen: set[str] = set()
    for index, line in enumerate(request.lines):
        at = ["input", "lines", str(index)]
        sku = line.sku.strip()
        found = by_sku.get(sku)
        if line.reason not in REASONS:
            problems.append(Problem("INVALID", [*at, "reason"], "Choose a reason."))
        if found is None or sku in seen:
            message = "This SKU is not on the order." if found is None else "List each SKU once."
            problems.append(Problem("INVALID", [*at, "sku"], message))
            continue
        seen.add(sku)
        left = found.shipped_quantity - found.returning_quantity
        if not 1 <= line.quantity <= left:
            message = (
                f"Between 1 and {left}: what has shipped and is not being returned yet."
                if left
                else "Nothing of this line can be returned (not shipped, or already returned)."
            )
            problems.append(Problem("INVALID", [*at, "quantity"], message))
            continue
        chosen.append((found, line.quantity, line.reason))
    return chosen


async def _check_window(
    conn: asyncpg.Connection, storefront: Storefront, order_id: UUID, window_days: int
) -> None:
    if window_days <= 0:
        raise ProblemError(
            Problem("NOT_ALLOWED", ["orderId"], "This shop does not take returns online.")
        )
    last = await shipments_db.last_shipped_at(conn, storefront.shop_id, order_id)
    if last is None:
        raise ProblemError(
            Problem("INVALID", ["input", "lines"], "Nothing of this order has shipped yet.")
        )
    if datetime.now(UTC) > last + timedelta(days=window_days):
        raise ProblemError(
            Problem(
                "NOT_ALLOWED",
                ["orderId"],
                f"Returns are possible up to {window_days} days after shipping.",
            )
        )


async def request_return(
    conn: asyncpg.Connection,
    storefront: Storefront,
    viewer_id: UUID,
    raw_order_id: str,
    request: ReturnRequest,
    acting_organisation_id: UUID | None = None,
) -> db.Return:
    """Reserve the quantities, number the return and mail the receipt, or raise ProblemError.

    `acting_organisation_id`: the organisation the session acts for; its ADMIN may return
    the organisation's orders too (gateway.returns.access)."""
    shop_id = storefront.shop_id
    order_id = uuid_or_none(raw_order_id)
    if order_id is None:
        raise _not_found()
    async with conn.transaction():
        order = await returnable_order(conn, shop_id, viewer_id, order_id, acting_organisation_id)
        if order is None:
            raise _not_found()
        await _check_window(conn, storefront, order.id, storefront.return_window_days)
        problems: list[Problem] = []
        comment = _check_comment(request.comment, problems)
        progress = await shipments_db.line_progress(conn, shop_id, order.id)
        lines = _check_lines(request, progress, problems)
        if problems:
            raise ProblemError(*problems)
        taken = await db.reserve_returning(
            conn, shop_id, [p.id for p, _, _ in lines], [n for _, n, _ in lines]
        )
        if taken != len(lines):
            # Another request took these units between our read and the update: the
            # transaction rolls back, nothing is reserved, no number is used.
            raise ProblemError(
                Problem(
                    "INVALID",
                    ["input", "lines"],
                    "These items are already being returned.",
                )
            )
        number = return_number(await next_counter(conn, shop_id, COUNTER))
        ret = await db.insert_return(conn, shop_id, order.id, viewer_id, number, comment, lines)
        await enqueue_return_mail(conn, order, ret)
        return ret
