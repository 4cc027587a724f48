"""Every operation, fed odd values for each argument, answers with data or a clear error:
never HTTP 500 and never a masked INTERNAL error. The operations come from the schema itself,
so a new mutation is swept without anyone remembering to add it here."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    get_named_type,
)

from gateway.accounts.sessions import create_session
from gateway.tenancy.shops import CreatedShop
from resolvers.schema import admin_schema, storefront_schema

ODD_SCALARS: dict[str, list[Any]] = {
    "String": ["", "   ", "x" * 5000, "'; drop table contacts; --", "Zoë 🍵 \u0000"],
    "ID": ["", "not-an-id", "00000000-0000-0000-0000-000000000000", "x" * 300],
    "Int": [0, -1, 2147483647],
    "Float": [0.0, -1.5],
    "Boolean": [True, False],
    "Decimal": ["-1", "0.001", "99999999999999999999", "NaN"],
    "DateTime": ["1900-01-01T00:00:00+00:00", "2999-12-31T23:59:59+00:00"],
    "Date": ["1900-01-01", "2999-12-31"],
    "JSON": [{}, {"a": [1, 2]}],
}


def _value(type_: Any, variant: int) -> Any:
    if isinstance(type_, GraphQLNonNull):
        return _value(type_.of_type, variant)
    if isinstance(type_, GraphQLList):
        return [_value(type_.of_type, variant)] if variant % 2 == 0 else []
    if isinstance(type_, GraphQLEnumType):
        names = list(type_.values)
        return names[variant % len(names)]
    if isinstance(type_, GraphQLInputObjectType):
        return {
            name: _value(field.type, variant)
            for name, field in type_.fields.items()
            if isinstance(field.type, GraphQLNonNull) or variant % 2 == 1
        }
    assert isinstance(type_, GraphQLScalarType), type_
    choices = ODD_SCALARS.get(type_.name, [""])
    return choices[variant % len(choices)]


def _type_ref(type_: Any) -> str:
    if isinstance(type_, GraphQLNonNull):
        return f"{_type_ref(type_.of_type)}!"
    if isinstance(type_, GraphQLList):
        return f"[{_type_ref(type_.of_type)}]"
    return str(type_.name)


def _selection(type_: Any, depth: int = 0) -> str:
    named = get_named_type(type_)
    if not isinstance(named, GraphQLObjectType):
        return ""
    if depth >= 2:
        leaves = [n for n, f in named.fields.items() if not f.args and _is_leaf(f)]
        return "{ " + " ".join(leaves or ["__typename"]) + " }"
    parts = []
    for name, field in named.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) for a in field.args.values()):
            continue
        parts.append(name + _selection(field.type, depth + 1))
    return "{ " + " ".join(parts or ["__typename"]) + " }"


def _is_leaf(field: GraphQLField) -> bool:
    return not isinstance(get_named_type(field.type), GraphQLObjectType)


def _operations(schema: GraphQLSchema) -> list[tuple[str, str, GraphQLField]]:
    found = []
    for kind, root in (("mutation", schema.mutation_type), ("query", schema.query_type)):
        if root is None:
            continue
        for name, field in root.fields.items():
            found.append((kind, name, field))
    return found


def _document(kind: str, name: str, field: GraphQLField) -> str:
    variables = ", ".join(f"${a}: {_type_ref(arg.type)}" for a, arg in field.args.items())
    arguments = ", ".join(f"{a}: ${a}" for a in field.args)
    head = f"{kind} Sweep({variables})" if variables else f"{kind} Sweep"
    call = f"{name}({arguments})" if arguments else name
    return f"{head} {{ {call} {_selection(field.type)} }}"


def _check(response: httpx.Response, label: str) -> None:
    assert response.status_code < 500, (label, response.text[:500])
    body = response.json()
    for error in body.get("errors") or []:
        assert (error.get("extensions") or {}).get("code") != "INTERNAL", (label, error)


@pytest.mark.parametrize("variant", range(len(ODD_SCALARS["String"])))
async def test_storefront_operations_never_fail_internally(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop, variant: int
) -> None:
    contact_id = await pool.fetchval(
        """insert into contacts (shop_id, email, full_name, is_guest, email_confirmed_at)
           values ($1, 'sweep@example.com', 'Sweep', false, now()) returning id""",
        shop.shop_id,
    )
    async with pool.acquire() as conn:
        token = (await create_session(conn, shop.shop_id, contact_id, 30)).token
    schema = storefront_schema._schema
    for kind, name, field in _operations(schema):
        variables = {a: _value(arg.type, variant) for a, arg in field.args.items()}
        for headers in (
            {"X-Storefront-Key": shop.storefront_key},
            {"X-Storefront-Key": shop.storefront_key, "Authorization": f"Bearer {token}"},
        ):
            query = _document(kind, name, field)
            response = await client.post(
                "/graphql", json={"query": query, "variables": variables}, headers=headers
            )
            _check(response, f"{name} {variables}")


@pytest.mark.parametrize("variant", range(len(ODD_SCALARS["String"])))
async def test_admin_operations_never_fail_internally(
    client: httpx.AsyncClient, shop: CreatedShop, variant: int
) -> None:
    schema = admin_schema._schema
    for kind, name, field in _operations(schema):
        variables = {a: _value(arg.type, variant) for a, arg in field.args.items()}
        response = await client.post(
            "/admin/graphql",
            json={"query": _document(kind, name, field), "variables": variables},
            headers={"Authorization": f"Bearer {shop.admin_key}"},
        )
        _check(response, f"{name} {variables}")
