"""Steps for the account-page browser tests: the merchant's side through the admin API, the
customer's side through chromium, accessibility checks with axe-core (vendored)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from gateway.tenancy.shops import CreatedShop
from tests.gql import admin, data

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SERIOUS = ("serious", "critical")


async def use_axe(page: Any) -> None:
    """Load axe-core into every document this page opens (an init script, not a CDN)."""
    await page.add_init_script(path=str(AXE))
    page.set_default_timeout(15_000)


async def serious_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical findings (WCAG 2.x A/AA and best practices) here."""
    return await page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']});
            return result.violations
                .filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => ({id: v.id, impact: v.impact, help: v.help,
                            nodes: v.nodes.map(n => n.target.join(' '))}));
        }"""
    )


async def assert_accessible(page: Any) -> None:
    found = await serious_violations(page)
    assert found == [], f"{page.url}: {found}"


async def storefront_update(client: httpx.AsyncClient, shop: CreatedShop, **changes: Any) -> None:
    body = await admin(
        client,
        shop.admin_key,
        """mutation($input: StorefrontSettingsInput!) {
             storefrontUpdate(input: $input) { errors { code field message } } }""",
        {"input": changes},
    )
    assert data(body)["storefrontUpdate"]["errors"] == []


async def _admin(client: httpx.AsyncClient, shop: CreatedShop, query: str, **variables: Any) -> Any:
    result = data(await admin(client, shop.admin_key, query, variables))
    payload = next(iter(result.values()))
    if isinstance(payload, dict) and "errors" in payload:
        assert payload["errors"] == [], payload["errors"]
    return payload


async def customer_with_history(client: httpx.AsyncClient, shop: CreatedShop, email: str) -> str:
    """The signed-up contact gets the Gold group (10%), an invoiced, shipped order; its number."""
    for sku, name, price in (
        ("TEA-EARL-GREY", "Earl Grey tea, 100 g", "6.95"),
        ("MUG-STONE", "Stoneware mug", "14.00"),
    ):
        await _admin(
            client,
            shop,
            """mutation($input: ProductInput!) { productUpsert(input: $input) {
                 errors { code field message } } }""",
            input={"sku": sku, "name": name, "price": price},
        )
    found = await _admin(
        client,
        shop,
        "query($s: String) { contacts(first: 5, search: $s) { edges { node { id } } } }",
        s=email,
    )
    contact_id = found["edges"][0]["node"]["id"]
    group = await _admin(
        client,
        shop,
        """mutation($input: CustomerGroupInput!) { customerGroupCreate(input: $input) {
             customerGroup { id } errors { code field message } } }""",
        input={"name": "Gold", "discountPercent": "10"},
    )
    await _admin(
        client,
        shop,
        """mutation($id: ID!, $input: ContactUpdateInput!) { contactUpdate(id: $id, input: $input) {
             errors { code field message } } }""",
        id=contact_id,
        input={"customerGroupId": group["customerGroup"]["id"]},
    )
    placed = await _admin(
        client,
        shop,
        """mutation($input: OrderCreateInput!) { orderCreate(input: $input) {
             order { id number total { amount } } errors { code field message } } }""",
        input={
            "contactId": contact_id,
            "lines": [  # the prices agreed at the time (the shop's own system)
                {"sku": "TEA-EARL-GREY", "quantity": 2, "unitPrice": "6.95"},
                {"sku": "MUG-STONE", "quantity": 1, "unitPrice": "14.00"},
            ],
            "shippingMethod": "PostNL",
            "paymentMethod": "iDEAL",
            "shippingAddress": {
                "name": "Ann Example",
                "street": "Dorpsstraat 5",
                "postalCode": "3511 AB",
                "city": "Utrecht",
                "country": "NL",
            },
        },
    )
    order = placed["order"]
    await _admin(
        client,
        shop,
        """mutation($id: ID!, $input: OrderUpdateInput!) { orderUpdate(id: $id, input: $input) {
             errors { code field message } } }""",
        id=order["id"],
        input={
            "paymentStatus": "PAID",
            "fulfilmentStatus": "SHIPPED",
            "amountPaid": order["total"]["amount"],
            "expectedDeliveryDate": "2026-12-03",
        },
    )
    await _admin(
        client,
        shop,
        """mutation($id: ID!) { invoiceCreate(orderId: $id) {
             invoice { id } errors { code field message } } }""",
        id=order["id"],
    )
    return str(order["number"])
