"""The floor: a hand-written asyncpg + orjson endpoint that answers the dashboard query's JSON.

One pooled connection per request, five statements (session + contact + group joined, orders,
lines, invoices, favourites with products), dicts built by hand. It serves only this query for
one storefront (BENCH_STOREFRONT_KEY) and answers exactly what the gateway answers.
"""

from __future__ import annotations

import contextlib
import os
from collections import defaultdict
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import asyncpg
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.config import Settings
from gateway.database import create_pool
from gateway.invoices.links import signed_path, signing_key
from gateway.pagination import encode_cursor
from gateway.pricing.prices import discounted
from gateway.secrets import hash_token

VIEWER = """select c.id, c.email, c.full_name, c.locale, g.name as group_name,
                   g.discount_percent
            from sessions s join contacts c on c.id = s.contact_id
            left join customer_groups g on g.id = c.customer_group_id
            where s.token_hash = $1 and s.shop_id = $2 and s.revoked_at is null
              and s.expires_at > now() and not c.is_guest and c.anonymised_at is null"""
ORDERS = """select id, number, placed_at, payment_status, fulfilment_status, tracking_url,
                   expected_delivery_date, total, currency
            from orders where shop_id = $1 and contact_id = $2
            order by placed_at desc, id desc limit 11"""
LINES = """select order_id, sku, name, quantity, unit_price, total from order_lines
           where shop_id = $1 and order_id = any($2::uuid[]) order by order_id, position"""
INVOICES = """select id, order_id, number, issued_at from invoices
              where shop_id = $1 and order_id = any($2::uuid[]) order by issued_at, number"""
CENT = Decimal("0.01")
FAVOURITES = """select f.added_at, p.sku, p.name, p.price from favourites f
                join products p on p.shop_id = f.shop_id and p.sku = f.sku and p.active
                where f.shop_id = $1 and f.contact_id = $2
                order by f.added_at desc, f.sku desc limit 10"""


def _money(amount: Decimal) -> str:
    return str(amount.quantize(CENT))


def create_app() -> Starlette:
    settings = Settings.from_env()
    state: dict[str, Any] = {}

    async def graphql(request: Request) -> Response:
        pool: asyncpg.Pool = state["pool"]
        if request.headers.get("x-storefront-key") != state["key"]:
            return Response(b'{"errors":[{"message":"bad key"}]}', 401)
        await request.body()
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        shop_id = state["shop_id"]
        async with pool.acquire() as conn:
            viewer = await conn.fetchrow(VIEWER, hash_token(token), shop_id)
            if viewer is None:
                return Response(b'{"data":{"viewer":null}}', media_type="application/json")
            orders = await conn.fetch(ORDERS, shop_id, viewer["id"])
            ids = [o["id"] for o in orders[:10]]
            lines = await conn.fetch(LINES, shop_id, ids)
            invoices = await conn.fetch(INVOICES, shop_id, ids)
            favourites = await conn.fetch(FAVOURITES, shop_id, viewer["id"])
        lines_of: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for line in lines:
            lines_of[line["order_id"]].append(
                {
                    "sku": line["sku"],
                    "name": line["name"],
                    "quantity": line["quantity"],
                    "unitPrice": {"amount": _money(line["unit_price"])},
                    "total": {"amount": _money(line["total"])},
                }
            )
        base = str(request.base_url).rstrip("/")
        invoices_of: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for invoice in invoices:
            invoices_of[invoice["order_id"]].append(
                {
                    "number": invoice["number"],
                    "issuedAt": invoice["issued_at"].isoformat(),
                    "downloadUrl": base + signed_path(state["secret"], invoice["id"], shop_id),
                }
            )
        edges = []
        for o in orders[:10]:
            expected = o["expected_delivery_date"]
            edges.append(
                {
                    "cursor": encode_cursor(o["placed_at"], o["id"]),
                    "node": {
                        "number": o["number"],
                        "placedAt": o["placed_at"].isoformat(),
                        "paymentStatus": o["payment_status"],
                        "fulfilmentStatus": o["fulfilment_status"],
                        "trackingUrl": o["tracking_url"],
                        "expectedDeliveryDate": expected.isoformat() if expected else None,
                        "total": {"amount": _money(o["total"]), "currency": o["currency"]},
                        "lines": lines_of[o["id"]],
                        "invoices": invoices_of[o["id"]],
                    },
                }
            )
        discount = viewer["discount_percent"] or 0
        group = viewer["group_name"]
        body = {
            "data": {
                "viewer": {
                    "id": str(viewer["id"]),
                    "email": viewer["email"],
                    "fullName": viewer["full_name"],
                    "locale": viewer["locale"],
                    "customerGroup": {"name": group, "discountPercent": str(discount)}
                    if group
                    else None,
                    "orders": {
                        "edges": edges,
                        "pageInfo": {
                            "hasNextPage": len(orders) > 10,
                            "endCursor": edges[-1]["cursor"] if edges else None,
                        },
                    },
                    "favourites": {
                        "edges": [
                            {
                                "node": {
                                    "addedAt": f["added_at"].isoformat(),
                                    "product": {
                                        "sku": f["sku"],
                                        "name": f["name"],
                                        "price": {"amount": str(discounted(f["price"], discount))},
                                    },
                                }
                            }
                            for f in favourites
                        ]
                    },
                }
            }
        }
        return Response(orjson.dumps(body), media_type="application/json")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool = await create_pool(settings)
        state["pool"] = pool
        state["key"] = os.environ["BENCH_STOREFRONT_KEY"]
        async with pool.acquire() as conn:
            state["shop_id"] = await conn.fetchval(
                "select shop_id from storefronts where key_hash = $1", hash_token(state["key"])
            )
        state["secret"] = await signing_key(pool)
        yield
        await pool.close()

    return Starlette(routes=[Route("/graphql", graphql, methods=["POST"])], lifespan=lifespan)
