"""A validation budget: documents too big to validate cheaply are refused before validation.

Validating a document costs time in proportion to its fields (graphql-core runs ~35 rules over
every node) plus, in OverlappingFieldsCanBeMergedRule, every PAIR of fields that answer under
the same name in one selection set, recursively through their sub-selections and the
fragments spread there (graphql-core `validation/rules/overlapping_fields_can_be_merged.py`:
`collect_conflicts_within` compares all pairs of a response name's fields). One cheap field
repeated 500 times is 125,000 comparisons. So before validation we:

- refuse a text over `max_bytes` (UTF-8 bytes, comments included; parse bounds tokens);
- walk the parsed document the way that rule does (fields of one response name merged with
  their sub-selections, fragments expanded where spread) counting the fields visited and the
  pairs compared, and refuse it when either passes its budget. The walk stops as soon as a
  budget is spent, so it costs at most `max_fields` steps itself, whatever the document (also
  fragments spread inside fragments, which expand exponentially).

Errors: a `GraphQLError` with code `DOCUMENT_TOO_LARGE` (bytes) or `DOCUMENT_TOO_COMPLEX`
(fields, comparisons); the message names the measure and the limit, never a schema name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

TOO_LARGE = "DOCUMENT_TOO_LARGE"
TOO_COMPLEX = "DOCUMENT_TOO_COMPLEX"


@dataclass(frozen=True)
class Budget:
    max_bytes: int = 16 * 1024
    max_fields: int = 600  # field selections visited, fragments expanded where spread
    max_pairs: int = 2000  # same-name field pairs the overlap rule compares


class _Spent(Exception):
    pass


def size_error(query: str, budget: Budget) -> GraphQLError | None:
    """Refuse a document text over `budget.max_bytes` before it is lexed or parsed."""
    if len(query) <= budget.max_bytes // 4:  # fewer characters than a quarter: cheap yes
        return None
    size = len(query.encode("utf-8", "surrogatepass"))
    if size <= budget.max_bytes:
        return None
    return GraphQLError(
        f"The document is {size} bytes; at most {budget.max_bytes} are allowed.",
        extensions={"code": TOO_LARGE},
    )


class _Walk:
    def __init__(self, document: DocumentNode, budget: Budget) -> None:
        self.budget = budget
        self.fields = 0
        self.pairs = 0
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def merged(self, sets: list[SelectionSetNode]) -> None:
        """One merged selection set (the sub-selections of same-named fields together)."""
        groups: dict[str, list[FieldNode]] = {}
        spread: set[str] = set()
        pending = list(sets)
        while pending:
            selection_set = pending.pop()
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    self.fields += 1
                    if self.fields > self.budget.max_fields:
                        raise _Spent
                    name = (selection.alias or selection.name).value
                    group = groups.setdefault(name, [])
                    self.pairs += len(group)
                    if self.pairs > self.budget.max_pairs:
                        raise _Spent
                    group.append(selection)
                elif isinstance(selection, InlineFragmentNode):
                    pending.append(selection.selection_set)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.fragments.get(name)
                    if fragment is not None and name not in spread:
                        spread.add(name)  # the rule compares one fragment once per set
                        pending.append(fragment.selection_set)
        for group in groups.values():
            children = [f.selection_set for f in group if f.selection_set is not None]
            if children:
                self.merged(children)


def too_complex(budget: Budget) -> GraphQLError:
    return GraphQLError(
        f"The document is too complex to check: at most {budget.max_fields} fields "
        f"(fragments counted where spread) and {budget.max_pairs} same-named field pairs "
        "in one selection are allowed.",
        extensions={"code": TOO_COMPLEX},
    )


def complexity_error(document: DocumentNode, budget: Budget) -> GraphQLError | None:
    """Refuse a parsed document whose validation would pass the field or comparison budget."""
    walk = _Walk(document, budget)
    try:
        for definition in document.definitions:
            if isinstance(definition, (OperationDefinitionNode, FragmentDefinitionNode)):
                walk.merged([definition.selection_set])  # the rule checks fragments alone too
    except (_Spent, RecursionError):
        return too_complex(budget)
    return None


ALIAS = "\x01"  # stands for every alias in a shape; no valid document holds this character

_NAME_START = frozenset("_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_PUNCTUATORS = frozenset("!$&():=@[]{|}")  # and "..." (spec 2.1.8)
# Words that begin a type-system definition (spec 3): not executable, their braces hold no
# selections; a text with any goes to the parser and validation unscanned.
_TYPE_SYSTEM = frozenset(
    {"schema", "scalar", "type", "interface", "union", "enum", "input", "directive", "extend"}
)


def _is_name(token: str) -> bool:
    return token[0] in _NAME_START  # tokens are never empty; Names are ASCII (spec 2.1.9)


_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
# What graphql-core's lexer takes in strings (spec 2.9, October 2021: any Unicode scalar value,
# control characters included): not a line break in a "string", never a lone surrogate, and
# escapes that name a scalar value (a leading surrogate only with its trailing one).
_STRING = re.compile(
    r'"(?:[^"\\\n\r\ud800-\udfff]|\\["\\/bfnrt]'
    r"|\\u(?:[dD][89abAB][0-9A-Fa-f]{2}\\u[dD][c-fC-F][0-9A-Fa-f]{2}|(?![dD][89a-fA-F])[0-9A-Fa-f]{4})"
    r'|\\u\{[0-9A-Fa-f]+\})*"'
)
_BLOCK_STRING = re.compile(r'"""(?:\\"""|[^"\ud800-\udfff]|"(?!""))*"""', re.S)


def _lexes(token: str) -> bool:
    """Whether graphql-core's lexer takes this token of the regex's as it is (spec 2.1): not a
    lone character other than a punctuator (a quote that opens no string, an unterminated
    block string's quotes, a control character or a lone surrogate outside strings), a
    malformed number (`1a`, `1.`, `01`) or a string with a bad escape or a lone surrogate.
    tests/under_fire/test_validation_budget.py compares it with graphql-core's lexer."""
    first = token[0]
    if first in _NAME_START:
        return True
    if first == '"':
        if token.startswith('"""') and len(token) >= 6:
            return _BLOCK_STRING.fullmatch(token) is not None
        return _STRING.fullmatch(token) is not None
    if first == "-" or first.isdigit():
        return _NUMBER.fullmatch(token) is not None
    return token == "..." or (len(token) == 1 and first in _PUNCTUATORS)


def scan(tokens: list[str], limit: int | None = None) -> tuple[int, str | None]:
    """(fields, shape) of a document's text (its tokens as `gateway.web.documents` splits
    them), without parsing it.

    `fields`: how many field selections it holds: Names in selection position, not counting
    alias targets, fragment names, type conditions or directive names; braces inside arguments
    are object values, not selection sets. For a document graphql-core parses this is exactly
    its number of FieldNodes, which `complexity_error`'s walk visits at least once each.
    `shape`: its tokens with every alias replaced by ALIAS. Documents of one shape differ only
    in their aliases, which weigh nothing in `gateway.web.cost` (an attacker renaming them on
    every request defeats a cache by text). (0, None) for a text graphql-core's lexer would
    refuse or with type-system definitions (`type T { a b }`): only parsing speaks of those.

    With `limit`, the scan stops as soon as it has counted more than `limit` fields and
    returns (`limit` + 1, None): the caller refuses such a text whatever follows, so the rest
    (a validation bomb's other thousand fields) is not walked token by token. What follows is
    not looked at even when the lexer would refuse it: sending such a text to the parser would
    let one bad character at the end of a bomb buy a full parse of it."""
    fields = 0
    shape: list[str] = []
    append = shape.append
    stack: list[str] = []  # "sel" (a selection set), "args" (parentheses), "val" ({} [] values)
    context = ""  # stack[-1], or "" outside every bracket
    prev = prev2 = ""
    over = -1 if limit is None else limit
    for token in tokens:
        if token[0] in _NAME_START:  # most tokens: Names always lex (spec 2.1.9)
            if context == "sel":
                if prev not in (":", "...", "@", "on") or (prev == "on" and prev2 != "..."):
                    fields += 1
                    if fields == over + 1:
                        return fields, None
            elif not stack and token in _TYPE_SYSTEM and (prev in ("", "}") or prev[0] == '"'):
                return 0, None  # the first word of a type-system definition
            append(token)
            prev2, prev = prev, token
            continue
        if not _lexes(token):
            return 0, None
        if token == "(":
            stack.append("args")
            context = "args"
        elif token in ("{", "["):
            context = "val" if context in ("args", "val") or token == "[" else "sel"
            stack.append(context)
        elif token in (")", "}", "]"):
            if stack:
                stack.pop()
            context = stack[-1] if stack else ""
        elif token == ":" and context == "sel" and shape and _is_name(shape[-1]):
            shape[-1] = ALIAS  # the Name before it was an alias
        append(token)
        prev2, prev = prev, token
    return fields, "\x00".join(shape)


MAX_LIST_ITEMS = 1_000  # the longest list a storefront operation takes: prices(skus)
ADMIN_MAX_LIST_ITEMS = 10_000  # the admin API's: a price list's prices (priceListCreate)


def long_list_error(variables: Any, limit: int = MAX_LIST_ITEMS) -> dict[str, Any] | None:
    """BAD_USER_INPUT for a list in the variables longer than any operation takes, before
    coercion or a resolver spends work on each item (a basket of 5,000 lines was checked line
    by line before its size was refused). Lists in the document itself are bounded by the
    document's size and field budget. Returns the formatted error, or None."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(variables, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, list):
            if len(value) > limit:
                where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
                return {
                    "message": f"A list in the variables (${where.lstrip('.')}) holds "
                    f"{len(value):,} items; at most {limit:,} are taken.",
                    "extensions": {"code": "BAD_USER_INPUT"},
                }
            stack.extend(
                (item, (*path, i)) for i, item in enumerate(value) if isinstance(item, (list, dict))
            )
        elif isinstance(value, dict):
            stack.extend(
                (item, (*path, str(key)))
                for key, item in value.items()
                if isinstance(item, (list, dict))
            )
    return None
