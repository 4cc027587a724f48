"""Storefront handles: the short name in /account/<handle>/ (unique per gateway)."""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterator

HANDLE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")
MAX_GENERATED = 30


def slug(name: str) -> str:
    """`Théo's Tea & Co.` -> `theo-s-tea-co`; at most 30 characters; `shop` when nothing is left."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return cleaned[:MAX_GENERATED].strip("-") or "shop"


def candidates(name: str) -> Iterator[str]:
    """Handles to try in order for a new storefront: the slug, slug-2 ... slug-9, then random."""
    base = slug(name)
    yield base
    for n in range(2, 10):
        yield f"{base}-{n}"
    while True:
        yield f"{base}-{secrets.token_hex(3)}"


def validate_handle(raw: str) -> str:
    """A handle as a merchant sets it: lower-cased; 1 to 40 of a-z, 0-9 and inner hyphens."""
    handle = raw.strip().lower()
    if not HANDLE.match(handle):
        raise ValueError(
            "A handle is 1 to 40 characters: a-z, 0-9 and hyphens, not at the start or end."
        )
    return handle
