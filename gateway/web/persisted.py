"""Automatic persisted queries (the Apollo APQ protocol).

A client sends `extensions: {"persistedQuery": {"version": 1, "sha256Hash": "<hex>"}}` without
the query; if this process knows the hash it runs that query, otherwise it answers
PERSISTED_QUERY_NOT_FOUND and the client sends query and hash together once, which registers
the query after checking the hash. Queries can then travel as short GET requests that HTTP
caches can keep. Each replica learns hashes on its own; a miss costs one retry.

The store is bounded in bytes (`max_bytes`, the UTF-8 size of the texts plus ENTRY_OVERHEAD
each), least recently used first out; a text over `max_query_bytes` (the document size limit,
gateway/web/budget.py) is never kept: it is refused when it runs anyway.
"""

from __future__ import annotations

import hashlib
from typing import Any

from gateway.web.byte_lru import ByteLRU
from gateway.web.errors import HTTPProblem

NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
ENTRY_OVERHEAD = 300  # the digest, the str objects and the map's slot (bytes, measured roughly)


class PersistedQueries:
    def __init__(self, max_bytes: int = 8 * 1024 * 1024, max_query_bytes: int = 16 * 1024) -> None:
        self._queries: ByteLRU[str, str] = ByteLRU(max_bytes)
        self.max_query_bytes = max_query_bytes

    @property
    def bytes(self) -> int:
        return self._queries.bytes

    def resolve(self, query: Any, extensions: Any) -> Any:
        """The query text to run: as sent, or looked up by its hash."""
        persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
        if persisted is None:
            return query
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            raise HTTPProblem(400, "Only persisted query version 1 is supported.", "BAD_REQUEST")
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or len(digest) != 64:
            raise HTTPProblem(400, "sha256Hash must be 64 hex characters.", "BAD_REQUEST")
        digest = digest.lower()
        if isinstance(query, str) and query:
            encoded = query.encode("utf-8", "surrogatepass")
            if hashlib.sha256(encoded).hexdigest() != digest:
                raise HTTPProblem(400, "sha256Hash does not match the query.", "BAD_REQUEST")
            if len(encoded) <= self.max_query_bytes:
                self._queries.put(digest, query, len(encoded) + ENTRY_OVERHEAD)
            return query
        known = self._queries.get(digest)
        if known is None:
            raise HTTPProblem(200, "PersistedQueryNotFound", NOT_FOUND)
        return known
