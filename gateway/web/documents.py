"""Parse and validate each distinct document once; later requests reuse the result.

- The cache is bounded in bytes (`max_bytes`), least recently used first out. An entry weighs
  ENTRY_BASE + its text + BYTES_PER_TOKEN_BYTE per byte of its token key (1 for a refusal,
  which keeps no document): the parsed and validated document grows with its tokens, not its
  comments (measured with tracemalloc: 37-55 bytes per key byte over a 1 KB base, for small
  queries, the dashboard, introspection).
- A text seen before is one dict lookup. A new text is keyed again by its tokens (comments and
  whitespace left out), so a random comment finds the document validated already.
- Sizes are checked before anything else (gateway/web/budget.py); parsing, the budget walk and
  validation of a new text run in one worker thread per process, off the event loop; at most
  `max_pending` new texts wait for it (more answer 503 UNAVAILABLE).
- In production (`quiet_errors`) validation messages name no schema element
  (gateway/web/quiet_errors.py).
- `cost_error(...)` weighs an operation with its variables (gateway/web/cost_check.py); a
  document that costs too much whatever its variables is refused before validation.
"""

from __future__ import annotations

import asyncio
import contextvars
import gc
import re
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    ValidationRule,
    parse,
    specified_rules,
    validate,
)
from graphql.validation import NoSchemaIntrospectionCustomRule

from gateway.web.budget import Budget, complexity_error, scan, size_error, too_complex
from gateway.web.byte_lru import ByteLRU
from gateway.web.cost_check import CostCheck
from gateway.web.errors import HTTPProblem
from gateway.web.quiet_errors import quiet
from gateway.web.rules import make_limits_rule, root_fields
from gateway.web.secret_arguments import passes_secret

ENTRY_BASE = 2048
# One thread per process prepares new documents for every cache (both APIs): validation never
# takes more than one thread's share of the CPU, whatever floods in.
_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="validate")
BYTES_PER_TOKEN_BYTE = 48
COSTLY_SHAPES_BYTES = 1024 * 1024  # shapes refused as too costly, entries counted in full


def _shape_bytes(shape: str) -> int:
    """What an entry of `_costly_shapes` holds, over-counted: the key (up to 4 bytes a
    character) and the refusal it maps to (a prepared document and its error, about 1.2 KB)."""
    return ENTRY_BASE + 4 * len(shape)


@dataclass(frozen=True)
class PreparedDocument:
    document: DocumentNode | None
    errors: tuple[GraphQLError, ...]
    operations: dict[str | None, OperationType] = field(default_factory=dict)
    passes_secret: bool = False  # a token/password argument: never over GET (secret_arguments.py)
    # The root field names each operation selects (for HTTP caching, gateway/web/caching.py).
    roots: dict[str | None, frozenset[str]] = field(default_factory=dict)
    # Costs per operation: (the variables that sized lists, {their values: points}).
    costs: dict[str | None, tuple[tuple[str, ...], dict[bytes, int]]] = field(default_factory=dict)
    # Set on a document refused as too costly whatever its variables: its shape (budget.scan),
    # under which the refusal is kept for other spellings of its aliases.
    costly_shape: str | None = None

    def operation_type(self, name: str | None) -> OperationType | None:
        if name is None and len(self.operations) == 1:
            return next(iter(self.operations.values()))
        return self.operations.get(name)

    def root_fields(self, name: str | None) -> frozenset[str]:
        if name is None and len(self.roots) == 1:
            return next(iter(self.roots.values()))
        return self.roots.get(name, frozenset())


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    validations: int = 0
    token_hits: int = 0  # a new text whose tokens were known (another comment or spacing)


# GraphQL's tokens (spec, section 2.1 "Source Text"): block strings, strings, the spread, names,
# numbers, punctuators and any other character. One match per token: the whitespace, commas,
# BOMs and comments before it, matched possessively (a comment running to the end of the text
# is never given back to be read as tokens), then the token; `$` ends the text, and
# `document_tokens` drops the empty matches it gives. Where graphql-core's lexer would refuse
# the text, the tokens are ones no valid document has, so such a text never shares a valid
# one's key: an unterminated block string gives `"""` (not `""` and a string), a lone surrogate
# (graphql-core ends a comment or a string there) is a token of its own, and a number is read
# as the lexer reads it (`0-1` is `0` and `-1`) with any letters, digits, `_` or `.` glued to
# it (`1a`, `1.`, `1.5.6`).
_TOKENS = re.compile(
    r"(?:[ \t\n\r,\ufeff]++|#[^\n\r\ud800-\udfff]*+)*+"
    r'("""(?:\\"""|[^"\ud800-\udfff]|"(?!""))*"""|"""|"(?:[^"\\\n\r\ud800-\udfff]|\\.)*"|\.\.\.'
    r"|[_A-Za-z][_0-9A-Za-z]*|-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?[_0-9A-Za-z.]*|.|$)",
    re.S,
)


def token_key(query: str, max_tokens: int) -> str | None:
    """The document's tokens without comments and spacing, or None (more than `max_tokens`, or
    a NUL, which no document may hold and which separates the tokens here).

    A regular expression, not graphql-core's lexer: it makes no objects for the collector to
    trace (the lexer's doubly linked tokens are cycles; a flood of new documents filled the
    youngest generation and each collection held the GIL 10 ms). Texts that differ only where
    GraphQL ignores characters share a key (a number glued to a name, `[1a]`, is one token, so
    it does not share the valid `[1 a]`'s)."""
    return _key(document_tokens(query, max_tokens))


def _key(tokens: list[str] | None) -> str | None:
    return None if tokens is None else "\x00".join(tokens)


def document_tokens(query: str, max_tokens: int) -> list[str] | None:
    """The tokens `token_key` joins, or None (see there)."""
    if "\x00" in query:
        return None
    tokens = _TOKENS.findall(query)
    while tokens and not tokens[-1]:
        tokens.pop()
    if len(tokens) > max_tokens:
        return None
    return tokens


class DocumentCache:
    """Prepared documents for one schema and one rule set, bounded in bytes."""

    def __init__(
        self,
        schema: GraphQLSchema,
        *,
        max_depth: int,
        max_aliases: int,
        max_tokens: int,
        introspection: bool,
        hide_suggestions: bool,
        extra_rules: tuple[type[ValidationRule], ...] = (),
        max_bytes: int = 32 * 1024 * 1024,
        budget: Budget | None = None,
        max_cost: int = 0,
        max_page_size: int = 100,
        max_pending: int = 64,
    ) -> None:
        self.schema = schema
        self.max_tokens = max_tokens
        self.hide_suggestions = hide_suggestions
        rules: list[type[ValidationRule]] = [
            *specified_rules,
            *extra_rules,
            make_limits_rule(max_depth, max_aliases),
        ]
        if not introspection:
            rules.append(NoSchemaIntrospectionCustomRule)
        self.rules = tuple(rules)
        self.budget = budget or Budget()
        self.costs = CostCheck(schema, max_cost, max_page_size)
        self.max_pending = max_pending
        self.stats = CacheStats()
        self._by_tokens: dict[str, str] = {}
        self._entries: ByteLRU[str, tuple[PreparedDocument, str | None]] = ByteLRU(
            max_bytes, self._forget_tokens
        )
        self._pending: dict[str, asyncio.Future[PreparedDocument]] = {}
        # Shapes refused as too costly before validation (written on the loop thread in
        # `_store`, read by the worker), at most COSTLY_SHAPES_BYTES of keys, oldest out.
        self._costly_shapes: OrderedDict[str, PreparedDocument] = OrderedDict()
        self._costly_bytes = 0

    @property
    def bytes(self) -> int:
        return self._entries.bytes

    def _forget_tokens(self, text: str, entry: tuple[PreparedDocument, str | None]) -> None:
        key = entry[1]
        if key is not None and self._by_tokens.get(key) == text:
            del self._by_tokens[key]

    def _hit(self, query: str) -> PreparedDocument | None:
        entry = self._entries.get(query)
        if entry is None:
            return None
        self.stats.hits += 1
        return entry[0]

    def get(self, query: str) -> PreparedDocument:
        """The prepared document, all on the calling thread (tests, tools)."""
        hit = self._hit(query)
        if hit is not None:
            return hit
        too_big = size_error(query, self.budget)
        if too_big is not None:
            return PreparedDocument(None, (too_big,))
        return self._store(query, *self._lookup_or_prepare(query))

    async def prepare(self, query: str) -> PreparedDocument:
        """The prepared document; a new text is parsed and validated in the worker thread.

        Raises HTTPProblem 503 UNAVAILABLE when `max_pending` new texts already wait."""
        hit = self._hit(query)
        if hit is not None:
            return hit
        too_big = size_error(query, self.budget)
        if too_big is not None:
            return PreparedDocument(None, (too_big,))
        task = self._pending.get(query)  # the same new text twice at once: validated once
        if task is None:
            if len(self._pending) >= self.max_pending:
                raise HTTPProblem(
                    503,
                    "The gateway is checking many new documents; retry in a moment.",
                    "UNAVAILABLE",
                )
            task = asyncio.ensure_future(self._prepare_off_loop(query))
            self._pending[query] = task
            task.add_done_callback(lambda _: self._pending.pop(query, None))
        # A request that gives up (cancelled) leaves the work to finish for the others.
        return await asyncio.shield(task)

    async def _prepare_off_loop(self, query: str) -> PreparedDocument:
        loop = asyncio.get_running_loop()
        # In the requester's context (as asyncio.to_thread does): its log lines, such as the
        # quiet errors' originals, carry its request id.
        run = contextvars.copy_context().run
        found, key, known = await loop.run_in_executor(_WORKER, run, self._lookup_or_prepare, query)
        return self._store(query, found, key, known)

    def _lookup_or_prepare(self, query: str) -> tuple[PreparedDocument, str | None, bool]:
        """(prepared, token key, whether the tokens were known); runs on any thread, only reads
        the cache (a dict read is atomic). A document known by its tokens is reused unless its
        errors point at places in its own text (line and column differ in another spelling);
        execution errors of a reused document point into the first spelling's text."""
        tokens = document_tokens(query, self.max_tokens)
        key = _key(tokens)
        if key is not None:
            text = self._by_tokens.get(key)
            entry = self._entries._entries.get(text) if text is not None else None
            if entry is not None and not any(e.locations for e in entry[0][0].errors):
                return entry[0][0], key, True
        shape = None
        if tokens is not None:
            fields, shape = scan(tokens, self.budget.max_fields)
            if fields > self.budget.max_fields:  # refused before parsing: see budget.py
                return PreparedDocument(None, (too_complex(self.budget),)), key, False
            refused = self._costly_shapes.get(shape)
            if refused is not None:  # the same document but for its aliases: as costly
                return refused, key, False
        prepared = self._prepare(query)
        # Parsing made thousands of objects, the tokens among them in cycles: collect them now,
        # while they are few (well under a millisecond), not in one 10 ms pause later.
        gc.collect(0)
        if shape is not None and prepared.document is None and len(prepared.errors) == 1:
            code = (prepared.errors[0].extensions or {}).get("code")
            if code == "QUERY_TOO_COSTLY":
                prepared = replace(prepared, costly_shape=shape)
        return prepared, key, False

    def _store(
        self, query: str, prepared: PreparedDocument, key: str | None, known: bool
    ) -> PreparedDocument:
        if known:
            self.stats.token_hits += 1
            text = self._by_tokens.get(key) if key is not None else None
            if text is not None:
                self._entries.get(text)  # most recently used
            return prepared
        self.stats.misses += 1
        shape = prepared.costly_shape
        if shape is not None and shape not in self._costly_shapes:
            self._costly_shapes[shape] = prepared
            self._costly_bytes += _shape_bytes(shape)
            while self._costly_bytes > COSTLY_SHAPES_BYTES and self._costly_shapes:
                old, _ = self._costly_shapes.popitem(last=False)
                self._costly_bytes -= _shape_bytes(old)
        per_token_byte = BYTES_PER_TOKEN_BYTE if prepared.document is not None else 1
        size = ENTRY_BASE + len(query) + per_token_byte * (len(key) if key else 0)
        if self._entries.put(query, (prepared, key), size) and key is not None:
            self._by_tokens[key] = query
        return prepared

    def _prepare(self, query: str) -> PreparedDocument:
        try:
            document = parse(query, max_tokens=self.max_tokens)
        except GraphQLError as error:
            error.extensions = {**(error.extensions or {}), "code": "GRAPHQL_PARSE_FAILED"}
            return PreparedDocument(None, (error,))
        except RecursionError:
            error = GraphQLError(
                "The document is nested too deeply.", extensions={"code": "GRAPHQL_PARSE_FAILED"}
            )
            return PreparedDocument(None, (error,))
        # Cost first: aliases change what the complexity walk counts (same-named pairs,
        # fragments merged under one name) but never the cost, so a document refused as too
        # costly is refused so under every spelling of its aliases (see `_costly_shapes`).
        too_costly = self.costs.before_validation(document)
        if too_costly is not None:
            return PreparedDocument(None, (too_costly,))
        too_complex = complexity_error(document, self.budget)
        if too_complex is not None:
            return PreparedDocument(None, (too_complex,))
        self.stats.validations += 1
        errors = validate(self.schema, document, self.rules, hide_suggestions=self.hide_suggestions)
        for error in errors:
            if not (error.extensions or {}).get("code"):
                error.extensions = {**(error.extensions or {}), "code": "GRAPHQL_VALIDATION_FAILED"}
        if self.hide_suggestions:
            errors = [quiet(e) for e in errors]
        definitions = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        operations = {(d.name.value if d.name else None): d.operation for d in definitions}
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        roots = {
            (d.name.value if d.name else None): frozenset(root_fields(d.selection_set, fragments))
            for d in definitions
        }
        secret = passes_secret(self.schema, document)
        return PreparedDocument(
            document,
            tuple(errors),
            operations,
            passes_secret=secret,
            roots=roots,
        )

    def cost_error(
        self, prepared: PreparedDocument, name: str | None, variables: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        """The QUERY_TOO_COSTLY error (formatted) when the operation costs over the limit."""
        return self.costs.error(prepared.document, prepared.costs, name, variables)
