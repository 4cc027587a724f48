"""Profile pages: sessions with "sign out everywhere else", the data export, a password change,
favourites with a share link that works without signing in."""

from __future__ import annotations

import re
from typing import Any

import asyncpg
import httpx

from gateway.accounts.sessions import create_session
from gateway.tenancy.shops import CreatedShop
from tests.my_account.factories import Customer, product
from tests.pages.conftest import base, browser_for
from tests.pages.helpers import submit, text_of


async def test_sign_out_everywhere_else_keeps_this_browser(
    ann_browser: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool, ann: Customer
) -> None:
    async with pool.acquire() as conn:
        phone = await create_session(conn, shop.shop_id, ann.id, ttl_days=30)
    page = f"{base(shop)}/profile/sessions"
    listed = text_of(await ann_browser.get(page))
    assert listed.count("Signed in") == 2 and "This device" in listed
    done = await submit(ann_browser, page, page, {"action": "others"})
    assert done.status_code == 303
    alive = await pool.fetch(
        "select id from sessions where contact_id = $1 and revoked_at is null", ann.id
    )
    assert len(alive) == 1 and alive[0]["id"] != phone.id
    assert (await ann_browser.get(f"{base(shop)}/")).status_code == 200


async def test_export_downloads_the_contacts_data(
    ann_browser: httpx.AsyncClient, shop: CreatedShop
) -> None:
    response = await ann_browser.get(f"{base(shop)}/profile/export")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="my-data.json"'
    assert response.json()["profile"]["email"] == "ann@example.com"


async def test_password_change_needs_the_current_one(
    ann_browser: httpx.AsyncClient, shop: CreatedShop
) -> None:
    page = f"{base(shop)}/profile"
    wrong = await submit(
        ann_browser,
        page,
        page,
        {"action": "password", "currentPassword": "guess", "newPassword": "a new pot of tea"},
    )
    assert wrong.status_code == 400 and 'aria-invalid="true"' in wrong.text
    right = await submit(
        ann_browser,
        page,
        page,
        {
            "action": "password",
            "currentPassword": "tea for two!",
            "newPassword": "a new pot of tea",
        },
    )
    assert right.status_code == 303 and "password-changed" in right.headers["location"]


async def test_favourites_share_link_shows_the_list_to_anyone(
    app: Any,
    ann_browser: httpx.AsyncClient,
    shop: CreatedShop,
    pool: asyncpg.Pool,
    ann: Customer,
) -> None:
    await product(pool, shop.shop_id, "TEA", "4.50")
    await pool.execute(
        "insert into favourites (shop_id, contact_id, sku) values ($1, $2, 'TEA')",
        shop.shop_id,
        ann.id,
    )
    page = f"{base(shop)}/favourites"
    assert "Product TEA" in (await ann_browser.get(page)).text
    shared = await submit(ann_browser, page, page, {"action": "share"})
    link = re.search(r'value="(http://gateway\.test/account/[^"]+)"', shared.text)
    assert link, shared.text
    stranger = await browser_for(app, None, shop)
    async with stranger:
        seen = await stranger.get(link.group(1).replace("&amp;", "&"))
        assert seen.status_code == 200 and "Product TEA" in seen.text and "€4.50" in seen.text
        stopped = await submit(ann_browser, page, page, {"action": "unshare"})
        assert stopped.status_code == 303
        assert (await stranger.get(link.group(1))).status_code == 404
