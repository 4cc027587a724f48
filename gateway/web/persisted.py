"""Automatic persisted queries (the Apollo APQ protocol).

A client sends `extensions: {"persistedQuery": {"version": 1, "sha256Hash": "<hex>"}}` without
the query; if this process knows the hash it runs that query, otherwise it answers
PERSISTED_QUERY_NOT_FOUND and the client sends query and hash together once, which registers
the query after checking the hash. Queries can then travel as short GET requests that HTTP
caches can keep. Each replica learns hashes on its own; a miss costs one retry.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Any

from gateway.web.errors import HTTPProblem

NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"


class PersistedQueries:
    def __init__(self, max_entries: int = 5000) -> None:
        self._queries: OrderedDict[str, str] = OrderedDict()
        self._max = max_entries

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
            if hashlib.sha256(query.encode("utf-8", "surrogatepass")).hexdigest() != digest:
                raise HTTPProblem(400, "sha256Hash does not match the query.", "BAD_REQUEST")
            self._queries[digest] = query
            self._queries.move_to_end(digest)
            if len(self._queries) > self._max:
                self._queries.popitem(last=False)
            return query
        known = self._queries.get(digest)
        if known is None:
            raise HTTPProblem(200, "PersistedQueryNotFound", NOT_FOUND)
        self._queries.move_to_end(digest)
        return known
