"""Documents too big to validate cheaply are refused before validation; new documents are
validated off the event loop; a comment does not defeat the document cache."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest
from graphql import ValidationRule

from gateway.tenancy.shops import CreatedShop
from gateway.web.budget import Budget
from gateway.web.documents import DocumentCache
from gateway.web.errors import HTTPProblem
from resolvers.schema import storefront_schema
from tests.conftest import make_settings
from tests.gql import storefront

REPEATED = "{ storefront { " + " ".join(["name"] * 500) + " } }"  # 2.5 KB, under 2,000 tokens
WIDE_ALIASES = "{ " + " ".join(f"a{i}: storefront {{ name }}" for i in range(320)) + " }"
SAME_ARGUMENTS = "{ " + " ".join(['product(sku: "A") { name sku }'] * 40) + " }"
NESTED_FRAGMENTS = "{ viewer { ...F30 } }\nfragment F0 on Contact { id }\n" + "".join(
    f"fragment F{i} on Contact {{ organisation {{ id }} ...F{i - 1} }}\n" for i in range(1, 31)
)


def documents(**overrides: Any) -> DocumentCache:
    return DocumentCache(
        storefront_schema._schema,
        max_depth=12,
        max_aliases=15,
        max_tokens=2000,
        introspection=True,
        hide_suggestions=False,
        **overrides,
    )


@pytest.mark.parametrize("query", [REPEATED, WIDE_ALIASES, SAME_ARGUMENTS, NESTED_FRAGMENTS])
async def test_complex_documents_are_refused_before_validation(
    app: Any, client: httpx.AsyncClient, shop: CreatedShop, query: str
) -> None:
    cache = app.state.storefront_documents
    validations = cache.stats.validations
    body = await storefront(client, shop.storefront_key, query)
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "DOCUMENT_TOO_COMPLEX"
    assert "600 fields" in error["message"] and "200 same-named field pairs" in error["message"]
    assert cache.stats.validations == validations  # never validated


async def test_a_document_over_the_size_limit_is_refused_unparsed(
    app: Any, client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    cache = app.state.storefront_documents
    validations, misses = cache.stats.validations, cache.stats.misses
    padded = "# " + "x" * 17_000 + "\n{ storefront { name } }"
    body = await storefront(client, shop.storefront_key, padded)
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "DOCUMENT_TOO_LARGE"
    assert f"{len(padded)} bytes; at most 16384" in error["message"]
    # Multi-byte characters count as bytes.
    wide = "# " + "é" * 8_200 + "\n{ storefront { name } }"
    body = await storefront(client, shop.storefront_key, wide)
    assert body["errors"][0]["extensions"]["code"] == "DOCUMENT_TOO_LARGE"
    assert (cache.stats.validations, cache.stats.misses) == (validations, misses)


async def test_documents_within_the_budget_still_run(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    few = "{ storefront { " + " ".join(["name"] * 20) + " } }"
    assert await storefront(client, shop.storefront_key, few) == {
        "data": {"storefront": {"name": "Test shop"}}
    }


def test_the_budget_is_configurable() -> None:
    tight = documents(budget=Budget(max_bytes=4096, max_fields=10, max_pairs=0))
    refused = tight.get("{ storefront { name name } }")
    assert refused.errors[0].extensions == {"code": "DOCUMENT_TOO_COMPLEX"}
    wide = tight.get("{ " + " ".join(f"a{i}: storefront {{ name }}" for i in range(6)) + " }")
    assert wide.errors[0].extensions == {"code": "DOCUMENT_TOO_COMPLEX"}
    assert tight.get("{ storefront { name } }").errors == ()
    settings = make_settings()
    assert (settings.max_document_bytes, settings.max_document_fields) == (16384, 600)


async def test_a_new_document_is_validated_off_the_event_loop() -> None:
    seen: list[str] = []

    class WhereRule(ValidationRule):
        def enter_document(self, *_: Any) -> None:
            seen.append(threading.current_thread().name)

    cache = documents(extra_rules=(WhereRule,))
    prepared = await cache.prepare("{ storefront { name } }")
    assert prepared.errors == ()
    assert len(seen) == 1 and seen[0] != threading.current_thread().name
    assert seen[0].startswith("validate")
    again = await cache.prepare("{ storefront { name } }")  # a hit: no thread, no validation
    assert again is prepared and len(seen) == 1


async def test_too_many_new_documents_at_once_answer_unavailable() -> None:
    cache = documents(max_pending=0)
    with pytest.raises(HTTPProblem) as refused:
        await cache.prepare("{ storefront { name } }")
    assert (refused.value.status, refused.value.code) == (503, "UNAVAILABLE")


async def test_a_comment_or_spacing_finds_the_validated_document(
    app: Any, client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    cache = app.state.storefront_documents
    query = "query Named { storefront { name } }"
    first = await storefront(client, shop.storefront_key, query)
    validations, entries = cache.stats.validations, len(cache._entries)
    for n in range(20):
        variant = f"# random comment {n}\nquery   Named {{\n storefront {{ name }} # {n}\n}}"
        assert await storefront(client, shop.storefront_key, variant) == first
    assert cache.stats.validations == validations
    assert cache.stats.token_hits >= 20
    assert len(cache._entries) == entries  # variants are not kept: they cost nothing to hold
    # Different tokens are a different document, even when the values look alike.
    other = await storefront(client, shop.storefront_key, '{ product(sku: "storefront") { sku } }')
    assert other == {"data": {"product": None}}
    assert cache.stats.validations == validations + 1


def test_the_token_key_keeps_every_token_and_drops_only_what_graphql_ignores() -> None:
    from gateway.web.documents import token_key

    same = [
        "{ storefront { name } }",
        "{storefront{name}}",
        "# a comment\n{ storefront ,,, { name } } # another",
        "\ufeff{\tstorefront\r\n{ name }}",
    ]
    assert len({token_key(q, 2000) for q in same}) == 1
    different = [
        '{ product(sku: "a b") { sku } }',
        '{ product(sku: "a  b") { sku } }',  # spacing inside a string counts
        '{ product(sku: "a,b") { sku } }',  # so do commas and # inside strings
        '{ product(sku: "a#b") { sku } }',
        '{ product(sku: """a b""") { sku } }',
        "{ product(sku: $a) { sku } }",
        "{ product(sku: a) { sku } }",
        "{ product(sku: 1) { sku } }",
        "{ product(sku: 1.0) { sku } }",
    ]
    assert len({token_key(q, 2000) for q in different}) == len(different)
    assert token_key("{ a\x00 }", 2000) is None  # NUL: never keyed (parsing refuses it)
    # A comment running to the end of the text is ignored whole, whatever it holds (one match
    # per token: the characters skipped before a token are never given back to be read).
    assert token_key('{ a } # "b { c', 2000) == token_key("{ a }", 2000)
    assert token_key("{ a }\r# b\n# c ", 2000) == token_key("{ a }", 2000)
    # Found by QA: texts graphql-core refuses shared a valid text's key, so once the valid one
    # was cached they ran it: an unterminated block string read as `""` and a string, and a
    # lone surrogate that ends a comment for graphql-core.
    assert token_key('{ p(s: ["""X"]) { a } }', 2000) != token_key('{ p(s: ["" "X"]) { a } }', 2000)
    assert token_key("{ a } # \ud800 }", 2000) != token_key("{ a }", 2000)
    assert token_key("{ a(x: [0-1]) }", 2000) == token_key("{ a(x: [0 -1]) }", 2000)
    assert token_key("{ " + "a " * 10 + "}", 5) is None


async def test_errors_point_into_the_text_that_was_sent(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    first = await storefront(client, shop.storefront_key, "{ storefront { nmae } }")
    assert first["errors"][0]["locations"] == [{"line": 1, "column": 16}]
    again = await storefront(client, shop.storefront_key, "# moved\n{ storefront { nmae } }")
    assert again["errors"][0]["locations"] == [{"line": 2, "column": 16}]


WRITTEN = [
    REPEATED,
    WIDE_ALIASES,
    SAME_ARGUMENTS,
    NESTED_FRAGMENTS,
    "query Q($a: [Int!] = [1, 2], $o: In = {a: {b: 1}}) @d(x: {y: [1]}) {\n"
    "  a: b(c: {d: {e: 1}}, f: [{g: 2}]) @include(if: $x) {\n"
    "    ...F ... on T { h } ... @skip(if: true) { i j: k }\n"
    "  }\n  l\n}\n"
    'fragment F on T @d { m(n: "{ x y z }", p: """ { q } """) { o } }',
    "{ a { b c } }  # { d e f }",
    'mutation { login(email: "a", password: "b") { session { token } errors { code } } }',
    # Found by QA: numbers read as graphql-core reads them, and what its strings take
    # (control characters, a surrogate pair escape); the scan gave 0 for each, so a bomb
    # beginning with one of them was parsed in full.
    "{ a(x: [0-1]) b c }",
    "{ a(x: [1.5-2e3, -0, 1E+5]) b }",
    '{ a(x: "\x01\x7f\t") b }',
    '{ a(x: """\x01\x0b\x0c\r\n""") b }',
    '{ a(x: "\\ud83d\\ude00 \\u{1F600} \U0001f600") b }',
]


@pytest.mark.parametrize("query", WRITTEN)
def test_the_text_scan_counts_the_fields_the_parser_finds(query: str) -> None:
    from graphql import FieldNode, Visitor, parse, visit

    from gateway.web.budget import scan
    from gateway.web.documents import document_tokens

    class Fields(Visitor):
        count = 0

        def enter_field(self, node: FieldNode, *_: Any) -> None:
            self.count += 1

    parsed = Fields()
    visit(parse(query), parsed)
    tokens = document_tokens(query, 100_000)
    assert tokens is not None
    assert scan(tokens)[0] == parsed.count


def test_a_text_with_too_many_fields_is_refused_before_it_is_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Parsing costs about 1 ms a kilobyte in the worker thread, holding the GIL against the
    event loop (bench/hostile.py's validation bomb: 7.5 KB, 10 ms each)."""
    import gateway.web.documents as documents_module

    def no_parse(*_: Any, **__: Any) -> Any:
        raise AssertionError("parsed")

    cache = documents()
    monkeypatch.setattr(documents_module, "parse", no_parse)
    bomb = "# 1\n{ storefront { a1: name " + "name " * 1500 + "} }"
    (error,) = cache.get(bomb).errors
    assert error.extensions == {"code": "DOCUMENT_TOO_COMPLEX"}
    with pytest.raises(AssertionError, match="parsed"):  # within the budget: parsed as before
        cache.get("{ storefront { name } }")


def test_the_scan_stops_once_the_field_budget_is_spent() -> None:
    """A validation bomb is refused after its first `limit` + 1 fields; the rest of its text is
    not walked (bench/hostile.py: the scan of its 1,500 fields took a millisecond in the worker
    thread, holding the GIL against the event loop)."""
    from gateway.web.budget import scan
    from gateway.web.documents import document_tokens

    bomb = document_tokens("{ storefront { " + "name " * 1500 + "} }", 100_000)
    assert bomb is not None
    assert scan(bomb, 600) == (601, None)
    assert scan(bomb)[0] == 1501
    within = document_tokens("{ storefront { " + "name " * 599 + "} }", 100_000)
    assert within is not None
    assert scan(within, 600) == scan(within)  # within the budget: count and shape as before
    assert scan(within, 600)[0] == 600
    # Over the budget, a text is refused whatever follows, even what the lexer would refuse:
    # sending it to the parser instead would let one bad character at the end buy a full
    # parse of the bomb.
    spoiled = document_tokens("{ storefront { " + "name " * 601 + "} } '", 100_000)
    assert spoiled is not None and scan(spoiled, 600) == (601, None)
    (error,) = documents().get("{ storefront { " + "name " * 601 + "} } '").errors
    assert error.extensions == {"code": "DOCUMENT_TOO_COMPLEX"}


def test_a_costly_document_renamed_is_refused_without_parsing_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Aliases weigh nothing, so renaming them (bench/hostile.py's cost bomb does so on every
    request, defeating a cache keyed by text or tokens) finds the refusal by the document's
    shape; a document that differs in anything else is parsed."""
    import gateway.web.documents as documents_module

    def bomb(tag: str) -> str:
        field = "orders(first: 100) { edges { node { lines { sku name } } } }"
        return "{ " + " ".join(f"{tag}{i}: viewer {{ {field} }}" for i in range(15)) + " }"

    cache = documents(max_cost=20_000)
    (first,) = cache.get(bomb("a")).errors
    assert first.extensions is not None and first.extensions["code"] == "QUERY_TOO_COSTLY"
    parses = []
    original = documents_module.parse
    monkeypatch.setattr(
        documents_module, "parse", lambda *a, **k: parses.append(1) or original(*a, **k)
    )
    (again,) = cache.get(bomb("b")).errors
    assert again.message == first.message and parses == []
    cheap = bomb("c").replace("first: 100", "first: 1")  # another shape: parsed, and passes
    assert cache.get(cheap).errors == () and parses == [1]
    # A non-Name before a colon is no alias: that text is parsed (and fails to parse).
    broken = bomb("d").replace("d0:", "0:")
    (error,) = cache.get(broken).errors
    assert error.extensions is not None and error.extensions["code"] == "GRAPHQL_PARSE_FAILED"


@pytest.mark.parametrize(
    "text",
    [
        "{ storefront { name } }\nenum E { " + " ".join(f"V{i}" for i in range(601)) + " }",
        "type T { " + " ".join(f"f{i}: Int" for i in range(601)) + " }",
        '"desc" input I { a: Int = 1 }',
        '{ storefront { name } "' + " name" * 601 + "\n}",  # an unterminated string
        "{ storefront { \x01: name } }",  # a character no document holds
        '{ a(x: "\\ud800") { b } }',  # an escaped lone surrogate
        '{ a(x: "\ud800") { b } }',  # a lone surrogate in a string
        "{ a { b } } # \ud800",  # and in a comment, where graphql-core ends the comment
        '{ a(x: """ b \ud800 """) { b } }',  # and in a block string
        "{ a: storefront(x: [1a]) { name } }",  # a number glued to a name
        '{ a(x: "\\q") { b } }',  # a bad escape
        "{ a(x: 01) { b } }",
    ],
)
def test_texts_the_lexer_refuses_or_type_definitions_are_left_to_the_parser(text: str) -> None:
    """Found by QA: the scan counted the fields of `type`/`enum` definitions and names after an
    unterminated string, and took `\\x01` for its alias marker; such texts now get no count and
    no shape, so the parser and validation answer them as before."""
    from gateway.web.budget import scan
    from gateway.web.documents import document_tokens

    tokens = document_tokens(text, 100_000)
    assert tokens is not None
    assert scan(tokens) == (0, None)
    (error,) = documents().get(text).errors
    assert error.extensions is not None
    assert error.extensions["code"] in ("GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED")


def test_a_costly_document_is_refused_as_costly_whatever_its_aliases() -> None:
    """Aliases change the complexity walk (same-named pairs) but not the cost, so cost is
    checked first: a text of a remembered shape gets the answer it would get fresh (QA)."""
    inner = "orders(first: 100) { edges { node { lines { sku } } } }"
    costly = " ".join(f"z{j}: viewer {{ {inner} }}" for j in range(10))
    many = "{ " + " ".join(f"a{i}: viewer {{ id }}" for i in range(70)) + " " + costly + " }"
    same_named = many
    for i in range(70):
        same_named = same_named.replace(f"a{i}: viewer", "x: viewer", 1)
    fresh = documents(max_cost=20_000)
    (alone,) = fresh.get(same_named).errors
    assert alone.extensions is not None and alone.extensions["code"] == "QUERY_TOO_COSTLY"
    cache = documents(max_cost=20_000)
    cache.get(many)
    (after,) = cache.get(same_named).errors
    assert after.message == alone.message
