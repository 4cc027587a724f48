"""Admin `returnUpdate`: the merchant moves a return on, and the customer hears of each step.

REQUESTED -> APPROVED | REJECTED; APPROVED -> RECEIVED | REJECTED; RECEIVED -> REFUNDED.
REJECTED and REFUNDED are final. The change is one conditional update (`where status =
any(allowed predecessors)`), so two clicks at once move it once; the loser gets CONFLICT. A
rejected return gives its quantities back (they may be requested again). The mail for the new
status is queued in the same transaction.
"""

from __future__ import annotations

from uuid import UUID

import asyncpg

from gateway.contacts.fields import check_free_text
from gateway.db import orders as orders_db
from gateway.db import returns as db
from gateway.errors import Problem, ProblemError
from gateway.returns.mails import enqueue_return_mail
from gateway.validation import uuid_or_none

NEXT: dict[str, tuple[str, ...]] = {
    "REQUESTED": ("APPROVED", "REJECTED"),
    "APPROVED": ("RECEIVED", "REJECTED"),
    "RECEIVED": ("REFUNDED",),
    "REJECTED": (),
    "REFUNDED": (),
}
MAX_NOTE = 2000


def predecessors(status: str) -> list[str]:
    return [before for before, after in NEXT.items() if status in after]


def _check_note(raw: str | None) -> str | None:
    note, problems = check_free_text(raw, ["input", "note"], MAX_NOTE)
    if problems:
        raise ProblemError(*problems)
    return note


def _refused(current: str, wanted: str) -> ProblemError:
    allowed = ", ".join(NEXT[current]) or "nothing (it is final)"
    return ProblemError(
        Problem(
            "CONFLICT",
            ["input", "status"],
            f"A return that is {current} can move on to {allowed}, not {wanted}.",
        )
    )


async def update_return(
    conn: asyncpg.Connection, shop_id: UUID, raw_id: str, status: str, raw_note: str | None
) -> db.Return:
    return_id = uuid_or_none(raw_id)
    note = _check_note(raw_note)
    if status not in NEXT:
        raise ProblemError(Problem("INVALID", ["input", "status"], "Unknown status."))
    async with conn.transaction():
        current = await db.return_by_id(conn, shop_id, return_id) if return_id else None
        if current is None:
            raise ProblemError(Problem("NOT_FOUND", ["id"], "There is no such return."))
        if status not in NEXT[current.status]:
            raise _refused(current.status, status)
        if not await db.change_status(
            conn, shop_id, current.id, status, predecessors(status), note
        ):
            # Someone else moved it meanwhile: say what it is now.
            now = await db.return_by_id(conn, shop_id, current.id)
            assert now is not None
            raise _refused(now.status, status)
        if status == "REJECTED":
            await db.release_returning(conn, shop_id, current.id)
        changed = await db.return_by_id(conn, shop_id, current.id)
        orders = await orders_db.orders_by_ids(conn, shop_id, [current.order_id])
        assert changed is not None and orders
        await enqueue_return_mail(conn, orders[0], changed)
        return changed
