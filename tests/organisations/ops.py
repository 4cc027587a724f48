"""B2B operations as a merchant's system and a portal write them, and small factories."""

from __future__ import annotations

from typing import Any

import httpx

from gateway.tenancy.shops import CreatedShop
from tests.gql import admin, data, storefront

ERRORS = "errors { code field message }"
ORG_FIELDS = "id name vatNumber paymentTerms paymentTermsDays priceList { id currency }"

PRICE_LIST = f"""mutation($input: PriceListInput!) {{
  priceListCreate(input: $input) {{ priceList {{ id name currency }} {ERRORS} }} }}"""
ORG_CREATE = f"""mutation($input: OrganisationInput!) {{
  organisationCreate(input: $input) {{ organisation {{ {ORG_FIELDS} }} {ERRORS} }} }}"""
ORG_UPDATE = f"""mutation($id: ID!, $input: OrganisationInput!) {{
  organisationUpdate(id: $id, input: $input) {{ organisation {{ {ORG_FIELDS}
    billingAddress {{ street city country }} }} {ERRORS} }} }}"""
ADD_MEMBER = f"""mutation($org: ID!, $contact: ID!, $role: OrganisationRole!) {{
  organisationAddMember(organisationId: $org, contactId: $contact, role: $role) {{
    organisation {{ id }} {ERRORS} }} }}"""
REMOVE_MEMBER = f"""mutation($org: ID!, $contact: ID!) {{
  organisationRemoveMember(organisationId: $org, contactId: $contact) {{
    organisation {{ id }} {ERRORS} }} }}"""
ORGANISATIONS = """query($first: Int, $after: String) {
  organisations(first: $first, after: $after) {
    edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }"""
PRODUCT_UPSERT = f"""mutation($input: ProductInput!) {{
  productUpsert(input: $input) {{ product {{ sku }} {ERRORS} }} }}"""

SET_ACTIVE = f"""mutation($id: ID) {{ setActiveOrganisation(organisationId: $id) {{
  contact {{ organisation {{ id name }} organisationRole }} {ERRORS} }} }}"""
INVITE = f"""mutation($email: String!, $role: OrganisationRole!) {{
  organisationInvite(email: $email, role: $role) {{ organisation {{ id }} {ERRORS} }} }}"""
ACCEPT = f"""mutation($token: String!, $name: String, $password: String) {{
  acceptOrganisationInvitation(token: $token, fullName: $name, password: $password) {{
    session {{ token }} contact {{ email emailConfirmed organisation {{ id }} organisationRole }}
    {ERRORS} }} }}"""
MEMBER_UPDATE = f"""mutation($id: ID!, $role: OrganisationRole!) {{
  organisationMemberUpdate(memberId: $id, role: $role) {{ organisation {{ id }} {ERRORS} }} }}"""
MEMBER_REMOVE = f"""mutation($id: ID!) {{
  organisationMemberRemove(memberId: $id) {{ organisation {{ id }} {ERRORS} }} }}"""
VIEWER_ORGS = """{ viewer { email organisation { id name } organisationRole
  organisations { role organisation { id name paymentTermsDays } } } }"""
MEMBERS = """{ viewer { organisation {
  members(first: 50) { edges { node { id email fullName role } } } } } }"""
ORG_ORDERS = """{ viewer { organisation { orders(first: 50) { edges { node {
  number organisation { id } total { amount }
  invoices { number dueDate downloadUrl } } } } } } }"""
PRICES = """query($skus: [String!]!, $quantity: Int) { prices(skus: $skus, quantity: $quantity) {
  sku price { amount currency } basePrice { amount }
  priceBreaks { minQuantity price { amount } } } }"""


async def admin_op(
    client: httpx.AsyncClient, shop: CreatedShop, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    """Run one admin mutation or query; its root field's value."""
    return next(iter(data(await admin(client, shop.admin_key, query, variables)).values()))


async def sf(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
) -> dict[str, Any]:
    """The whole storefront response body (data and errors)."""
    return await storefront(client, shop.storefront_key, query, variables, token)


async def sf_data(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
) -> Any:
    return next(iter(data(await sf(client, shop, query, variables, token)).values()))


async def price_list(
    client: httpx.AsyncClient, shop: CreatedShop, name: str, prices: list[dict[str, Any]]
) -> str:
    payload = await admin_op(
        client,
        shop,
        PRICE_LIST,
        {"input": {"name": name, "currency": "EUR", "prices": prices}},
    )
    assert payload["errors"] == [], payload
    return str(payload["priceList"]["id"])


async def organisation(
    client: httpx.AsyncClient, shop: CreatedShop, name: str, **fields: Any
) -> str:
    payload = await admin_op(client, shop, ORG_CREATE, {"input": {"name": name, **fields}})
    assert payload["errors"] == [], payload
    return str(payload["organisation"]["id"])


async def add_member(
    client: httpx.AsyncClient, shop: CreatedShop, org: str, contact: Any, role: str
) -> dict[str, Any]:
    variables = {"org": org, "contact": str(contact), "role": role}
    return await admin_op(client, shop, ADD_MEMBER, variables)


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
