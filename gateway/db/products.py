"""SQL for products."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import asyncpg


@dataclass(frozen=True)
class Product:
    id: UUID
    shop_id: UUID
    sku: str
    name: str
    price: Decimal
    currency: str
    active: bool


_COLUMNS = "id, shop_id, sku, name, price, currency, active"


def _product(row: asyncpg.Record) -> Product:
    return Product(**dict(row.items()))


async def upsert(
    conn: asyncpg.Connection,
    shop_id: UUID,
    sku: str,
    name: str,
    price: Decimal,
    currency: str,
    active: bool = True,
) -> Product:
    row = await conn.fetchrow(
        f"""insert into products (shop_id, sku, name, price, currency, active)
            values ($1, $2, $3, $4, $5, $6)
            on conflict (shop_id, sku) do update
               set name = excluded.name, price = excluded.price,
                   currency = excluded.currency, active = excluded.active, updated_at = now()
            returning {_COLUMNS}""",
        shop_id,
        sku,
        name,
        price,
        currency,
        active,
    )
    return _product(row)


async def by_skus(conn: asyncpg.Connection, shop_id: UUID, skus: list[str]) -> list[Product]:
    rows = await conn.fetch(
        f"select {_COLUMNS} from products where shop_id = $1 and sku = any($2::text[])",
        shop_id,
        skus,
    )
    return [_product(r) for r in rows]
