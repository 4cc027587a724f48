"""exportMyData, and account deletion: mailed confirmation, then anonymisation."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.accounts.sessions import create_session
from gateway.tenancy.shops import CreatedShop
from tests.gql import admin, data, storefront
from tests.my_account.factories import customer, mails, order, product, token_in

EXPORT = "{ exportMyData }"
REQUEST = "mutation { requestAccountDeletion { errors { code } } }"
CONFIRM = """mutation($token: String!) { confirmAccountDeletion(token: $token) {
  errors { code field } } }"""
INVOICE = """mutation($id: ID!) { invoiceCreate(orderId: $id) { errors { code } } }"""
ADDRESS = """mutation { addressCreate(input: {name: "Ann", street: "Dorpsstraat 5",
  postalCode: "1234 AB", city: "Utrecht", country: "NL"}) { errors { code } } }"""


async def _seed(client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool):  # type: ignore[no-untyped-def]
    ann = await customer(pool, shop.shop_id)
    key = shop.storefront_key
    await pool.execute(
        """update contacts set phone = '+31201234567', vat_number = 'NL004495445B01',
               preferences = '{"newsletter": true}' where id = $1""",
        ann.id,
    )
    await storefront(client, key, ADDRESS, token=ann.token)
    await product(pool, shop.shop_id, "TEA")
    await storefront(client, key, 'mutation { favouriteAdd(sku: "TEA") { errors { code } } }',
                     token=ann.token)  # fmt: skip
    invoiced = await order(pool, shop.shop_id, ann.id, "1001", tracking_url="https://t.example/1")
    await order(pool, shop.shop_id, ann.id, "1002")
    await admin(client, shop.admin_key, INVOICE, {"id": str(invoiced)})
    return ann


async def test_export_holds_everything_about_the_contact(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await _seed(client, shop, pool)
    bob = await customer(pool, shop.shop_id, email="bob@example.com")
    await order(pool, shop.shop_id, bob.id, "2001")
    export = data(await storefront(client, shop.storefront_key, EXPORT, token=ann.token))
    mine = export["exportMyData"]
    assert mine["profile"]["email"] == ann.email
    assert mine["profile"]["vatNumber"] == "NL004495445B01"
    assert mine["profile"]["preferences"] == {"newsletter": True}
    assert [a["city"] for a in mine["addresses"]] == ["Utrecht"]
    assert [o["number"] for o in mine["orders"]] == ["1001", "1002"]
    assert mine["orders"][0]["lines"][0] == {
        "position": 1, "sku": "TEA", "name": "Product TEA", "quantity": 2,
        "unitPrice": "5.00", "total": "10.00",
    }  # fmt: skip
    assert [i["orderNumber"] for i in mine["invoices"]] == ["1001"]
    assert [f["sku"] for f in mine["favourites"]] == ["TEA"]
    assert len(mine["sessions"]) == 1 and "userAgent" in mine["sessions"][0]
    assert mine["profile"]["hasPassword"] is False
    assert "passwordHash" not in mine["profile"]
    assert bob.email not in str(mine)  # nothing of another contact
    anonymous = await storefront(client, shop.storefront_key, EXPORT)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_deletion_anonymises_after_confirmation_and_keeps_the_books(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await _seed(client, shop, pool)
    async with pool.acquire() as conn:
        other_session = await create_session(conn, shop.shop_id, ann.id, ttl_days=30)
    key = shop.storefront_key
    assert data(await storefront(client, key, REQUEST, token=ann.token)) == {
        "requestAccountDeletion": {"errors": []}
    }
    [mail] = await mails(pool, ann.email)
    assert mail["template"] == "account-deletion-confirm"
    token = token_in(mail)
    assert f"https://shop.example/account/confirm?token={token}" in mail["text_body"]
    # Nothing happens before the confirmation.
    assert data(await storefront(client, key, "{ viewer { email } }", token=ann.token))["viewer"]
    kind = await storefront(client, key, "query($t: String!) { confirmationKind(token: $t) }",
                            {"t": token})  # fmt: skip
    assert data(kind) == {"confirmationKind": "ACCOUNT_DELETION"}

    assert data(await storefront(client, key, CONFIRM, {"token": token})) == {
        "confirmAccountDeletion": {"errors": []}
    }
    # Signed out everywhere; the token is spent.
    for session in (ann.token, other_session.token):
        viewer = await storefront(client, key, "{ viewer { email } }", token=session)
        assert data(viewer) == {"viewer": None}
    again = data(await storefront(client, key, CONFIRM, {"token": token}))
    assert again["confirmAccountDeletion"]["errors"] == [
        {"code": "TOKEN_INVALID", "field": ["token"]}
    ]

    contact = await pool.fetchrow("select * from contacts where id = $1", ann.id)
    assert contact["email"] == f"anonymised-{ann.id.hex}@invalid"
    assert contact["anonymised_at"] is not None
    for column in ("phone", "vat_number", "password_hash", "default_shipping_address_id"):
        assert contact[column] is None, column
    assert (contact["full_name"], contact["preferences"]) == ("", {})
    for table in ("addresses", "favourites", "sessions", "auth_tokens", "mail_outbox"):
        count = await pool.fetchval(f"select count(*) from {table}")  # noqa: S608
        assert count == 0, table
    # Orders stay for the books without personal data; the invoice keeps what the law needs.
    orders = await pool.fetch("select * from orders order by number")
    assert [o["number"] for o in orders] == ["1001", "1002"]
    for kept in orders:
        assert kept["email"] == contact["email"]
        assert kept["full_name"] is kept["shipping_address"] is kept["tracking_url"] is None
        assert kept["total"] == 10
    lines = await pool.fetchval("select count(*) from order_lines")
    assert lines == 2
    customer_on_invoice = await pool.fetchval("select customer from invoices")
    assert customer_on_invoice["name"] == "Ann Example"
    assert customer_on_invoice["vatNumber"] == "NL004495445B01"
    assert customer_on_invoice["billingAddress"]["city"] == "Utrecht"
    assert "email" not in customer_on_invoice


async def test_deletion_needs_a_session_and_a_valid_token(
    client: httpx.AsyncClient, shop: CreatedShop, pool: asyncpg.Pool
) -> None:
    ann = await customer(pool, shop.shop_id)
    anonymous = await storefront(client, shop.storefront_key, REQUEST)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    body = await storefront(client, shop.storefront_key, CONFIRM, {"token": "x" * 43})
    assert data(body)["confirmAccountDeletion"]["errors"][0]["code"] == "TOKEN_INVALID"
    assert await pool.fetchval("select anonymised_at from contacts where id = $1", ann.id) is None
