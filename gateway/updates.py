"""Partial updates: a field left out of an update input is KEEP, not None (None clears)."""

from __future__ import annotations

from typing import Any


class Keep:
    """A field left out of an update: keep what is there."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = Keep()
