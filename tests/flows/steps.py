"""Storefront steps shared by the end-to-end flows."""

from __future__ import annotations

from typing import Any

import httpx

from gateway.tenancy.shops import CreatedShop
from tests.accounts.flows import call

ORDERS = """{ viewer { email emailConfirmed isGuest
  orders(first: 20) { edges { node { number email total { amount } } } } } }"""
CHECKOUT_LOGIN = """mutation($id: ID!, $email: String!, $password: String!) {
  checkoutLogin(checkoutId: $id, email: $email, password: $password) {
    session { token }
    contact { email }
    checkout { id email fullName phone
      shippingAddress { name street city country } billingAddress { city }
      lines { sku unitPrice { amount } } total { amount } }
    errors { code field message }
  }
}"""
ADDRESS_CREATE = """mutation($input: AddressInput!) {
  addressCreate(input: $input) { address { id } errors { code field } } }"""
PROFILE = """mutation($input: ProfileInput!) {
  updateProfile(input: $input) { errors { code field } } }"""


async def order_numbers(client: httpx.AsyncClient, shop: CreatedShop, token: str) -> list[str]:
    viewer = await call(client, shop, ORDERS, token=token)
    return [edge["node"]["number"] for edge in viewer["orders"]["edges"]]


async def checkout_login(
    client: httpx.AsyncClient, shop: CreatedShop, checkout_id: str, email: str, password: str
) -> dict[str, Any]:
    variables = {"id": checkout_id, "email": email, "password": password}
    return await call(client, shop, CHECKOUT_LOGIN, variables)
