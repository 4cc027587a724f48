"""The document cache and the persisted-query store are bounded in bytes, not entries."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx

from gateway.tenancy.shops import CreatedShop
from gateway.web.byte_lru import ByteLRU
from gateway.web.documents import DocumentCache
from gateway.web.errors import HTTPProblem
from gateway.web.persisted import PersistedQueries
from resolvers.schema import storefront_schema
from tests.conftest import make_settings

PADDING = "# " + "p" * 8_000 + "\n"  # a big comment: cheap to validate, heavy to keep


def _apq(query: str | None, digest: str) -> dict[str, Any]:
    body: dict[str, Any] = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}}
    if query is not None:
        body["query"] = query
    return body


def _sha(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def test_the_lru_keeps_to_its_bytes() -> None:
    evicted: list[str] = []
    lru: ByteLRU[str, str] = ByteLRU(100, lambda key, _: evicted.append(key))
    for key in "abcde":
        assert lru.put(key, key, 30)
        assert lru.bytes <= 100
    assert evicted == ["a", "b"] and len(lru) == 3
    assert lru.get("c") == "c"  # now the most recent: d goes next
    assert lru.put("f", "f", 30)
    assert evicted == ["a", "b", "d"]
    assert not lru.put("huge", "x", 101)  # bigger than the whole budget: not kept
    assert "huge" not in lru and lru.bytes == 90


def test_the_document_cache_keeps_to_its_bytes() -> None:
    budget = 2 * 1024 * 1024
    cache = DocumentCache(
        storefront_schema._schema,
        max_depth=12,
        max_aliases=15,
        max_tokens=2000,
        introspection=True,
        hide_suggestions=False,
        max_bytes=budget,
    )
    texts = [f"{PADDING}{{ n{i}: storefront {{ name }} }}" for i in range(200)]
    for text in texts:
        assert cache.get(text).errors == ()
        assert cache.bytes <= budget
    kept = len(cache._entries)
    assert 0 < kept < 200
    assert kept * len(texts[0]) <= budget
    # The newest is still a hit; the oldest was evicted (and its token key with it).
    hits = cache.stats.hits
    cache.get(texts[-1])
    assert cache.stats.hits == hits + 1
    assert texts[0] not in cache._entries
    assert len(cache._by_tokens) == kept


def test_the_persisted_store_keeps_to_its_bytes() -> None:
    store = PersistedQueries(max_bytes=1024 * 1024, max_query_bytes=60_000)
    texts = [f"# {'q' * 50_000} {i}\n{{ storefront {{ name }} }}" for i in range(100)]
    for text in texts:
        assert store.resolve(text, _apq(text, _sha(text))["extensions"]) == text
        assert store.bytes <= 1024 * 1024
    last = texts[-1]
    assert store.resolve(None, _apq(None, _sha(last))["extensions"]) == last
    try:
        store.resolve(None, _apq(None, _sha(texts[0]))["extensions"])
        raise AssertionError("the oldest should be gone")
    except HTTPProblem as problem:
        assert problem.code == "PERSISTED_QUERY_NOT_FOUND"
    # A text over the document size limit is never kept.
    huge = "# " + "h" * 70_000 + "\n{ storefront { name } }"
    before = store.bytes
    store.resolve(huge, _apq(huge, _sha(huge))["extensions"])
    assert store.bytes == before


async def test_large_documents_do_not_grow_the_process(pool: Any, shop: CreatedShop) -> None:
    """The issue's attack (2,000 requests of 200 KB grew a process by 700 MB), in small: over the
    document limit nothing is kept; under it, the caches stay within their bytes."""
    from gateway.app import create_app

    settings = make_settings(document_cache_bytes=1024 * 1024, persisted_query_bytes=256 * 1024)
    application = create_app(settings, pool=pool)
    transport = httpx.ASGITransport(app=application)
    headers = {"X-Storefront-Key": shop.storefront_key}
    async with (
        application.router.lifespan_context(application),
        httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client,
    ):
        documents = application.state.storefront_documents
        persisted = application.state.storefront_persisted
        for i in range(10):
            big = f"# {'b' * 200_000}\n{{ n{i}: storefront {{ name }} }}"
            response = await client.post("/graphql", json=_apq(big, _sha(big)), headers=headers)
            assert response.json()["errors"][0]["extensions"]["code"] == "DOCUMENT_TOO_LARGE"
        assert documents.bytes == 0 and persisted.bytes == 0
        for i in range(60):
            text = f"{PADDING}{PADDING}{{ n{i}: storefront {{ name }} }}"
            response = await client.post("/graphql", json=_apq(text, _sha(text)), headers=headers)
            assert response.json() == {"data": {f"n{i}": {"name": "Test shop"}}}
            assert documents.bytes <= 1024 * 1024 and persisted.bytes <= 256 * 1024
        assert 0 < len(documents._entries) < 60
