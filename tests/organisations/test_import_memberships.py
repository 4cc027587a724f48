"""The CSV import adds memberships: a contact's other organisations stay, and a row never
demotes an organisation's last ADMIN."""

from __future__ import annotations

import io

import asyncpg

from gateway.contacts.importer import import_contacts
from gateway.tenancy.shops import CreatedShop
from tests.checkout.factories import registered_contact

HEADER = "email,full_name,organisation,organisation_role\n"


async def _run(pool: asyncpg.Pool, shop: CreatedShop, rows: str) -> None:
    summary = await import_contacts(pool, shop.shop_id, io.StringIO(HEADER + rows))
    assert summary.failed == 0, summary


async def test_import_adds_memberships_and_keeps_the_last_admin(
    pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    ann = await registered_contact(pool, shop.shop_id, "ann@example.com")
    alpha = await pool.fetchval(
        "insert into organisations (shop_id, name) values ($1, 'Alpha') returning id",
        shop.shop_id,
    )
    await pool.execute(
        "insert into organisation_members (shop_id, organisation_id, contact_id, role)"
        " values ($1, $2, $3, 'ADMIN')",
        shop.shop_id,
        alpha,
        ann,
    )
    await _run(pool, shop, "ann@example.com,Ann,Beta,BUYER\n")
    await _run(pool, shop, "ann@example.com,Ann,Alpha,BUYER\n")
    rows = await pool.fetch(
        """select o.name, m.role from organisation_members m
           join organisations o on o.id = m.organisation_id order by o.name"""
    )
    assert [(r["name"], r["role"]) for r in rows] == [("Alpha", "ADMIN"), ("Beta", "BUYER")]
