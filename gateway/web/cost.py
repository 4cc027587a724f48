"""What an operation may cost, computed before it runs from the parsed document and variables.

The model follows GitHub's GraphQL resource limits (a connection's `first`/`last` multiplies
what is selected inside it; nested connections multiply) and Shopify's calculated query cost
(every field costs one point): the cost is an upper bound of the values the answer can hold.

- Every selected field costs 1 (aliases are fields like any other: 15 aliases cost 15 times).
- A connection field (one with a `first` or `last` argument) multiplies its `edges`/`nodes` by
  the page size: the argument's literal, its variable's value, the variable's default, the
  schema's default, else `DEFAULT_PAGE_SIZE`; at most `max_page_size` (resolvers refuse more).
- A list field with a list argument (`prices(skus: [...])`) multiplies by that list's length.
- Any other list multiplies by its declared size (`LIST_SIZES["Type.field"]`, else
  `DEFAULT_LIST_SIZE`); lists of scalars cost their size.
- Fragments count where they are spread (each spread's expansion, memoised so a document that
  spreads fragments inside fragments costs linear time to weigh); inline fragments and the
  branches of interfaces and unions all count (an upper bound).
- Introspection: each selected field counts once; each `__schema` root counts `SCHEMA_POINTS`
  more (it answers for every type), so aliases of a whole-schema introspection add up (15 of
  them built 1 MB each and stalled other requests) while one standard query passes; its shape
  is bounded by the limits rule (gateway/web/rules.py) and its size by the response cap.

Shapes: `operation_cost(...) -> (points, variables used)`; `least_cost(...) -> points` (before
validation, variables unknown); `cost_error(cost, limit)` is the formatted
GraphQL error with code `QUERY_TOO_COSTLY`; `response_too_large(size, limit)` the one with code
`RESPONSE_TOO_LARGE` for an answer over the response cap (bytes).
"""

from __future__ import annotations

from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
)
from graphql.pyutils import Undefined

DEFAULT_PAGE_SIZE = 20  # gateway/pagination.py: a connection without `first`
DEFAULT_LIST_SIZE = 10
# What lists hold in practice (an order has a few lines, few shipments and returns, each with
# part of its lines; a basket may hold 100 lines, rarely does); the rest weigh
# DEFAULT_LIST_SIZE. Keyed "Type.field" as in the SDL. Too generous and legitimate nested
# queries are refused (100 orders with lines; 10 with their shipments' and returns' lines), too
# mean and a bomb slips through; the response cap backs the estimate.
LIST_SIZES: dict[str, int] = {
    "Order.lines": 20,
    "Checkout.lines": 20,
    "Order.shipments": 5,
    "Order.returns": 5,
    "Order.invoices": 3,
    "Shipment.lines": 20,
    "Return.lines": 20,
    "Product.priceBreaks": 3,
    "ProductPrice.priceBreaks": 3,
    "UserError.field": 5,
}
CONNECTION_LISTS = frozenset({"edges", "nodes"})
INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})
# `__schema` answers for all of the schema's ~200 types at once (about 1 MB for a full
# introspection): each occurrence counts this much, so one standard introspection query
# (GraphiQL's, graphql-core's) passes the storefront's default limit and two in one document
# (aliases, fragments) do not.
SCHEMA_POINTS = 10_000
CODE = "QUERY_TOO_COSTLY"


def cost_error(cost: int, limit: int) -> dict[str, Any]:
    """The refusal in the contract's error shape, naming the cost and the limit."""
    return {
        "message": (
            f"The query costs {cost} points; at most {limit} are allowed. Ask for smaller "
            "pages (first/last) or fewer fields and aliases."
        ),
        "extensions": {"code": CODE, "cost": cost, "limit": limit},
    }


def least_cost_error(cost: int, limit: int) -> GraphQLError:
    """The refusal before validation: whatever its variables, the document costs over the limit."""
    return GraphQLError(
        f"The query costs at least {cost} points; at most {limit} are allowed. Ask for smaller "
        "pages (first/last) or fewer fields and aliases.",
        extensions={"code": CODE, "cost": cost, "limit": limit},
    )


def response_too_large(size: int, limit: int) -> dict[str, Any]:
    """The refusal of an answer over the response cap (bytes of JSON), in the contract's shape."""
    return {
        "message": (
            f"The answer is {size} bytes; at most {limit} are sent. Ask for smaller pages "
            "(first/last) or fewer fields."
        ),
        "extensions": {"code": "RESPONSE_TOO_LARGE", "size": size, "limit": limit},
    }


class _Weigher:
    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        variables: dict[str, Any] | None,
        operation: OperationDefinitionNode,
        max_page_size: int,
    ) -> None:
        self.schema = schema
        self.variables = variables  # None: not known yet, a variable sizes a list at 0
        self.max_page_size = max_page_size
        self.defaults = {
            d.variable.name.value: d.default_value for d in operation.variable_definitions or ()
        }
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.memo: dict[tuple[str, int | None], int] = {}
        self.flat_memo: dict[str, int] = {}
        self.used: set[str] = set()  # variables whose value sized a list

    def selection_set(
        self, node: SelectionSetNode | None, parent: GraphQLNamedType | None, page: int | None
    ) -> int:
        """Points of a selection set on `parent`; `page`: the size of a connection's lists
        (None below anything but a connection field)."""
        if node is None:
            return 0
        total = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, page)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selection_set(selection.selection_set, inner, page)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.spread(selection.name.value, page)
        return total

    def spread(self, name: str, page: int | None) -> int:
        key = (name, page)
        if key in self.memo:
            return self.memo[key]
        fragment = self.fragments.get(name)
        self.memo[key] = 0  # a cycle (refused by validation anyway) adds nothing
        if fragment is None:
            return 0
        condition = self.schema.get_type(fragment.type_condition.name.value)
        points = self.selection_set(fragment.selection_set, condition, page)
        self.memo[key] = points
        return points

    def field(self, node: FieldNode, parent: GraphQLNamedType | None, page: int | None) -> int:
        name = node.name.value
        if name == "__schema":  # answers for every type of the schema at once
            return SCHEMA_POINTS + self.flat(node.selection_set)
        if name in INTROSPECTION_ROOTS:
            return 1 + self.flat(node.selection_set)
        definition = _field_definition(parent, name)
        if definition is None:
            return 1  # __typename, or a field validation refused
        inner_page = self.page_size(node, definition)
        nullable = get_nullable_type(definition.type)
        size = 1
        if isinstance(nullable, GraphQLList):
            size = self.list_size(node, definition, parent, name, page)
        named = get_named_type(definition.type)
        if node.selection_set is None:
            return size
        return 1 + size * self.selection_set(node.selection_set, named, inner_page)

    def list_size(
        self,
        node: FieldNode,
        definition: GraphQLField,
        parent: GraphQLNamedType | None,
        name: str,
        page: int | None,
    ) -> int:
        if name in CONNECTION_LISTS and page is not None:
            return page
        for argument in node.arguments or ():
            arg = definition.args.get(argument.name.value)
            if arg is not None and isinstance(get_nullable_type(arg.type), GraphQLList):
                length = self.list_length(argument)
                if length is not None:
                    return length
        key = f"{parent.name}.{name}" if parent is not None else name
        return LIST_SIZES.get(key, DEFAULT_LIST_SIZE)

    def page_size(self, node: FieldNode, definition: GraphQLField) -> int | None:
        """The page size a connection field asks for, or None when it is not a connection."""
        if "first" not in definition.args and "last" not in definition.args:
            return None
        given = {a.name.value: a for a in node.arguments or ()}
        sizes = [self.int_value(given[n]) for n in ("first", "last") if n in given]
        known = [s for s in sizes if s is not None]
        size = min(known) if known else DEFAULT_PAGE_SIZE
        return max(0, min(size, self.max_page_size))

    def value(self, argument: ArgumentNode) -> Any:
        node = argument.value
        if isinstance(node, VariableNode):
            name = node.name.value
            self.used.add(name)
            if self.variables is None:
                return 0
            if name in self.variables:
                return self.variables[name]
            default = self.defaults.get(name)
            node = default if default is not None else None
            if node is None:
                return None
        if isinstance(node, IntValueNode):
            return int(node.value)
        if isinstance(node, ListValueNode):
            return node.values
        return Undefined

    def int_value(self, argument: ArgumentNode) -> int | None:
        value = self.value(argument)
        if value is None:
            return DEFAULT_PAGE_SIZE
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return self.max_page_size  # not a number: execution refuses it; weigh the most

    def list_length(self, argument: ArgumentNode) -> int | None:
        value = self.value(argument)
        if isinstance(value, (list, tuple)):
            return len(value)
        return 0 if value == 0 else None

    def flat(self, node: SelectionSetNode | None, visiting: frozenset[str] = frozenset()) -> int:
        """Fields below an introspection root, each counted once where it is selected."""
        if node is None:
            return 0
        total = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                total += 1 + self.flat(selection.selection_set, visiting)
            elif isinstance(selection, InlineFragmentNode):
                total += self.flat(selection.selection_set, visiting)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in visiting:
                    continue
                if name not in self.flat_memo:
                    self.flat_memo[name] = self.flat(fragment.selection_set, visiting | {name})
                total += self.flat_memo[name]
        return total


def _field_definition(parent: GraphQLNamedType | None, name: str) -> GraphQLField | None:
    if isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
        return parent.fields.get(name)
    return None


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: dict[str, Any] | None,
    max_page_size: int,
) -> tuple[int, frozenset[str]]:
    """(points, the variables whose values sized lists) of one operation of a validated
    document with these (raw JSON) variables: the same points for the same values of those."""
    root = schema.get_root_type(operation.operation)
    weigher = _Weigher(schema, document, variables or {}, operation, max_page_size)
    return weigher.selection_set(operation.selection_set, root, None), frozenset(weigher.used)


def least_cost(schema: GraphQLSchema, document: DocumentNode, max_page_size: int) -> int:
    """The least points any operation of a document (validated or not) can cost whatever its
    variables (each list a variable sizes weighs 0): over the limit, the document is refused
    before validation, which costs a hundred times more than this."""
    least: int | None = None
    for operation in document.definitions:
        if isinstance(operation, OperationDefinitionNode):
            root = schema.get_root_type(operation.operation)
            weigher = _Weigher(schema, document, None, operation, max_page_size)
            points = weigher.selection_set(operation.selection_set, root, None)
            least = points if least is None else min(least, points)
    return least or 0
