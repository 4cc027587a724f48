"""A NUL character (U+0000) in a page's path or form is the visitor's error (400 or the form
again), never a server error: the API refuses it before running (resolvers/text_guard.py,
gateway/text.py)."""

from __future__ import annotations

import httpx

from gateway.tenancy.shops import CreatedShop
from tests.pages.conftest import base
from tests.pages.helpers import csrf_of


async def test_nul_in_paths_and_forms_is_a_client_error(
    ann_browser: httpx.AsyncClient, shop: CreatedShop
) -> None:
    for path in ("orders/%00", "orders/1001%00", "orders/1001%00/invoices/x"):
        got = await ann_browser.get(f"{base(shop)}/{path}")
        assert got.status_code in (400, 404), (path, got.status_code)
    form = csrf_of((await ann_browser.get(f"{base(shop)}/favourites")).text)
    for path, data in (
        ("favourites", {"action": "remove", "sku": "a\x00b"}),
        ("orders/1001%00/again", {}),
        ("profile", {"action": "details", "fullName": "A\x00B", "phone": "", "locale": "en"}),
    ):
        posted = await ann_browser.post(
            f"{base(shop)}/{path}",
            data={**data, "csrf": form},
            headers={"origin": "http://gateway.test"},
        )
        assert posted.status_code < 500, (path, posted.status_code)
