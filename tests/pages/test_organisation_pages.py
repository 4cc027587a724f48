"""The organisation page for real: switching between organisations, an ADMIN managing members
and invitations, a BUYER seeing none of it (and the server refusing it when forced)."""

from __future__ import annotations

from typing import Any

import asyncpg
import httpx

from gateway.tenancy.shops import CreatedShop
from tests.checkout.factories import add_products, complete, new_checkout, set_contact
from tests.my_account.factories import Customer, mails, token_in
from tests.organisations.ops import add_member, organisation
from tests.pages.conftest import base
from tests.pages.helpers import submit, text_of


async def _post(
    browser: httpx.AsyncClient, shop: CreatedShop, fields: dict[str, str]
) -> httpx.Response:
    page = f"{base(shop)}/organisation"
    return await submit(browser, page, page, fields)


async def _member_ids(pool: asyncpg.Pool, org: str) -> dict[str, str]:
    """Membership ids (what the page's forms send as memberId) by e-mail address."""
    rows = await pool.fetch(
        """select c.email, m.id from organisation_members m join contacts c on c.id = m.contact_id
           where m.organisation_id = $1""",
        org,
    )
    return {r["email"]: str(r["id"]) for r in rows}


async def _roles(pool: asyncpg.Pool, org: str) -> dict[str, str]:
    rows = await pool.fetch(
        """select c.email, m.role from organisation_members m join contacts c on c.id = m.contact_id
           where m.organisation_id = $1""",
        org,
    )
    return {r["email"]: r["role"] for r in rows}


async def _two_organisations(client: httpx.AsyncClient, shop: CreatedShop, ann: Any, bob: Any):
    tea = await organisation(client, shop, "Tea Traders BV", paymentTermsDays=30)
    coffee = await organisation(client, shop, "Coffee Company BV")
    for org, who, role in ((tea, ann, "ADMIN"), (tea, bob, "BUYER"), (coffee, ann, "BUYER")):
        assert (await add_member(client, shop, org, who.id, role))["errors"] == []
    return tea, coffee


async def test_a_contact_in_two_organisations_switches_between_them(
    client: httpx.AsyncClient,
    shop: CreatedShop,
    ann: Customer,
    bob: Customer,
    ann_browser: httpx.AsyncClient,
) -> None:
    tea, coffee = await _two_organisations(client, shop, ann, bob)
    page = await ann_browser.get(f"{base(shop)}/organisation")
    assert page.status_code == 200
    assert f'value="{tea}"' in page.text and f'value="{coffee}"' in page.text

    switched = await _post(ann_browser, shop, {"action": "switch", "organisationId": coffee})
    assert switched.status_code == 303, switched.text[:500]
    assert switched.headers["location"].endswith("organisation?done=organisation-switched")
    now = text_of(await ann_browser.get(switched.headers["location"]))
    assert "Coffee Company BV" in now and "Buyer" in now
    assert "Members" not in now and "Invite a colleague" not in now  # a BUYER there
    assert "Organisation Coffee Company BV" in text_of(await ann_browser.get(f"{base(shop)}/"))

    await _post(ann_browser, shop, {"action": "switch", "organisationId": tea})
    now = text_of(await ann_browser.get(f"{base(shop)}/organisation"))
    assert "Tea Traders BV" in now and "Members" in now and "bob@example.com" in now
    assert "Net 30 days" in now

    await _post(ann_browser, shop, {"action": "switch", "organisationId": ""})
    assert "private customer" in text_of(await ann_browser.get(f"{base(shop)}/organisation"))

    # Not a member: refused, nothing changes.
    stranger = await organisation(client, shop, "Not Yours BV")
    refused = await _post(ann_browser, shop, {"action": "switch", "organisationId": stranger})
    assert refused.status_code == 400 and "Not Yours BV" not in refused.text


async def test_an_admin_invites_changes_roles_and_removes_members(
    client: httpx.AsyncClient,
    pool: asyncpg.Pool,
    shop: CreatedShop,
    ann: Customer,
    bob: Customer,
    ann_browser: httpx.AsyncClient,
) -> None:
    tea, _ = await _two_organisations(client, shop, ann, bob)
    await _post(ann_browser, shop, {"action": "switch", "organisationId": tea})

    invited = await _post(
        ann_browser, shop, {"action": "invite", "email": "carol@example.com", "role": "BUYER"}
    )
    assert invited.headers["location"].endswith("done=invitation-sent")
    mail = (await mails(pool, "carol@example.com"))[-1]
    assert "/accept-invitation?token=" in mail["text_body"]
    bad = await _post(ann_browser, shop, {"action": "invite", "email": "not-an-address"})
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.text

    ids = await _member_ids(pool, tea)
    made = await _post(
        ann_browser, shop, {"action": "role", "memberId": ids[bob.email], "role": "ADMIN"}
    )
    assert made.headers["location"].endswith("done=member-updated")
    assert await _roles(pool, tea) == {ann.email: "ADMIN", bob.email: "ADMIN"}
    removed = await _post(ann_browser, shop, {"action": "remove", "memberId": ids[bob.email]})
    assert removed.headers["location"].endswith("done=member-removed")
    assert await _roles(pool, tea) == {ann.email: "ADMIN"}
    assert "bob@example.com" not in (await ann_browser.get(f"{base(shop)}/organisation")).text

    # The last ADMIN can neither step down nor leave.
    for fields in (
        {"action": "role", "memberId": ids[ann.email], "role": "BUYER"},
        {"action": "remove", "memberId": ids[ann.email]},
    ):
        refused = await _post(ann_browser, shop, fields)
        assert refused.status_code == 400 and 'role="alert"' in refused.text
    assert await _roles(pool, tea) == {ann.email: "ADMIN"}


async def test_a_buyer_sees_no_members_and_the_server_refuses_them(
    client: httpx.AsyncClient,
    pool: asyncpg.Pool,
    shop: CreatedShop,
    ann: Customer,
    bob: Customer,
    bob_browser: httpx.AsyncClient,
) -> None:
    tea, _ = await _two_organisations(client, shop, ann, bob)
    page = await bob_browser.get(f"{base(shop)}/organisation")
    assert "Tea Traders BV" in page.text and "Buyer" in page.text
    assert "ann@example.com" not in page.text and 'name="memberId"' not in page.text
    assert 'value="invite"' not in page.text

    ids = await _member_ids(pool, tea)
    forced = (
        {"action": "invite", "email": "eve@example.com", "role": "ADMIN"},
        {"action": "role", "memberId": ids[bob.email], "role": "ADMIN"},
        {"action": "remove", "memberId": ids[ann.email]},
    )
    for fields in forced:
        refused = await _post(bob_browser, shop, fields)
        assert refused.status_code == 400, fields
        assert "ADMIN" in refused.text or "role" in refused.text  # the API's reason, shown
        assert "ann@example.com" not in refused.text
    assert await _roles(pool, tea) == {ann.email: "ADMIN", bob.email: "BUYER"}
    assert await mails(pool, "eve@example.com") == []
    # In Dutch, the refusal in Dutch.
    await bob_browser.get(f"{base(shop)}/organisation?lang=nl")
    refused = await _post(bob_browser, shop, forced[2])
    assert "Je rol staat dit niet toe." in refused.text


async def _invitation(
    client: httpx.AsyncClient,
    pool: asyncpg.Pool,
    shop: CreatedShop,
    ann: Customer,
    ann_browser: httpx.AsyncClient,
    email: str,
) -> str:
    tea = await organisation(client, shop, "Tea Traders BV")
    assert (await add_member(client, shop, tea, ann.id, "ADMIN"))["errors"] == []
    sent = await _post(ann_browser, shop, {"action": "invite", "email": email, "role": "BUYER"})
    assert sent.status_code == 303, sent.text[:1000]
    return token_in((await mails(pool, email))[-1])


async def test_a_new_address_accepts_and_gets_an_account(
    app: Any,
    client: httpx.AsyncClient,
    pool: asyncpg.Pool,
    shop: CreatedShop,
    ann: Customer,
    ann_browser: httpx.AsyncClient,
) -> None:
    from tests.pages.conftest import browser_for

    token = await _invitation(client, pool, shop, ann, ann_browser, "carol@example.com")
    async with await browser_for(app, None, shop) as carol:
        page = f"{base(shop)}/accept-invitation?token={token}"
        form = await carol.get(page)
        assert form.status_code == 200 and "Join your organisation" in form.text
        weak = await submit(
            carol, page, f"{base(shop)}/accept-invitation", {"token": token, "password": "x"}
        )
        assert weak.status_code == 400  # a name and a good password are needed
        done = await submit(
            carol,
            page,
            f"{base(shop)}/accept-invitation",
            {"token": token, "fullName": "Carol Buyer", "password": "a long enough secret"},
        )
        assert done.status_code == 303
        assert done.headers["location"].endswith("organisation?done=invitation-accepted")
        joined = text_of(await carol.get(done.headers["location"]))
        assert "Welcome to your organisation." in joined
        assert "Tea Traders BV" in joined and "Buyer" in joined
        again = await submit(
            carol,
            page,
            f"{base(shop)}/accept-invitation",
            {"token": token, "fullName": "Carol Buyer", "password": "a long enough secret"},
        )
        assert again.status_code == 400 and "not valid (any more)" in again.text


async def test_an_existing_account_joins_after_signing_in(
    app: Any,
    client: httpx.AsyncClient,
    pool: asyncpg.Pool,
    shop: CreatedShop,
    ann: Customer,
    bob: Customer,
    ann_browser: httpx.AsyncClient,
    bob_browser: httpx.AsyncClient,
) -> None:
    from tests.pages.conftest import browser_for

    token = await _invitation(client, pool, shop, ann, ann_browser, bob.email)
    action = f"{base(shop)}/accept-invitation"
    page = f"{action}?token={token}"
    async with await browser_for(app, None, shop) as stranger:
        anonymous = await submit(stranger, page, action, {"token": token})
        assert anonymous.status_code == 400 and "sign in first" in anonymous.text
    # Bob, signed in, only has to accept.
    signed_in = await bob_browser.get(page)
    assert "bob@example.com" in signed_in.text and 'name="password"' not in signed_in.text
    joined = await submit(bob_browser, page, action, {"token": token})
    assert joined.status_code == 303
    assert "Tea Traders BV" in text_of(await bob_browser.get(joined.headers["location"]))
    assert (await _roles(pool, await _org_id(pool)))[bob.email] == "BUYER"


async def _org_id(pool: asyncpg.Pool) -> Any:
    return await pool.fetchval("select id from organisations where name = 'Tea Traders BV'")


async def test_signed_in_as_another_account_the_invitee_gives_their_password(
    client: httpx.AsyncClient,
    pool: asyncpg.Pool,
    shop: CreatedShop,
    ann: Customer,
    bob: Customer,
    ann_browser: httpx.AsyncClient,
) -> None:
    token = await _invitation(client, pool, shop, ann, ann_browser, bob.email)
    action = f"{base(shop)}/accept-invitation"
    page = f"{action}?token={token}"
    # Ann (signed in) opens the invitation meant for Bob: she is asked for Bob's password.
    wrong_person = await submit(ann_browser, page, action, {"token": token})
    assert wrong_person.status_code == 400 and 'name="password"' in wrong_person.text
    joined = await submit(ann_browser, page, action, {"token": token, "password": "coffee for one"})
    assert joined.status_code == 303  # now signed in as Bob, who joined
    assert (await _roles(pool, await _org_id(pool)))[bob.email] == "BUYER"


async def _order_for_organisation(
    client: httpx.AsyncClient, shop: CreatedShop, who: Customer
) -> str:
    checkout = await new_checkout(client, shop, [{"sku": "TEA", "quantity": 1}], who.token)
    assert (await set_contact(client, shop, checkout["id"], email=who.email))["errors"] == []
    placed = await complete(client, shop, checkout["id"], who.token)
    assert placed["errors"] == [], placed["errors"]
    return str(placed["order"]["number"])


async def test_the_organisation_page_lists_its_orders_as_the_role_allows(
    client: httpx.AsyncClient,
    pool: asyncpg.Pool,
    shop: CreatedShop,
    ann: Customer,
    bob: Customer,
    ann_browser: httpx.AsyncClient,
    bob_browser: httpx.AsyncClient,
) -> None:
    await add_products(pool, shop.shop_id)
    tea, _ = await _two_organisations(client, shop, ann, bob)
    await _post(ann_browser, shop, {"action": "switch", "organisationId": tea})
    anns = await _order_for_organisation(client, shop, ann)
    bobs = await _order_for_organisation(client, shop, bob)

    admin_view = await ann_browser.get(f"{base(shop)}/organisation")
    assert f"Order {anns}" in admin_view.text and f"Order {bobs}" in admin_view.text
    assert f'href="{base(shop)}/orders/{anns}"' in admin_view.text
    assert f'href="{base(shop)}/orders/{bobs}"' not in admin_view.text  # not hers to open
    buyer_view = await bob_browser.get(f"{base(shop)}/organisation")
    assert f"Order {bobs}" in buyer_view.text and f"Order {anns}" not in buyer_view.text
