"""SQL for checkouts and their lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from gateway.db.products import Product


@dataclass(frozen=True)
class Checkout:
    id: UUID
    shop_id: UUID
    storefront_id: UUID
    email: str | None
    full_name: str | None
    phone: str | None
    shipping_address: dict[str, Any] | None
    billing_address: dict[str, Any] | None
    create_account: bool
    password_hash: str | None
    order_id: UUID | None
    completed_at: datetime | None
    expires_at: datetime


@dataclass(frozen=True)
class CheckoutLine:
    position: int
    sku: str
    quantity: int
    product: Product | None  # None only if the product row has gone


COLUMNS = """id, shop_id, storefront_id, email, full_name, phone, shipping_address,
    billing_address, create_account, password_hash, order_id, completed_at, expires_at"""


def _checkout(row: asyncpg.Record) -> Checkout:
    return Checkout(**{k: row[k] for k in Checkout.__dataclass_fields__})


async def insert_checkout(
    conn: asyncpg.Connection,
    shop_id: UUID,
    storefront_id: UUID,
    ttl_days: int,
    lines: list[tuple[str, int]],
) -> Checkout:
    row = await conn.fetchrow(
        f"""insert into checkouts (shop_id, storefront_id, expires_at)
            values ($1, $2, now() + make_interval(days => $3)) returning {COLUMNS}""",
        shop_id,
        storefront_id,
        ttl_days,
    )
    await conn.execute(
        """insert into checkout_lines (checkout_id, shop_id, position, sku, quantity)
           select $1, $2, l.position - 1, l.sku, l.quantity
           from unnest($3::text[], $4::int[]) with ordinality as l(sku, quantity, position)""",
        row["id"],
        shop_id,
        [sku for sku, _ in lines],
        [quantity for _, quantity in lines],
    )
    return _checkout(row)


async def live_checkout(
    conn: asyncpg.Connection,
    shop_id: UUID,
    storefront_id: UUID,
    checkout_id: UUID,
    for_update: bool = False,
) -> Checkout | None:
    """The checkout if it belongs to this storefront and has not expired (optionally locked)."""
    lock = " for update" if for_update else ""
    row = await conn.fetchrow(
        f"""select {COLUMNS} from checkouts
            where shop_id = $1 and storefront_id = $2 and id = $3 and expires_at > now(){lock}""",
        shop_id,
        storefront_id,
        checkout_id,
    )
    return _checkout(row) if row else None


async def lines_with_products(
    conn: asyncpg.Connection, shop_id: UUID, checkout_id: UUID
) -> list[CheckoutLine]:
    rows = await conn.fetch(
        """select l.position, l.sku, l.quantity, p.id as product_id, p.name, p.price,
                  p.currency, p.active, p.vat_rate
           from checkout_lines l
           left join products p on p.shop_id = l.shop_id and p.sku = l.sku
           where l.shop_id = $1 and l.checkout_id = $2 order by l.position""",
        shop_id,
        checkout_id,
    )
    return [
        CheckoutLine(
            position=r["position"],
            sku=r["sku"],
            quantity=r["quantity"],
            product=Product(
                r["product_id"],
                shop_id,
                r["sku"],
                r["name"],
                r["price"],
                r["currency"],
                r["active"],
                r["vat_rate"],
            )
            if r["product_id"]
            else None,
        )
        for r in rows
    ]


async def set_contact(
    conn: asyncpg.Connection,
    shop_id: UUID,
    storefront_id: UUID,
    checkout_id: UUID,
    values: dict[str, Any],
    ttl_days: int,
) -> Checkout | None:
    """Write the contact step on an open checkout (and extend its life); None if not open."""
    allowed = {
        "email",
        "full_name",
        "phone",
        "shipping_address",
        "billing_address",
        "create_account",
        "password_hash",
    }
    params: list[Any] = [shop_id, storefront_id, checkout_id, ttl_days]
    assignments = []
    for column, value in values.items():
        if column not in allowed:
            raise ValueError(f"unknown checkout column {column}")
        params.append(value)
        assignments.append(f"{column} = ${len(params)}")
    row = await conn.fetchrow(
        f"""update checkouts set {", ".join([*assignments, "updated_at = now()"])},
                expires_at = greatest(expires_at, now() + make_interval(days => $4))
            where shop_id = $1 and storefront_id = $2 and id = $3
              and expires_at > now() and completed_at is null
            returning {COLUMNS}""",
        *params,
    )
    return _checkout(row) if row else None


async def mark_completed(
    conn: asyncpg.Connection, shop_id: UUID, checkout_id: UUID, order_id: UUID
) -> None:
    """Record the order and forget the chosen password's hash: it now lives on the contact."""
    await conn.execute(
        """update checkouts set order_id = $3, completed_at = now(), password_hash = null,
               updated_at = now()
           where shop_id = $1 and id = $2""",
        shop_id,
        checkout_id,
        order_id,
    )
