"""A least-recently-used map bounded by the bytes its entries hold, not by their number.

Entries say their own size (an estimate in bytes, given by the caller); putting one evicts the
least recently used until the total fits `max_bytes`. An entry bigger than the whole budget is
not kept. `on_evict(key, value)` is told of every entry that leaves.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class ByteLRU(Generic[K, V]):
    def __init__(self, max_bytes: int, on_evict: Callable[[K, V], None] | None = None) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._on_evict = on_evict

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def get(self, key: K) -> V | None:
        """The value (now the most recently used), or None."""
        found = self._entries.get(key)
        if found is None:
            return None
        self._entries.move_to_end(key)
        return found[0]

    def put(self, key: K, value: V, size: int) -> bool:
        """Keep `value` under `key` (replacing any); False when it alone exceeds the budget."""
        self.pop(key)
        if size > self.max_bytes:
            return False
        self._entries[key] = (value, size)
        self.bytes += size
        while self.bytes > self.max_bytes:
            old_key, (old_value, old_size) = self._entries.popitem(last=False)
            self.bytes -= old_size
            if self._on_evict is not None:
                self._on_evict(old_key, old_value)
        return True

    def pop(self, key: K) -> V | None:
        found = self._entries.pop(key, None)
        if found is None:
            return None
        self.bytes -= found[1]
        if self._on_evict is not None:
            self._on_evict(key, found[0])
        return found[0]
