"""GraphiQL in a real browser with no network beyond loopback: it loads from the gateway
alone under the page's Content-Security-Policy, fetches the whole schema (docs explorer), and
runs the example sign-up operation it opens with."""

from __future__ import annotations

import json
import re
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


async def _run_tab(
    page: Any, title: str, operation: str | None = None, headers: str | None = None
) -> str:
    """Open the tab whose operation is `title`, run it (choosing `operation`), read the answer.
    `headers` replace the tab's Headers editor text first, as a developer pasting a key would."""
    await page.locator(".graphiql-tab", has_text=title).first.click()
    # Wait until GraphiQL has switched tabs and the editor shows the tab's operation: a click
    # on Run before that runs the previous tab's document.
    await page.locator(".graphiql-tab.graphiql-tab-active", has_text=title).first.wait_for()
    await page.locator(".graphiql-query-editor .CodeMirror-code", has_text=title).wait_for()
    if headers is not None:
        await page.get_by_text("Headers", exact=True).click()
        await page.evaluate(
            """text => document.querySelector(
                 '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror'
               ).CodeMirror.setValue(text)""",
            headers,
        )
    if operation is not None:
        # Several operations: once GraphiQL has parsed the tab's document, its Run button
        # becomes a menu (aria-haspopup) that asks which one. Clicked earlier, it runs the
        # previous tab's single operation.
        await page.locator(".graphiql-execute-button[aria-haspopup]").wait_for()
    await page.locator(".graphiql-execute-button").click()
    if operation is not None:
        await page.get_by_role("menuitem", name=operation, exact=True).click()
    answer = page.locator(".graphiql-response")
    await answer.get_by_text(re.compile('"(data|errors)"')).first.wait_for(timeout=15_000)
    return await answer.inner_text()  # type: ignore[no-any-return]


async def test_the_explorer_carries_the_session_from_sign_in_to_the_dashboard(
    page: Any, live_server: str, pool: Any
) -> None:
    from gateway.demo import create_demo

    demo = await create_demo(pool)
    await page.goto(f"{live_server}/graphql?key={demo.storefront_key}")
    await page.wait_for_selector(".graphiql-container", timeout=30_000)
    signed_in = await _run_tab(page, "SignIn")
    assert '"token"' in signed_in and "Dana Demo" in signed_in
    dashboard = await _run_tab(page, "Dashboard")
    assert '"viewer": null' not in dashboard
    assert "customer@demo.example" in dashboard and "Tea club" in dashboard
    await screenshot(page, "graphiql-dashboard-after-sign-in")
    assert page.offsite_requests == []


async def test_the_admin_explorer_takes_no_key_from_the_url(
    page: Any, live_server: str, shop: CreatedShop
) -> None:
    await page.goto(f"{live_server}/admin/graphql?key={shop.admin_key}")
    await page.wait_for_selector(".graphiql-container", timeout=30_000)
    await page.get_by_text("Headers", exact=True).click()
    headers = await page.locator(".graphiql-editor-tool").inner_text()
    assert "paste your admin key here" in headers
    assert shop.admin_key not in headers
    # With the key pasted into the Headers tab, the admin examples run.
    pasted = json.dumps({"Authorization": f"Bearer {shop.admin_key}"})
    answer = await _run_tab(page, "Invoices", headers=pasted)
    assert '"invoices"' in answer and "ADMIN_KEY_INVALID" not in answer
    await screenshot(page, "graphiql-admin-invoices")
    # The key pasted once serves the other tabs of the page too.
    settings = await _run_tab(page, "Settings", operation="Settings")
    assert '"storefronts"' in settings and "Test shop" in settings
    stored = await page.evaluate("() => JSON.stringify({...localStorage, ...sessionStorage})")
    assert "gateway-admin:" in stored  # the tabs are kept, the key is not
    assert shop.admin_key not in stored
    assert page.offsite_requests == []
