"""Members-only catalogue: with `requireLoginForCatalogue`, no operation shows a price to a
caller without a session, over POST or GET.

The operations come from the schema: every query and mutation whose answer can hold a `Money`
is called without a session, with real ids (a checkout, an order, a favourites share link made
by a signed-in member) where the arguments ask for them, selecting every `Money` it can reach.
The same walk against an open catalogue finds prices, so the walk itself can see a leak.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import asyncpg
import httpx
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    get_named_type,
)

from gateway.tenancy.shops import CreatedShop
from resolvers.schema import storefront_schema
from tests.checkout.factories import (
    add_products,
    complete,
    new_checkout,
    registered_contact,
    session_token,
    set_contact,
)
from tests.gql import admin, data, storefront

SCHEMA = storefront_schema._schema
SETTINGS = """mutation($on: Boolean!) { storefrontUpdate(input: {requireLoginForCatalogue: $on}) {
  errors { code } } }"""
PRICE_FIELDS = {"product", "products", "prices", "checkout", "checkoutCreate", "sharedFavourites"}


@cache
def _walk(type_name: str, seen: frozenset[str]) -> bool:
    named = SCHEMA.get_type(type_name)
    if not isinstance(named, GraphQLObjectType) or type_name in seen:
        return False
    if type_name == "Money":
        return True
    return any(
        _walk(get_named_type(f.type).name, seen | {type_name}) for f in named.fields.values()
    )


def _selection(type_: Any, depth: int) -> str:
    named = get_named_type(type_)
    if named.name == "Money":
        return "{ amount currency }"
    parts = ["__typename"]
    for name, field in named.fields.items():
        inner = get_named_type(field.type)
        if not isinstance(inner, GraphQLObjectType) or depth >= 6:
            continue
        if any(isinstance(a.type, GraphQLNonNull) for a in field.args.values()):
            continue
        if _walk(inner.name, frozenset({named.name})):
            parts.append(name + _selection(field.type, depth + 1))
    return "{ " + " ".join(parts) + " }"


def _value(type_: Any, name: str, known: dict[str, Any]) -> Any:
    if name in known:
        return known[name]
    if isinstance(type_, GraphQLNonNull):
        return _value(type_.of_type, name, known)
    if isinstance(type_, GraphQLList):
        return [_value(type_.of_type, name, known)]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        return {
            n: _value(f.type, n, known)
            for n, f in type_.fields.items()
            if isinstance(f.type, GraphQLNonNull)
        }
    return {"Int": 1, "Boolean": False}.get(named := get_named_type(type_).name, f"x-{named}")


def _type_ref(type_: Any) -> str:
    if isinstance(type_, GraphQLNonNull):
        return f"{_type_ref(type_.of_type)}!"
    if isinstance(type_, GraphQLList):
        return f"[{_type_ref(type_.of_type)}]"
    return str(type_.name)


def _priced_operations() -> list[tuple[str, str, GraphQLField]]:
    found = []
    for kind, root in (("query", SCHEMA.query_type), ("mutation", SCHEMA.mutation_type)):
        assert root is not None
        for name, field in root.fields.items():
            if _walk(get_named_type(field.type).name, frozenset()):
                found.append((kind, name, field))
    return found


def _document(kind: str, name: str, field: GraphQLField) -> str:
    variables = ", ".join(f"${a}: {_type_ref(arg.type)}" for a, arg in field.args.items())
    arguments = ", ".join(f"{a}: ${a}" for a in field.args)
    head = f"{kind} Walk({variables})" if variables else f"{kind} Walk"
    call = f"{name}({arguments})" if arguments else name
    return f"{head} {{ {call} {_selection(field.type, 0)} }}"


def _prices(value: Any) -> list[Any]:
    if isinstance(value, dict):
        found = [value["amount"]] if value.get("amount") is not None else []
        return found + [p for v in value.values() for p in _prices(v)]
    if isinstance(value, list):
        return [p for v in value for p in _prices(v)]
    return []


async def _real_ids(client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop) -> dict:
    """A checkout, an order and a share link made by a signed-in member."""
    await add_products(pool, shop.shop_id)
    contact = await registered_contact(pool, shop.shop_id)
    token = await session_token(pool, shop.shop_id, contact)
    checkout = await new_checkout(client, shop, token=token)
    placed = await new_checkout(client, shop, token=token)
    assert (await set_contact(client, shop, placed["id"]))["errors"] == []
    order = (await complete(client, shop, placed["id"], token))["order"]
    key = shop.storefront_key
    await storefront(
        client, key, 'mutation { favouriteAdd(sku: "TEA") { errors { code } } }', token=token
    )
    share = "mutation { shareFavourites { token } }"
    link = data(await storefront(client, key, share, token=token))["shareFavourites"]["token"]
    return {
        "id": checkout["id"],
        "checkoutId": checkout["id"],
        "orderId": order["id"],
        "number": order["number"],
        "sku": "TEA",
        "skus": ["TEA"],
        "token": link,
        "quantity": 1,
        "first": 5,
        "after": None,
    }


async def _walk_without_session(
    client: httpx.AsyncClient, shop: CreatedShop, known: dict[str, Any]
) -> dict[str, tuple[list[Any], list[str]]]:
    """For each priced operation: (prices shown, error codes), over POST (and GET too for
    queries, merged)."""
    out = {}
    headers = {"X-Storefront-Key": shop.storefront_key}
    for kind, name, field in _priced_operations():
        query = _document(kind, name, field)
        variables = {a: _value(arg.type, a, known) for a, arg in field.args.items()}
        bodies = [
            (await client.post("/graphql", json={"query": query, "variables": variables},
                               headers=headers)).json()
        ]  # fmt: skip
        if kind == "query":
            params = {"query": query, "variables": json.dumps(variables)}
            got = await client.get("/graphql", params=params, headers=headers)
            bodies.append(got.json())
        shown = [p for b in bodies for p in _prices(b.get("data"))]
        codes = [
            (e.get("extensions") or {}).get("code", "") for b in bodies for e in b.get("errors", [])
        ]
        out[name] = (shown, codes)
    return out


async def test_no_operation_shows_a_price_without_a_session(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    known = await _real_ids(client, pool, shop)

    # An open catalogue: the walk sees prices (so it can see a leak).
    open_walk = await _walk_without_session(client, shop, known)
    assert set(open_walk) >= PRICE_FIELDS, set(open_walk)
    leaking = {name for name, (shown, _) in open_walk.items() if shown}
    assert {"product", "products", "prices", "checkout", "sharedFavourites"} <= leaking

    changed = data(await admin(client, shop.admin_key, SETTINGS, {"on": True}))
    assert changed["storefrontUpdate"]["errors"] == []
    closed_walk = await _walk_without_session(client, shop, known)
    assert set(closed_walk) == set(open_walk)
    shown = {name: prices for name, (prices, _) in closed_walk.items() if prices}
    assert shown == {}
    for name in PRICE_FIELDS | {"checkoutSetContact", "checkoutComplete"}:
        assert "UNAUTHENTICATED" in closed_walk[name][1], (name, closed_walk[name])
