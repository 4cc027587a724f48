"""Every example operation GraphiQL opens with runs against the demo shop (`gateway demo`)
without a validation error, in tab order, carrying the session and checkout id along the way
as the explorer page does. Operations on fields this build does not have yet are listed."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx
from graphql import FieldNode, OperationDefinitionNode, parse

from gateway.demo import create_demo
from gateway.web.admin_examples import ADMIN_EXAMPLES
from gateway.web.examples import CHECKOUT_ID, STOREFRONT_EXAMPLES, Example
from resolvers.schema import admin_schema, storefront_schema

# Examples written against the contract for fields another change brings (prices: B2B).
NOT_YET_HERE = {"prices"}


def _operations(example: Example) -> list[tuple[str, str]]:
    document = parse(example.query)
    return [
        (d.name.value, d.selection_set.selections[0].name.value)  # type: ignore[union-attr]
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
        and isinstance(d.selection_set.selections[0], FieldNode)
    ]


def _has_root(schema: Any, name: str) -> bool:
    return any(
        t is not None and name in t.fields
        for t in (schema._schema.query_type, schema._schema.mutation_type)
    )


def _remember(value: Any, state: dict[str, str]) -> None:
    if isinstance(value, dict):
        session = value.get("session")
        if isinstance(session, dict) and session.get("token"):
            state["session"] = session["token"]
        checkout = value.get("checkout")
        if isinstance(checkout, dict) and checkout.get("id"):
            state["checkout"] = checkout["id"]
        for child in value.values():
            _remember(child, state)
    elif isinstance(value, list):
        for child in value:
            _remember(child, state)


async def _run_all(
    client: httpx.AsyncClient, path: str, headers: dict[str, str], examples: list[Example],
    schema: Any,
) -> tuple[dict[str, Any], set[str]]:  # fmt: skip
    state: dict[str, str] = {}
    answers: dict[str, Any] = {}
    skipped: set[str] = set()
    for example in examples:
        for operation, root in _operations(example):
            if not _has_root(schema, root):
                skipped.add(root)
                continue
            variables = {
                k: state.get("checkout", v) if v == CHECKOUT_ID else v
                for k, v in example.variables.items()
            }
            sent = dict(headers)
            if "session" in state and path == "/graphql":
                sent["Authorization"] = f"Bearer {state['session']}"
            response = await client.post(
                path,
                json={"query": example.query, "variables": variables, "operationName": operation},
                headers=sent,
            )
            assert response.status_code == 200, (operation, response.text)
            body = response.json()
            codes = {e.get("extensions", {}).get("code") for e in body.get("errors", [])}
            assert not codes & {"GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT", "INTERNAL"}, (
                operation,
                body["errors"],
            )
            _remember(body.get("data"), state)
            answers[operation] = body
    return answers, skipped


async def test_storefront_examples_run_against_the_demo_shop(
    client: httpx.AsyncClient, pool: asyncpg.Pool
) -> None:
    demo = await create_demo(pool)
    headers = {"X-Storefront-Key": demo.storefront_key}
    answers, skipped = await _run_all(
        client, "/graphql", headers, STOREFRONT_EXAMPLES, storefront_schema
    )
    assert skipped <= NOT_YET_HERE
    assert answers["SignUp"]["data"]["register"]["errors"] == []
    assert answers["SignIn"]["data"]["login"]["session"]["token"]
    assert answers["PlaceGuestOrder"]["data"]["checkoutComplete"]["order"]["number"]
    assert answers["PlaceOrder"]["data"]["checkoutComplete"]["order"]["number"]
    dashboard = answers["Dashboard"]["data"]["viewer"]
    assert dashboard["fullName"] and dashboard["orders"]["edges"]
    assert answers["OrdersAndInvoices"]["data"]["viewer"]["invoices"]["edges"]
    assert answers["Favourites"]["data"]["viewer"]["favourites"]["edges"]


async def test_admin_examples_run_against_the_demo_shop(
    client: httpx.AsyncClient, pool: asyncpg.Pool
) -> None:
    demo = await create_demo(pool)
    headers = {"Authorization": f"Bearer {demo.shop.admin_key}"}
    answers, skipped = await _run_all(
        client, "/admin/graphql", headers, ADMIN_EXAMPLES, admin_schema
    )
    assert skipped == set()
    assert answers["Products"]["data"]["products"]["edges"]
    assert answers["ChangeProduct"]["data"]["productUpdate"]["errors"] == []
    assert answers["Deactivate"]["data"]["productDeactivate"]["product"]["active"] is False
    assert answers["Contacts"]["data"]["contacts"]["edges"]
    assert answers["Orders"]["data"]["orders"]["edges"]
    assert answers["Order"]["data"]["order"]["number"] == "1001"
    assert answers["Invoices"]["data"]["invoices"]["edges"][0]["node"]["downloadUrl"]
    assert answers["Settings"]["data"]["customerGroups"]
    assert answers["SignInLinksOnly"]["data"]["storefrontUpdate"]["errors"] == []
