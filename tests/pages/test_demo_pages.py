"""`gateway demo`: the demo customer signs in on the demo shop's hosted pages."""

from __future__ import annotations

from typing import Any

import asyncpg

from gateway.demo import create_demo
from gateway.demo.customer import DEMO_EMAIL, DEMO_PASSWORD
from tests.pages.conftest import browser_for
from tests.pages.helpers import submit, text_of


async def test_demo_customer_signs_in_on_the_demo_account_pages(
    app: Any, pool: asyncpg.Pool
) -> None:
    demo = await create_demo(pool)
    assert demo.account_url == f"http://127.0.0.1:8000/account/{demo.shop.handle}"
    assert f"account pages:   {demo.account_url}/" in demo.describe()
    browser = await browser_for(app, None, demo.shop)
    async with browser:
        page = f"/account/{demo.shop.handle}/sign-in"
        response = await submit(
            browser, page, page, {"email": DEMO_EMAIL, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 303
        dashboard = await browser.get(f"/account/{demo.shop.handle}/")
        orders = await browser.get(f"/account/{demo.shop.handle}/orders")
    assert dashboard.status_code == 200 and "Hello Dana" in dashboard.text
    assert "Demo tea shop" in dashboard.text
    assert orders.status_code == 200 and "Order 1" in text_of(orders)
