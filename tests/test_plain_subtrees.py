"""The fast executor answers exactly what graphql-core's normal execution answers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import pytest
import strawberry
from graphql import ExecutionResult, execute, parse, print_ast

from gateway.web.fast_fields import fast_executor
from gateway.web.plain_subtrees import (
    MAX_MEMOS,
    NOT_PREFETCHED,
    PREFETCHED,
    Compiler,
    plain_fields,
    shared,
    shared_types,
)


@strawberry.enum
class Colour(Enum):
    RED = "RED"
    BLUE = "BLUE"


@strawberry.type
class Money:
    amount: Decimal
    currency: str


@strawberry.type
class Line:
    sku: str
    quantity: int
    price: Money
    note: str | None
    colour: Colour


@strawberry.type
class Box:
    name: str
    lines: list[Line]
    deposit: Money  # non-null; one box below breaks the promise
    _extra: strawberry.Private[Any] = NOT_PREFETCHED

    @strawberry.field(metadata={PREFETCHED: "_extra"})
    def extra(self) -> list[Line]:
        return self._extra if self._extra is not NOT_PREFETCHED else [_line("computed")]


def _line(sku: str, quantity: int = 1, note: str | None = None) -> Line:
    return Line(
        sku=sku,
        quantity=quantity,
        price=Money(amount=Decimal("1.50"), currency="EUR"),
        note=note,
        colour=Colour.BLUE if quantity % 2 else Colour.RED,
    )


GOOD = [
    Box(
        name="a",
        lines=[_line("x", 1, "gift"), _line("y", 2)],
        deposit=Money(amount=Decimal("0.10"), currency="EUR"),
        _extra=[_line("pre")],
    ),
    Box(name="b", lines=[], deposit=Money(amount=Decimal("0"), currency="EUR")),
]
BROKEN = [*GOOD, Box(name="c", lines=[_line("z", 2**40)], deposit=None)]  # type: ignore[arg-type]


@strawberry.type
class Query:
    @strawberry.field
    def boxes(self) -> list[Box]:
        return GOOD

    @strawberry.field
    def broken(self) -> list[Box] | None:
        return BROKEN

    @strawberry.field
    def pick(self, names: list[str], broken: bool = False) -> list[Box]:
        """A field with arguments whose answer is plain: completed in one go (complete_value)."""
        return [b for b in (BROKEN if broken else GOOD) if b.name in names]


schema = strawberry.Schema(query=Query)
FAST = fast_executor(plain_fields(schema._schema, "strawberry-definition"))


def _run(query: str, variables: dict[str, Any] | None, executor: Any) -> ExecutionResult:
    document = parse(query)
    result = execute(schema._schema, document, variable_values=variables, executor_class=executor)
    assert isinstance(result, ExecutionResult)
    return result


def _same(query: str, variables: dict[str, Any] | None = None) -> ExecutionResult:
    normal = _run(query, variables, None)
    fast = _run(query, variables, FAST)
    assert fast.data == normal.data
    assert [e.formatted for e in fast.errors or []] == [e.formatted for e in normal.errors or []]
    return fast


@pytest.mark.parametrize(
    "query",
    [
        "{ boxes { name lines { sku quantity price { amount currency } note colour } } }",
        "{ boxes { n: name lines { price { amount } price { currency } __typename } } }",
        "{ boxes { extra { sku } lines { sku } } }",
        "{ boxes { ...B } } fragment B on Box { name lines { ...L } } fragment L on Line { sku }",
        "{ boxes { ... on Box { name lines { ... { sku } ... on Line { note } } } } }",
        "{ broken { name lines { sku } } }",
        "{ broken { name deposit { amount } } }",  # null in a non-null position
        "{ broken { lines { quantity } } }",  # Int out of range: a serialisation error
        '{ pick(names: ["a", "b"]) { name lines { sku price { amount } colour } } }',
        '{ pick(names: ["c", "a"], broken: true) { name deposit { amount } } }',
        '{ pick(names: ["c"], broken: true) { lines { quantity } } }',
        '{ pick(names: ["a"]) { extra { sku } l: lines { sku @skip(if: true) note } } }',
        "{ pick(names: []) { name } }",
    ],
)
def test_results_and_errors_match_graphql_core(query: str) -> None:
    _same(query)


@pytest.mark.parametrize("on", [True, False])
def test_skip_and_include(on: bool) -> None:
    query = """query($on: Boolean!) {
      boxes { name @skip(if: $on) lines @include(if: $on) { sku note @include(if: $on) } }
    }"""
    _same(query, {"on": on})


def test_errors_in_nested_non_null_fields_are_reported_as_graphql_core_does() -> None:
    result = _same("{ broken { name deposit { amount } } }")
    assert result.data == {"broken": None}
    assert result.errors and result.errors[0].path == ["broken", 2, "deposit"]


def test_plain_subtrees_compile_and_unusual_ones_do_not() -> None:
    compiler = Compiler(plain_fields(schema._schema, "strawberry-definition"))
    box = schema._schema.type_map["Box"]

    def field_nodes(query: str) -> list[Any]:
        document = parse(query)
        return [document.definitions[0].selection_set.selections[0]]  # type: ignore[attr-defined]

    assert compiler.field(box, field_nodes("{ lines { sku price { amount } } }")) is not None
    assert compiler.field(box, field_nodes("{ extra { sku } }")) is not None
    skipped = "query($a: Boolean!) { lines { sku @skip(if: $a) } }"
    assert compiler.field(box, field_nodes(skipped)) is None
    assert compiler.field(box, field_nodes("{ lines { ...L } }")) is None


class _Text(str):
    """A str subclass: not the exact class the generated code passes through inline."""


class _Amount(Decimal):
    pass


class _When(datetime):
    def isoformat(self, *_: Any, **__: Any) -> str:
        return "overridden"


@strawberry.type
class Odd:
    flag: bool
    key: strawberry.ID
    ref: UUID
    number: int
    label: str
    amount: Decimal
    items: list[int]
    maybe: list[str | None] | None
    at: datetime
    on: date | None


def _odd(**changes: Any) -> Odd:
    values: dict[str, Any] = {
        "flag": True,
        "key": strawberry.ID("k1"),
        "ref": UUID("12345678-1234-5678-1234-567812345678"),
        "number": 2**31 - 1,
        "label": "plain",
        "amount": Decimal("1.005"),
        "items": (1, -(2**31)),
        "maybe": ["a", None],
        "at": datetime(2026, 11, 30, 12, 0, 5, 250, tzinfo=UTC),
        "on": date(2026, 12, 1),
    }
    values.update(changes)
    return Odd(**values)


ODD = {
    "good": [_odd()],
    "bool as int": [_odd(number=True, items=[False, 3])],
    "int over": [_odd(number=2**31)],
    "int under in list": [_odd(items=[-(2**31) - 1])],
    "numeric string as int": [_odd(number="7")],
    "float as int": [_odd(number=3.0)],
    "subclasses": [_odd(label=_Text("sub"), amount=_Amount("2.50"), key=_Text("k"))],
    "int as string": [_odd(label=12, key=34)],
    "bool as string": [_odd(label=False)],
    "none in non-null": [_odd(label=None)],
    "none in non-null list": [_odd(items=[1, None])],
    "none list": [_odd(maybe=None)],
    "not a list": [_odd(items=5)],
    "error value": [_odd(label=ValueError("boom"))],
    "error in list": [_odd(maybe=[KeyError("k")])],
    "flag as int": [_odd(flag=1)],
    "decimal nan": [_odd(amount=Decimal("NaN"))],
    "naive datetime": [_odd(at=datetime(2026, 1, 2, 3, 4))],
    "datetime subclass": [_odd(at=_When(2026, 1, 2, tzinfo=UTC))],
    "date as datetime": [_odd(on=datetime(2026, 1, 2, 3, 4, tzinfo=UTC))],
    "datetime as date": [_odd(at=date(2026, 1, 2))],
    "no date": [_odd(on=None)],
    "string as datetime": [_odd(at="2026-01-02")],
}


@strawberry.type
class OddQuery:
    @strawberry.field
    def odd(self, case: str) -> list[Odd]:
        return ODD[case]


odd_schema = strawberry.Schema(query=OddQuery)
ODD_FAST = fast_executor(plain_fields(odd_schema._schema, "strawberry-definition"))


@pytest.mark.parametrize("case", list(ODD))
def test_generated_scalar_checks_match_graphql_core(case: str) -> None:
    """The exact-class shortcuts of the generated code (String, ID, Boolean, Int, Decimal,
    UUID, DateTime, Date) answer what each scalar's own coercion answers, and anything else
    falls back."""
    query = parse(
        "query($c: String!) { odd(case: $c) { flag key ref number label amount items maybe "
        "at on __typename } again: odd(case: $c) { n: number n2: number } }"
    )
    normal = execute(odd_schema._schema, query, variable_values={"c": case})
    fast = execute(odd_schema._schema, query, variable_values={"c": case}, executor_class=ODD_FAST)
    assert isinstance(normal, ExecutionResult) and isinstance(fast, ExecutionResult)
    assert fast.data == normal.data
    assert [e.formatted for e in fast.errors or []] == [e.formatted for e in normal.errors or []]
    if case == "good":
        assert fast.data and fast.data["odd"][0]["items"] == [1, -(2**31)]


def test_the_odd_selection_is_compiled() -> None:
    """The comparisons above run the generated code, not only the normal path."""
    compiler = Compiler(plain_fields(odd_schema._schema, "strawberry-definition"))
    query = parse('{ odd(case: "good") { flag key ref number label amount items maybe } }')
    node = query.definitions[0].selection_set.selections[0]  # type: ignore[attr-defined]
    field_type = odd_schema._schema.query_type.fields["odd"].type  # type: ignore[union-attr]
    complete = compiler.value(field_type, [node])
    assert complete is not None
    assert complete(ODD["good"])[0]["amount"] == "1.005"


@shared
@strawberry.type
class Quote:
    sku: str
    price: Money
    tags: list[str]


QUOTES = [
    Quote(sku=f"S{i}", price=Money(amount=Decimal(i), currency="EUR"), tags=["a"]) for i in range(3)
]


@strawberry.type
class QuoteQuery:
    @strawberry.field
    def quotes(self, first: int = 3) -> list[Quote]:
        return QUOTES[:first]

    @strawberry.field
    def fresh(self) -> list[Line]:
        return [_line("x")]


quote_schema = strawberry.Schema(query=QuoteQuery)
QUOTE_FAST = fast_executor(
    plain_fields(quote_schema._schema, "strawberry-definition"),
    shared_types(quote_schema._schema, "strawberry-definition"),
)


_DOCUMENTS: dict[str, Any] = {}


def _quotes(query: str) -> ExecutionResult:
    # One document per text, as the endpoint's document cache gives: compiled plans are kept
    # per document node, so the same text reuses the same plan.
    document = _DOCUMENTS.setdefault(query, parse(query))
    normal = execute(quote_schema._schema, document)
    fast = execute(quote_schema._schema, document, executor_class=QUOTE_FAST)
    assert isinstance(normal, ExecutionResult) and isinstance(fast, ExecutionResult)
    assert fast.data == normal.data and not fast.errors and not normal.errors
    return fast


def test_a_shared_object_keeps_its_completed_value_per_selection() -> None:
    for quote in QUOTES:
        quote.__dict__.pop("_gateway_completed", None)
    query = "{ quotes(first: 2) { sku price { amount } tags } }"
    first = _quotes(query).data["quotes"]  # type: ignore[index]
    again = _quotes(query).data["quotes"]  # type: ignore[index]
    assert again[0] is first[0] and again[1] is first[1]  # the same response dicts, reused
    other = _quotes("{ quotes(first: 2) { sku price { currency } } }").data["quotes"]  # type: ignore[index]
    assert other[0] == {"sku": "S0", "price": {"currency": "EUR"}}  # not the other selection's
    assert len(QUOTES[0].__dict__["_gateway_completed"]) == 2
    for n in range(MAX_MEMOS + 3):  # many selections: at most MAX_MEMOS kept per object
        _quotes("{ quotes { " + " ".join(f"s{k}: sku" for k in range(n + 1)) + " } }")
        assert len(QUOTES[0].__dict__["_gateway_completed"]) <= MAX_MEMOS
    assert "_gateway_completed" not in QUOTES[0].price.__dict__  # Money is not marked shared


def test_objects_of_types_not_marked_shared_keep_nothing() -> None:
    assert shared_types(quote_schema._schema, "strawberry-definition") == frozenset(
        {id(quote_schema._schema.type_map["Quote"])}
    )
    result = _quotes("{ fresh { sku price { amount } } }")
    assert result.data == {"fresh": [{"sku": "x", "price": {"amount": "1.50"}}]}


def test_sub_fields_are_collected_once_per_document_without_directives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fast executor keeps collected sub-fields across executions of a document with no
    directives and no fragment variables; with directives, each execution collects its own
    (a variable can change what @skip/@include select)."""
    from graphql.execution.incremental.incremental_executor import IncrementalExecutor

    calls = []
    original = IncrementalExecutor.collect_subfields

    def counted(self: Any, return_type: Any, details: Any) -> Any:
        calls.append(return_type.name)
        return original(self, return_type, details)

    monkeypatch.setattr(IncrementalExecutor, "collect_subfields", counted)
    fast = fast_executor(plain_fields(schema._schema, "strawberry-definition"))
    plain = parse("{ boxes { name ...F } } fragment F on Box { extra { sku } deposit { amount } }")
    for _ in range(3):
        result = execute(schema._schema, plain, executor_class=fast)
        assert isinstance(result, ExecutionResult)
        assert result.data == _run(print_ast(plain), None, None).data
    first = len(calls)
    assert first > 0
    execute(schema._schema, plain, executor_class=fast)
    assert len(calls) == first  # nothing collected again
    directed = parse(
        "query($on: Boolean!) { boxes { name lines @include(if: $on) { sku } deposit { amount } } }"
    )
    for on in (True, False, True):
        result = execute(schema._schema, directed, variable_values={"on": on}, executor_class=fast)
        normal = _run(print_ast(directed), {"on": on}, None)
        assert isinstance(result, ExecutionResult) and result.data == normal.data
        assert ("lines" in result.data["boxes"][0]) is on  # type: ignore[index]
