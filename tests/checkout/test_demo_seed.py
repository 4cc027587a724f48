"""`gateway demo` seeds guest and registered contacts and orders in various states."""

from __future__ import annotations

import asyncpg

from gateway.demo import create_demo
from gateway.demo.customer import DEMO_EMAIL


async def test_demo_has_contacts_and_orders_in_various_states(pool: asyncpg.Pool) -> None:
    demo = await create_demo(pool)
    shop_id = demo.shop.shop_id
    kinds = await pool.fetch(
        """select is_guest, count(*) as n from contacts
           where shop_id = $1 and email like '%@demo.example' and email <> $2
           group by is_guest""",
        shop_id,
        DEMO_EMAIL,
    )
    assert {r["is_guest"]: r["n"] for r in kinds} == {False: 2, True: 1}
    states = await pool.fetch(
        """select number, payment_status, fulfilment_status from orders
           where shop_id = $1 and email like '%@demo.example' and email <> $2""",
        shop_id,
        DEMO_EMAIL,
    )
    # 1001-1005 here; 1009 is Anna's order shipped in parts (gateway/demo/shipments.py).
    numbers = ["1001", "1002", "1003", "1004", "1005", "1009"]
    assert sorted(r["number"] for r in states) == numbers
    assert {r["fulfilment_status"] for r in states} == {
        "DELIVERED",
        "SHIPPED",
        "UNFULFILLED",
        "CANCELLED",
        "PARTIALLY_SHIPPED",
    }
    assert {r["payment_status"] for r in states} >= {"PAID", "PENDING", "PARTIALLY_PAID"}
    templates = await pool.fetch(
        "select template from mail_outbox where shop_id = $1 and to_address like '%@demo.example'"
        " order by id",
        shop_id,
    )
    assert [r["template"] for r in templates] == [
        "invitation",
        "order-confirmation",
        "order-shipped",
        "order-shipped",
        "return-requested",
        "return-approved",
    ]
    assert "anna@demo.example / demo-password-anna" in demo.sign_ins
    assert "anna@demo.example" in demo.describe()
