"""Making instances of Strawberry types on hot paths."""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")
_new = object.__new__


def instance(cls: type[T], values: dict[str, Any]) -> T:
    """An instance of `cls` (a Strawberry type, i.e. a dataclass without `__slots__`) whose
    attributes are `values`, made without calling the dataclass `__init__` with keywords: about
    a third of the time, for the tens of orders, lines, invoices and products a dashboard makes
    per request. Fields left out keep their class defaults, as `__init__` would give them;
    `values` becomes the instance's `__dict__` (pass a new dict). Each caller is checked against
    `__init__` by tests/my_account/test_order_objects.py."""
    made = _new(cls)
    made.__dict__ = values
    return made
