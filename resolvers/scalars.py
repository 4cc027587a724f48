"""Shared GraphQL value types."""

from __future__ import annotations

from decimal import Decimal

import strawberry


@strawberry.type
class Money:
    amount: Decimal
    currency: str


CENT = Decimal("0.01")


def money(amount: Decimal, currency: str) -> Money:
    return Money(amount=amount.quantize(CENT), currency=currency)
