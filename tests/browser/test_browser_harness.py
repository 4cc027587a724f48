"""The browser harness itself: chromium reaches the live app, and nothing leaves loopback."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import screenshot


async def test_chromium_reaches_the_live_gateway(page: Any, live_server: str) -> None:
    response = await page.goto(f"{live_server}/healthz")
    assert response is not None and response.status == 200
    assert "ok" in (await page.content()).lower()
    path = await screenshot(page, "harness-healthz")
    assert path.stat().st_size > 0


async def test_requests_leaving_loopback_are_refused_and_recorded(
    page: Any, live_server: str
) -> None:
    await page.goto(f"{live_server}/healthz")
    outcome = await page.evaluate(
        """() => fetch('https://cdn.example.com/react.js').then(() => 'loaded', () => 'refused')"""
    )
    assert outcome == "refused"
    assert page.offsite_requests == ["https://cdn.example.com/react.js"]
