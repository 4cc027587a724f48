"""The organisation page against the B2B names this schema has, and the pages whose operations
are built elsewhere (acceptOrganisationInvitation, orderStatus): absent from the schema, they
answer "not available" instead of failing."""

from __future__ import annotations

import httpx

from gateway.tenancy.shops import CreatedShop
from resolvers.schema import storefront_schema
from tests.gql import admin, data
from tests.my_account.factories import Customer
from tests.pages.conftest import base
from tests.pages.helpers import text_of


async def test_member_sees_the_organisation_and_role(
    client: httpx.AsyncClient, shop: CreatedShop, ann: Customer, ann_browser: httpx.AsyncClient
) -> None:
    made = data(
        await admin(
            client,
            shop.admin_key,
            """mutation { organisationCreate(input:
        {name: "Tea Traders BV", paymentTerms: "30 days net"}) { organisation { id } } }""",
        )
    )
    org_id = made["organisationCreate"]["organisation"]["id"]
    added = data(
        await admin(
            client,
            shop.admin_key,
            """mutation($o: ID!, $c: ID!) {
        organisationAddMember(organisationId: $o, contactId: $c, role: ADMIN) {
          errors { code } } }""",
            {"o": org_id, "c": str(ann.id)},
        )
    )
    assert added["organisationAddMember"]["errors"] == []
    page = text_of(await ann_browser.get(f"{base(shop)}/organisation"))
    assert "Tea Traders BV" in page and "Admin" in page and "30 days net" in page
    dashboard = text_of(await ann_browser.get(f"{base(shop)}/"))
    assert "Organisation Tea Traders BV" in dashboard


async def test_private_customer_has_no_organisation(
    ann_browser: httpx.AsyncClient, shop: CreatedShop
) -> None:
    page = await ann_browser.get(f"{base(shop)}/organisation")
    assert page.status_code == 200 and "private customer" in page.text


async def test_link_pages_of_operations_this_schema_lacks_say_not_available(
    ann_browser: httpx.AsyncClient, shop: CreatedShop
) -> None:
    sdl = storefront_schema.as_str()
    built = {
        "accept-invitation": "acceptOrganisationInvitation(" in sdl,
        "order-status": "orderStatus(" in sdl,
    }
    for path, present in built.items():
        response = await ann_browser.get(f"{base(shop)}/{path}?token={'t' * 43}")
        if present:  # merged with the work that builds it: a made-up token finds nothing
            assert response.status_code in (200, 404) and "Not available" not in response.text
        else:
            assert response.status_code == 404 and "Not available" in response.text
