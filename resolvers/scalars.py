"""Shared GraphQL value types."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import strawberry


@strawberry.type
class Money:
    amount: Decimal
    currency: str


CENT = Decimal("0.01")


@lru_cache(maxsize=16_384)
def money(amount: Decimal, currency: str) -> Money:
    """The Money value (shared: amounts repeat across a catalogue; never mutate one)."""
    return Money(amount=amount.quantize(CENT), currency=currency)
