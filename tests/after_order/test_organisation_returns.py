"""Returns of an organisation's orders: its ADMIN (acting for it) may send back what any member
ordered for it; a BUYER only their own; nobody another organisation's or a private order."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.after_order.steps import ask_return, codes, customer_order, ship
from tests.checkout.factories import (
    complete,
    new_checkout,
    registered_contact,
    session_token,
    set_contact,
)
from tests.organisations.ops import MEMBER_UPDATE, MEMBERS, SET_ACTIVE, add_member, sf_data
from tests.organisations.ops import organisation as new_organisation

TEA_BACK = [{"sku": "TEA", "quantity": 1, "reason": "DAMAGED"}]


async def _member(
    client: httpx.AsyncClient,
    pool: asyncpg.Pool,
    shop: CreatedShop,
    org: str,
    email: str,
    role: str,
) -> str:
    """A signed-in member acting for `org`: their session token."""
    contact_id = await registered_contact(pool, shop.shop_id, email)
    assert (await add_member(client, shop, org, contact_id, role))["errors"] == []
    token = await session_token(pool, shop.shop_id, contact_id)
    acting = await sf_data(client, shop, SET_ACTIVE, {"id": org}, token)
    assert acting["errors"] == [] and acting["contact"]["organisation"]["id"] == org
    return token


async def _shipped_for(client: httpx.AsyncClient, shop: CreatedShop, token: str) -> dict[str, Any]:
    """An order placed by the session's holder (for the organisation it acts for), shipped."""
    checkout = await new_checkout(client, shop, [{"sku": "TEA", "quantity": 2}], token)
    assert (await set_contact(client, shop, checkout["id"], email="x@example.com"))["errors"] == []
    placed = await complete(client, shop, checkout["id"], token)
    assert placed["errors"] == [], placed["errors"]
    assert (await ship(client, shop, placed["order"]["id"], None))["errors"] == []
    return placed["order"]


async def test_an_admin_returns_a_colleagues_order_a_buyer_cannot(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    # The private customer's order first: it also puts the products in the catalogue.
    private_token, private_order = await customer_order(client, pool, shop, "solo@example.com")
    assert (await ship(client, shop, private_order["id"], None))["errors"] == []
    acme = await new_organisation(client, shop, "Acme BV")
    boss = await _member(client, pool, shop, acme, "boss@acme.example", "ADMIN")
    buyer = await _member(client, pool, shop, acme, "buyer@acme.example", "BUYER")
    other_buyer = await _member(client, pool, shop, acme, "second@acme.example", "BUYER")
    order = await _shipped_for(client, shop, buyer)

    # A colleague who is a BUYER: as if the order did not exist.
    assert codes(await ask_return(client, shop, other_buyer, order["id"], TEA_BACK)) == [
        "NOT_FOUND"
    ]
    # The ADMIN acting for the organisation may.
    asked = await ask_return(client, shop, boss, order["id"], TEA_BACK, "Broken in transit")
    assert asked["errors"] == [] and asked["return"]["orderNumber"] == order["number"]
    # The BUYER who placed it still may return their own order (the other unit).
    own = await ask_return(client, shop, buyer, order["id"], TEA_BACK)
    assert own["errors"] == [], own
    # The ADMIN never reaches a private order of someone else.
    assert codes(await ask_return(client, shop, boss, private_order["id"], TEA_BACK)) == [
        "NOT_FOUND"
    ]
    assert (await ask_return(client, shop, private_token, private_order["id"], TEA_BACK))[
        "errors"
    ] == []


async def test_an_admin_acting_privately_or_for_another_organisation_cannot(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await customer_order(client, pool, shop, "solo@example.com")  # products
    acme = await new_organisation(client, shop, "Acme BV")
    globex = await new_organisation(client, shop, "Globex BV")
    boss = await _member(client, pool, shop, acme, "boss@acme.example", "ADMIN")
    buyer = await _member(client, pool, shop, acme, "buyer@acme.example", "BUYER")
    order = await _shipped_for(client, shop, buyer)
    boss_id = await pool.fetchval("select id from contacts where email = 'boss@acme.example'")
    assert (await add_member(client, shop, globex, boss_id, "ADMIN"))["errors"] == []

    # Acting for Globex, where they are ADMIN too: Acme's order is not theirs to return.
    assert (await sf_data(client, shop, SET_ACTIVE, {"id": globex}, boss))["errors"] == []
    assert codes(await ask_return(client, shop, boss, order["id"], TEA_BACK)) == ["NOT_FOUND"]
    # Acting as a private customer: neither.
    assert (await sf_data(client, shop, SET_ACTIVE, {"id": None}, boss))["errors"] == []
    assert codes(await ask_return(client, shop, boss, order["id"], TEA_BACK)) == ["NOT_FOUND"]
    # Back for Acme: allowed.
    assert (await sf_data(client, shop, SET_ACTIVE, {"id": acme}, boss))["errors"] == []
    assert (await ask_return(client, shop, boss, order["id"], TEA_BACK))["errors"] == []


async def test_a_demoted_admin_loses_the_right_at_once(
    client: httpx.AsyncClient, pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    await customer_order(client, pool, shop, "solo@example.com")  # products
    acme = await new_organisation(client, shop, "Acme BV")
    boss = await _member(client, pool, shop, acme, "boss@acme.example", "ADMIN")
    deputy = await _member(client, pool, shop, acme, "deputy@acme.example", "ADMIN")
    buyer = await _member(client, pool, shop, acme, "buyer@acme.example", "BUYER")
    order = await _shipped_for(client, shop, buyer)
    members = (await sf_data(client, shop, MEMBERS, None, boss))["organisation"]["members"]
    deputy_member = next(
        e["node"]["id"] for e in members["edges"] if e["node"]["email"] == "deputy@acme.example"
    )
    demoted = await sf_data(
        client, shop, MEMBER_UPDATE, {"id": deputy_member, "role": "BUYER"}, boss
    )
    assert demoted["errors"] == []
    # Their session still acts for Acme, but as a BUYER now.
    assert codes(await ask_return(client, shop, deputy, order["id"], TEA_BACK)) == ["NOT_FOUND"]
