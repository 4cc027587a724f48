"""`gateway demo` shows an order shipped in parts and a return."""

from __future__ import annotations

import asyncpg
import httpx

from gateway.accounts.sessions import create_session
from gateway.demo import create_demo
from gateway.demo.contacts import ANNA
from tests.gql import data, storefront

ORDERS = """{ viewer { orders(first: 10) { edges { node { number fulfilmentStatus statusUrl
  shipments { carrier trackingUrl lines { sku quantity } }
  returns { number status lines { sku quantity reason } comment } } } } } }"""


async def test_demo_has_an_order_shipped_in_parts_and_a_return(
    client: httpx.AsyncClient, pool: asyncpg.Pool
) -> None:
    demo = await create_demo(pool)
    anna = await pool.fetchval(
        "select id from contacts where shop_id = $1 and email = $2", demo.shop.shop_id, ANNA[0]
    )
    async with pool.acquire() as conn:
        session = await create_session(conn, demo.shop.shop_id, anna, ttl_days=1)
    body = await storefront(client, demo.storefront_key, ORDERS, token=session.token)
    orders = [e["node"] for e in data(body)["viewer"]["orders"]["edges"]]
    parted = [o for o in orders if len(o["shipments"]) == 2]
    assert len(parted) == 1
    order = parted[0]
    assert order["fulfilmentStatus"] == "PARTIALLY_SHIPPED"
    assert [s["carrier"] for s in order["shipments"]] == ["PostNL", "DHL"]
    assert order["returns"] == [
        {
            "number": "R00001",
            "status": "APPROVED",
            "lines": [{"sku": "MUG-STONE", "quantity": 1, "reason": "DAMAGED"}],
            "comment": "One mug arrived chipped.",
        }
    ]
    assert order["statusUrl"].startswith(
        "http://127.0.0.1:8000/account/demo-tea-shop/order-status?token="
    )


async def test_every_demo_order_that_shipped_has_its_shipments(pool: asyncpg.Pool) -> None:
    demo = await create_demo(pool)
    rows = await pool.fetch(
        """select o.number, o.fulfilment_status,
                  sum(l.quantity) as ordered,
                  (select coalesce(sum(sl.quantity), 0) from shipment_lines sl
                   join shipments s on s.id = sl.shipment_id where s.order_id = o.id) as shipped
           from orders o join order_lines l on l.order_id = o.id
           where o.shop_id = $1 group by o.id""",
        demo.shop.shop_id,
    )
    shipped = {r["number"]: r for r in rows if r["fulfilment_status"] in ("SHIPPED", "DELIVERED")}
    assert len(shipped) >= 3  # Anna's and the demo customer's
    for number, row in shipped.items():
        assert row["shipped"] == row["ordered"], (number, dict(row))
