"""Every string argument and input field of every storefront and admin operation, given a NUL,
a control character or an unpaired surrogate, answers INVALID on that field: in the payload's
`errors` with its path, or as a GraphQL error with code INVALID naming the path. Never HTTP 500,
never INTERNAL. The operations and their string leaves come from the schema itself, so a new
argument is swept without anyone remembering to add it here."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import asyncpg
import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
)

from gateway.accounts.sessions import create_session
from gateway.tenancy.shops import CreatedShop, create_shop
from resolvers.schema import admin_schema, storefront_schema
from resolvers.text_guard import TEXT_SCALARS
from tests.my_account.factories import customer, order
from tests.pages.conftest import base, browser_for
from tests.pages.helpers import csrf_of
from tests.test_bad_input_sweep import _document, _operations

# Sent as JSON variables; the lone surrogate is written as its JSON escape, as a client would.
BAD_TEXT = {"nul": "a\x00b", "control": "a\x07b", "surrogate": "a\ud800b"}
FINE: dict[str, Any] = {
    "String": "fine",
    "ID": "00000000-0000-0000-0000-000000000000",
    "Int": 1,
    "Float": 1.0,
    "Boolean": False,
    "Decimal": "1.00",
    "DateTime": "2026-01-01T00:00:00+00:00",
    "Date": "2026-01-01",
    "JSON": {},
}


def _fine(type_: Any) -> Any:
    if isinstance(type_, GraphQLNonNull):
        return _fine(type_.of_type)
    if isinstance(type_, GraphQLList):
        return [_fine(type_.of_type)]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        return {name: _fine(field.type) for name, field in type_.fields.items()}
    assert isinstance(type_, GraphQLScalarType), type_
    return FINE.get(type_.name, "fine")


def _text_leaves(type_: Any, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """Paths (as in the answer's `field`) of every text scalar inside a value of `type_`."""
    if isinstance(type_, GraphQLNonNull):
        yield from _text_leaves(type_.of_type, path)
    elif isinstance(type_, GraphQLList):
        yield from _text_leaves(type_.of_type, (*path, "0"))
    elif isinstance(type_, GraphQLInputObjectType):
        for name, field in type_.fields.items():
            yield from _text_leaves(field.type, (*path, name))
    elif isinstance(type_, GraphQLScalarType) and type_.name in TEXT_SCALARS:
        yield path


def _put(value: Any, path: tuple[str, ...], bad: str) -> Any:
    if not path:
        return bad
    head, rest = path[0], path[1:]
    if isinstance(value, list):
        value[int(head)] = _put(value[int(head)], rest, bad)
    else:
        value[head] = _put(value[head], rest, bad)
    return value


def _cases(schema: GraphQLSchema) -> Iterator[tuple[str, str, Any, dict[str, Any], list[str]]]:
    for kind, name, field in _operations(schema):
        for arg_name, arg in field.args.items():
            for leaf in _text_leaves(arg.type, (arg_name,)):
                for bad in BAD_TEXT.values():
                    variables = {a: _fine(x.type) for a, x in field.args.items()}
                    _put(variables, leaf, bad)
                    yield kind, name, field, variables, list(leaf)


def _refused_on(body: dict[str, Any], name: str, path: list[str]) -> bool:
    payload = (body.get("data") or {}).get(name)
    if isinstance(payload, dict) and payload.get("errors"):
        return any(e["code"] == "INVALID" and e["field"] == path for e in payload["errors"])
    return any(
        (e.get("extensions") or {}).get("code") == "INVALID"
        and (e.get("extensions") or {}).get("field") == path
        for e in body.get("errors") or []
    )


async def _sweep(client: httpx.AsyncClient, url: str, headers: dict, schema: Any) -> int:
    failures, count = [], 0
    for kind, name, field, variables, path in _cases(schema):
        count += 1
        body = json.dumps({"query": _document(kind, name, field), "variables": variables})
        response = await client.post(
            url, content=body, headers={**headers, "content-type": "application/json"}
        )
        label = f"{name} {path} {variables}"
        if response.status_code >= 500 or not _refused_on(response.json(), name, path):
            failures.append((label, response.status_code, response.text[:300]))
    assert not failures, failures[:5]
    return count


async def test_every_storefront_text_argument_refuses_bad_text(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    contact_id = await pool.fetchval(
        """insert into contacts (shop_id, email, full_name, is_guest, email_confirmed_at)
           values ($1, 'sweep@example.com', 'Sweep', false, now()) returning id""",
        shop.shop_id,
    )
    async with pool.acquire() as conn:
        token = (await create_session(conn, shop.shop_id, contact_id, 30)).token
    for headers in (
        {"X-Storefront-Key": shop.storefront_key},  # a guest
        {"X-Storefront-Key": shop.storefront_key, "Authorization": f"Bearer {token}"},
    ):
        swept = await _sweep(client, "/graphql", headers, storefront_schema._schema)
        assert swept > 100  # the sweep found the schema's text arguments


async def test_every_admin_text_argument_refuses_bad_text(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    headers = {"Authorization": f"Bearer {shop.admin_key}"}
    swept = await _sweep(client, "/admin/graphql", headers, admin_schema._schema)
    assert swept > 100


LOGIN_NUL = """mutation { login(email: "a\\u0000b@x.example", password: "pw") {
  errors { code field } } }"""
COMPLETE_C1 = """mutation { checkoutComplete(checkoutId: "x", input: {
  shippingMethod: "post\\u0085", paymentMethod: "card"}) { errors { code field } } }"""


@pytest.mark.parametrize(
    ("query", "path"),
    [
        (LOGIN_NUL, ["email"]),
        ('{ product(sku: "TEA\\u0007") { sku } }', ["sku"]),
        ('{ prices(skus: ["A", "B\\u0000"]) { sku } }', ["skus", "1"]),
        (COMPLETE_C1, ["input", "shippingMethod"]),
    ],
)
async def test_literals_are_refused_like_variables(
    client: httpx.AsyncClient, shop: CreatedShop, query: str, path: list[str]
) -> None:
    response = await client.post(
        "/graphql", json={"query": query}, headers={"X-Storefront-Key": shop.storefront_key}
    )
    assert response.status_code == 200
    name = query.replace("mutation", "").split("{")[1].split("(")[0].strip()
    assert _refused_on(response.json(), name, path), response.text


async def test_a_lone_surrogate_literal_is_a_syntax_error_not_a_crash(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    for text in ('{ product(sku: "\\ud800") { sku } }', '{ product(sku: "\ud800") { sku } }'):
        body = json.dumps({"query": text})  # the raw surrogate travels as its JSON escape
        response = await client.post(
            "/graphql",
            content=body,
            headers={"X-Storefront-Key": shop.storefront_key, "content-type": "application/json"},
        )
        assert response.status_code == 200, response.text
        assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_a_surrogate_echoed_by_a_coercion_error_does_not_break_the_answer(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    body = json.dumps(
        {"query": "query($n: Int) { products(first: $n) { edges { cursor } } }",
         "variables": {"n": "\ud800"}}
    )  # fmt: skip
    response = await client.post(
        "/graphql",
        content=body,
        headers={"X-Storefront-Key": shop.storefront_key, "content-type": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_multi_line_free_text_keeps_line_breaks_and_refuses_other_controls(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    query = """mutation($i: SellerInput!) { sellerUpdate(input: $i) {
        errors { code field } } }"""
    headers = {"Authorization": f"Bearer {shop.admin_key}"}
    fine = {"i": {"name": "Shop BV", "address": "Street 1\r\n1234 AB Town\tNL"}}
    response = await client.post("/admin/graphql", json={"query": query, "variables": fine},
                                 headers=headers)  # fmt: skip
    assert response.json()["data"]["sellerUpdate"]["errors"] == []
    for bad in ("Street 1\x0b", "Street\x00", "Street\x1b[31m"):
        variables = {"i": {"name": "Shop BV", "address": bad}}
        response = await client.post("/admin/graphql", json={"query": query,
                                     "variables": variables}, headers=headers)  # fmt: skip
        assert response.json()["data"]["sellerUpdate"]["errors"] == [
            {"code": "INVALID", "field": ["input", "address"]}
        ]
    # a single-line field refuses a line break (a mail header or a PDF line could be split)
    variables = {"i": {"name": "Shop\r\nBcc: x@y.example", "address": "Street 1"}}
    response = await client.post("/admin/graphql", json={"query": query, "variables": variables},
                                 headers=headers)  # fmt: skip
    assert response.json()["data"]["sellerUpdate"]["errors"] == [
        {"code": "INVALID", "field": ["input", "name"]}
    ]


async def test_arguments_below_the_root_are_checked_too(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    contact_id = await pool.fetchval(
        """insert into contacts (shop_id, email, full_name, is_guest, email_confirmed_at)
           values ($1, 'deep@example.com', 'Deep', false, now()) returning id""",
        shop.shop_id,
    )
    async with pool.acquire() as conn:
        token = (await create_session(conn, shop.shop_id, contact_id, 30)).token
    query = (
        "query($a: String) { viewer { email orders(first: 5, after: $a) { edges { cursor } } } }"
    )
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": {"a": "x\x00"}},
        headers={"X-Storefront-Key": shop.storefront_key, "Authorization": f"Bearer {token}"},
    )
    body = response.json()
    assert body["errors"][0]["extensions"] == {"code": "INVALID", "field": ["after"]}
    assert body["errors"][0]["path"] == ["viewer", "orders"]


@pytest.mark.parametrize(
    "path",
    [
        "/dev/mailbox?to=%00",
        "/dev/mailbox?to=a%07b",
        "/invoices/%00.pdf",
        "/invoices/x.pdf?token=a%00",
        "/auth/oidc/callback?code=a%00&state=b",
        "/auth/oidc/%01/start",
        "/account/demo%00/sign-in",
        "/account/demo/orders/1001%C2%85",
    ],
)
async def test_other_routes_refuse_control_characters_in_the_url(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 400, (path, response.status_code)
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID"


async def test_get_requests_are_checked_like_posts(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    query = "query($s: String!) { product(sku: $s) { sku } }"
    for bad in BAD_TEXT.values():
        response = await client.get(
            "/graphql",
            params={"query": query, "variables": json.dumps({"s": bad})},
            headers={"X-Storefront-Key": shop.storefront_key},
        )
        assert response.status_code == 200, response.text
        [error] = response.json()["errors"]
        assert error["extensions"] == {"code": "INVALID", "field": ["sku"]}
    # A multi-line document over GET is fine; a raw control character in the URL is not.
    fine = await client.get(
        "/graphql",
        params={"query": '{\n\tproduct(sku: "TEA") { sku }\n}'},
        headers={"X-Storefront-Key": shop.storefront_key},
    )
    assert fine.status_code == 200 and "errors" not in fine.json()


PAGE_FIELDS = [
    "comment", "currentPassword", "email", "fullName", "id", "memberId", "newEmail",
    "newPassword", "next", "organisationId", "password", "role", "sku", "token", "name",
    "street", "postalCode", "city", "country", "countryArea", "phone", "locale", "vatNumber",
    "quantity-0", "sku-0", "reason-0",
]  # fmt: skip
PAGE_ACTIONS = [
    "", "remove", "switch", "share", "unshare", "invite", "role", "details", "email",
    "password", "delete", "SHIPPING", "BILLING", "others", "link", "resend",
]  # fmt: skip
PAGES = [
    "sign-in", "sign-up", "confirm", "reset-password", "accept-invitation", "order-status",
    "shared-favourites", "", "orders", "orders/1001", "orders/1001/again",
    "orders/1001/return", "addresses", "profile", "profile/sessions", "favourites",
    "organisation",
]  # fmt: skip


async def test_every_account_page_form_answers_bad_text_without_a_server_error(
    app: Any, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    ann = await customer(pool, shop.shop_id, "ann@example.com", "Ann Example", "tea for two!")
    await order(pool, shop.shop_id, ann.id, "1001")
    async with await browser_for(app, ann, shop) as browser:
        csrf = csrf_of((await browser.get(f"{base(shop)}/profile")).text)
        failures = []
        for page in PAGES:
            for bad in ("a\x00b", "a\x07b", "a\x85b"):
                for action in PAGE_ACTIONS:
                    form = {name: bad for name in PAGE_FIELDS}
                    posted = await browser.post(
                        f"{base(shop)}/{page}",
                        data={**form, "action": action, "csrf": csrf},
                        headers={"origin": "http://gateway.test"},
                    )
                    if posted.status_code >= 500:
                        failures.append((page, action, repr(bad), posted.status_code))
        assert not failures, failures[:10]


async def test_a_shop_name_with_a_control_character_is_refused_by_the_command_line(
    pool: asyncpg.Pool,
) -> None:
    for name in ("Tea\x00shop", "Tea\nBcc: x@y.example", "Tea\x9bshop"):
        with pytest.raises(ValueError, match="the shop's name"):
            await create_shop(pool, name)
