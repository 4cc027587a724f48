"""Random secrets and their hashes: keys, tokens, signing secrets."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32  # 256 bits


def new_token(prefix: str = "") -> str:
    """A URL-safe random token of 256 bits ([A-Za-z0-9_-], 43 characters after the prefix)."""
    return prefix + secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()
