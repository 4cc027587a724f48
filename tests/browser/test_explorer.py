"""GraphiQL in a real browser with no network beyond loopback: it loads from the gateway
alone under the page's Content-Security-Policy, fetches the whole schema (docs explorer), and
runs the example sign-up operation it opens with."""

from __future__ import annotations

from typing import Any

from gateway.tenancy.shops import CreatedShop
from tests.browser.conftest import screenshot


async def test_graphiql_works_offline_with_docs_and_examples(
    page: Any, live_server: str, shop: CreatedShop
) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    response = await page.goto(f"{live_server}/graphql?key={shop.storefront_key}")
    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    await page.wait_for_selector(".graphiql-container", timeout=30_000)

    # The docs explorer lists the schema's root fields: the introspection query passed.
    await page.get_by_label("Show Documentation Explorer").click()
    await page.locator(".graphiql-doc-explorer").get_by_text("Query", exact=True).first.click()
    await page.locator(".graphiql-doc-explorer").get_by_text("viewer", exact=True).wait_for()

    # The example tabs are there; the first is the sign-up, run it and read the answer.
    tabs = page.locator(".graphiql-tab")
    assert await tabs.count() >= 10
    await tabs.first.click()
    editor = await page.locator(".graphiql-query-editor").inner_text()
    assert "register(input: $input)" in editor
    await page.locator(".graphiql-execute-button").click()
    answer = page.locator(".graphiql-response")
    await answer.get_by_text("new.customer@demo.example").wait_for(timeout=15_000)
    text = await answer.inner_text()
    assert '"errors": []' in text
    assert "STOREFRONT_KEY_INVALID" not in text

    await screenshot(page, "graphiql-offline-sign-up")
    assert page.offsite_requests == []
    assert not [p for p in problems if "Content Security Policy" in p], problems
    assert problems == [], problems
