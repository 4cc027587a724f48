"""Parse and validate each distinct query text once; later requests reuse the result."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

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

from gateway.web.rules import make_limits_rule, root_fields
from gateway.web.secret_arguments import passes_secret


@dataclass(frozen=True)
class PreparedDocument:
    document: DocumentNode | None
    errors: tuple[GraphQLError, ...]
    operations: dict[str | None, OperationType] = field(default_factory=dict)
    passes_secret: bool = False  # a token/password argument: never over GET (secret_arguments.py)
    # The root field names each operation selects (for HTTP caching, gateway/web/caching.py).
    roots: dict[str | None, frozenset[str]] = field(default_factory=dict)

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


class DocumentCache:
    """An LRU of prepared documents keyed by query text, for one schema and one rule set."""

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
        max_entries: int = 1000,
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
        self.max_entries = max_entries
        self.stats = CacheStats()
        self._entries: OrderedDict[str, PreparedDocument] = OrderedDict()

    def get(self, query: str) -> PreparedDocument:
        entry = self._entries.get(query)
        if entry is not None:
            self._entries.move_to_end(query)
            self.stats.hits += 1
            return entry
        self.stats.misses += 1
        entry = self._prepare(query)
        self._entries[query] = entry
        if len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
        return entry

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
        self.stats.validations += 1
        errors = validate(self.schema, document, self.rules, hide_suggestions=self.hide_suggestions)
        for error in errors:
            if not (error.extensions or {}).get("code"):
                error.extensions = {**(error.extensions or {}), "code": "GRAPHQL_VALIDATION_FAILED"}
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
            document, tuple(errors), operations, passes_secret=secret, roots=roots
        )
