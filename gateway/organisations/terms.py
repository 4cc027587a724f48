"""Payment terms: paying "on account" (by invoice, within the organisation's net days).

A checkout may choose the payment method `on_account` (also written "on account",
"ON_ACCOUNT", "on-account") only while the buyer acts for an organisation with payment terms
(`paymentTermsDays` set); anyone else gets INVALID on `input.paymentMethod`. The invoice of such
an order is due `paymentTermsDays` after it is issued.
"""

from __future__ import annotations

import re
from uuid import UUID

import asyncpg

from gateway.db import b2b as db
from gateway.errors import Problem, ProblemError

ON_ACCOUNT = "on_account"


def is_on_account(payment_method: str) -> bool:
    return re.sub(r"[^a-z]", "", payment_method.lower()) == "onaccount"


async def check_payment_method(
    conn: asyncpg.Connection, shop_id: UUID, payment_method: str, organisation_id: UUID | None
) -> None:
    if not is_on_account(payment_method):
        return
    terms = None
    if organisation_id is not None:
        terms = await db.payment_terms_days(conn, shop_id, organisation_id)
    if terms is None:
        raise ProblemError(
            Problem(
                "INVALID",
                ["input", "paymentMethod"],
                "Paying on account is for organisations with payment terms; choose another "
                "payment method.",
            )
        )
