"""Text PostgreSQL cannot hold (U+0000) is refused before any resolver runs, whether it comes
as a literal in the document or in a variable, on the storefront, the admin API and the hosted
pages: INVALID, never INTERNAL or HTTP 500."""

from __future__ import annotations

import httpx
import pytest

from gateway.tenancy.shops import CreatedShop

NUL_LITERALS = [
    'mutation { login(email: "a\\u0000b@x.example", password: "whatever1") { errors { code } } }',
    '{ product(sku: "TEA\\u0000") { sku } }',
    '{ prices(skus: ["A", "B\\u0000"]) { sku } }',
    'mutation { favouriteAdd(sku: "a\\u0000b") { errors { code } } }',
]


@pytest.mark.parametrize("query", NUL_LITERALS)
async def test_a_nul_in_a_literal_is_refused_as_invalid(
    client: httpx.AsyncClient, shop: CreatedShop, query: str
) -> None:
    response = await client.post(
        "/graphql", json={"query": query}, headers={"X-Storefront-Key": shop.storefront_key}
    )
    assert response.status_code == 200
    errors = response.json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == ["INVALID"]
    assert "U+0000" in errors[0]["message"]


@pytest.mark.parametrize(
    ("query", "variables", "path"),
    [
        (
            'mutation($e: String!) { login(email: $e, password: "whatever1") { errors { code } } }',
            {"e": "a\x00b@x.example"},
            ["e"],
        ),
        (
            "mutation($i: CheckoutCreateInput!) { checkoutCreate(input: $i) { errors { code } } }",
            {"i": {"lines": [{"sku": "TEA", "quantity": 1}, {"sku": "x\x00", "quantity": 1}]}},
            ["i", "lines", "1", "sku"],
        ),
    ],
)
async def test_a_nul_in_a_variable_is_refused_naming_it(
    client: httpx.AsyncClient, shop: CreatedShop, query: str, variables: dict, path: list[str]
) -> None:
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"X-Storefront-Key": shop.storefront_key},
    )
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "INVALID", "variable": path}


async def test_admin_searches_with_a_nul_are_refused(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    for query in (
        '{ orders(search: "a\\u0000") { edges { cursor } } }',
        "query($s: String) { contacts(search: $s) { edges { cursor } } }",
    ):
        response = await client.post(
            "/admin/graphql",
            json={"query": query, "variables": {"s": "a\x00"}},
            headers={"Authorization": f"Bearer {shop.admin_key}"},
        )
        assert response.status_code == 200
        assert response.json()["errors"][0]["extensions"]["code"] == "INVALID"


async def test_control_characters_in_a_name_are_named_as_such(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    query = (
        """mutation($i: RegisterInput!) { register(input: $i) { errors { code field message } } }"""
    )
    for name in ("A\x01B", "A\x7fB"):
        variables = {
            "i": {"email": "c@example.com", "password": "a fine passphrase", "fullName": name}
        }
        response = await client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"X-Storefront-Key": shop.storefront_key},
        )
        errors = response.json()["data"]["register"]["errors"]
        assert errors == [
            {
                "code": "INVALID",
                "field": ["input", "fullName"],
                "message": "A name cannot contain control characters.",
            }
        ]
