"""`gateway demo` shows an organisation: its ADMIN and BUYER sign in (printed), see the price
list's breaks, the terms, the orders placed for it and the invoice made out to it."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.demo import create_demo
from gateway.demo.organisation import ORGANISATION, PASSWORD, PEOPLE
from tests.gql import data, storefront

LOGIN = """mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { session { token } errors { code } } }"""
PORTAL = """{ viewer { organisationRole organisation { name paymentTermsDays paymentTerms
  orders(first: 10) { edges { node { total { amount } invoices { dueDate } } } } } }
  prices(skus: ["TEA-EARL-GREY"], quantity: 12) { price { amount }
    priceBreaks { minQuantity price { amount } } } }"""


async def test_demo_has_an_organisation_with_admin_buyer_breaks_terms_and_orders(
    client: httpx.AsyncClient, pool: asyncpg.Pool
) -> None:
    demo = await create_demo(pool)
    seen = {}
    for email, _name, role in PEOPLE:
        assert any(s.startswith(f"{email} / {PASSWORD}") and role in s for s in demo.sign_ins)
        login = await storefront(
            client, demo.storefront_key, LOGIN, {"email": email, "password": PASSWORD}
        )
        token = data(login)["login"]["session"]["token"]
        body = data(await storefront(client, demo.storefront_key, PORTAL, token=token))
        org = body["viewer"]["organisation"]
        assert (org["name"], org["paymentTermsDays"], body["viewer"]["organisationRole"]) == (
            ORGANISATION,
            30,
            role,
        )
        assert body["prices"][0]["price"]["amount"] == "5.50"
        assert [b["minQuantity"] for b in body["prices"][0]["priceBreaks"]] == [1, 12, 48]
        seen[role] = [e["node"] for e in org["orders"]["edges"]]
    assert len(seen["ADMIN"]) == 2 and len(seen["BUYER"]) == 1  # a BUYER sees their own
    assert all(o["invoices"][0]["dueDate"] for o in seen["ADMIN"])
