"""The catalogue rows a process has read, kept for the next `prices` call.

A portal prices the same order form again and again; reading 500 products and their breaks
from PostgreSQL each time was most of such a call. This cache keeps, per (shop, price list),
the rows of the SKUs asked for (and the SKUs found missing or inactive), stamped with the shop's
`catalogue_version`. PostgreSQL bumps that version in the same transaction as any write to
`products` or `price_list_prices` (triggers of migration 0016), and `prices` reads it in the
same statement that fetches the rows the cache lacks (`gateway.db.pricing.priced_since`), so
an answer never mixes rows of two versions and a change made through any replica is seen by
the next call of every replica.

Bounded: at most `max_rows` rows in all (least recently used (shop, price list) first out).
Rows live here (SKU, name, base price, currency, breaks) and, beside them, what callers derived
from them (`derived`): a priced value per SKU for given terms and quantity, so an order form
priced again costs a lookup per SKU instead of pricing and building its answer anew. A derived
value depends only on the rows and the tag it is kept under (which holds the viewer's terms),
so viewers share it only when they would compute the same value; it is dropped with the rows
when the version changes. Derived values count towards the bound too (at most `max_rows` of
them in all, `MAX_TAGS` tags per key); over it they are all forgotten and derived anew.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from gateway.db.pricing import CatalogueRow

Key = tuple[UUID, UUID | None]  # (shop, price list or None for no price list)
MAX_TAGS = 8  # derived memos per key: e.g. the quantities a portal prices its form at


@dataclass
class _Held:
    version: int
    rows: dict[str, CatalogueRow | None] = field(default_factory=dict)  # None: not sold
    # tag -> SKU -> a value derived from that SKU's row (least recently used tag first)
    derived: OrderedDict[Hashable, dict[str, Any]] = field(default_factory=OrderedDict)


class CatalogueCache:
    def __init__(self, max_rows: int = 200_000) -> None:
        self.max_rows = max_rows
        self._held: OrderedDict[Key, _Held] = OrderedDict()
        self._size = 0
        self._derived = 0  # derived values held, in all keys and tags

    def version(self, key: Key) -> int:
        """The version held for this key, -1 when nothing is held."""
        held = self._held.get(key)
        return held.version if held is not None else -1

    def split(self, key: Key, skus: list[str]) -> tuple[dict[str, CatalogueRow | None], list[str]]:
        """(what is held for these SKUs, the SKUs not held)."""
        held = self._held.get(key)
        if held is None:
            return {}, skus
        self._held.move_to_end(key)
        rows = held.rows
        known = {s: rows[s] for s in skus if s in rows}
        return known, [s for s in skus if s not in known]

    def derived(self, key: Key, version: int, tag: Hashable) -> dict[str, Any] | None:
        """The memo of values derived under `tag` from the rows held for `key`, when they are
        the rows of `version`; None otherwise (derive without keeping). Fill it with `remember`."""
        held = self._held.get(key)
        if held is None or held.version != version:
            return None
        memo = held.derived.get(tag)
        if memo is None:
            if len(held.derived) >= MAX_TAGS:
                _, dropped = held.derived.popitem(last=False)
                self._derived -= len(dropped)
            memo = held.derived[tag] = {}
        else:
            held.derived.move_to_end(tag)
        return memo

    def remember(self, memo: dict[str, Any], sku: str, value: Any) -> None:
        """Keep `value` in a memo `derived` returned (all memos are forgotten past the bound)."""
        if self._derived >= self.max_rows:
            for held in self._held.values():
                held.derived.clear()
            memo.clear()  # possibly already unlinked from its key: do not let it grow
            self._derived = 0
            return
        if sku not in memo:
            self._derived += 1
        memo[sku] = value

    def store(
        self,
        key: Key,
        version: int,
        asked: Iterable[str],
        found: list[CatalogueRow],
        complete: bool,
    ) -> None:
        """Keep the rows read at `version` for the SKUs `asked` (those not in `found` are not
        sold). `complete`: the read covered every asked SKU, not only the ones not held."""
        held = self._held.get(key)
        if held is not None and held.version != version:
            if version < held.version:
                # An older snapshot finishing late, or a database restored to an earlier
                # state: keep nothing, so the next call reads everything again.
                self._drop(key)
                return
            self._drop(key)
            held = None
        if held is None:
            if not complete:
                return  # rows of a partial read at a version never held: not enough to keep
            held = self._held[key] = _Held(version)
        rows = held.rows
        before = len(rows)
        for sku in asked:
            rows.setdefault(sku, None)
        for row in found:
            rows[row.sku] = row
        self._size += len(rows) - before
        self._held.move_to_end(key)
        self._evict()

    def _drop(self, key: Key) -> None:
        held = self._held.pop(key, None)
        if held is not None:
            self._size -= len(held.rows)
            self._derived -= sum(len(m) for m in held.derived.values())

    def _evict(self) -> None:
        while self._size > self.max_rows and self._held:
            key = next(iter(self._held))
            if len(self._held) == 1:
                held = self._held[key]
                # One key over the bound: forget its oldest rows (dicts keep insertion order).
                extra = self._size - self.max_rows
                for sku in list(held.rows)[:extra]:
                    del held.rows[sku]
                self._size -= extra
                self._derived -= sum(len(m) for m in held.derived.values())
                held.derived.clear()  # values of forgotten rows must not outlive them
                return
            self._drop(key)

    @property
    def rows(self) -> int:
        return self._size
