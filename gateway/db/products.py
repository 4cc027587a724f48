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
    vat_rate: Decimal | None = None  # the product's own VAT rate in percent; None: the shop's


_COLUMNS = "id, shop_id, sku, name, price, currency, active, vat_rate"


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
    vat_rate: Decimal | None = None,
) -> Product:
    """Insert or update by SKU; a `vat_rate` of None keeps the product's rate as it is."""
    row = await conn.fetchrow(
        f"""insert into products (shop_id, sku, name, price, currency, active, vat_rate)
            values ($1, $2, $3, $4, $5, $6, $7)
            on conflict (shop_id, sku) do update
               set name = excluded.name, price = excluded.price,
                   currency = excluded.currency, active = excluded.active, updated_at = now(),
                   vat_rate = coalesce(excluded.vat_rate, products.vat_rate)
            returning {_COLUMNS}""",
        shop_id,
        sku,
        name,
        price,
        currency,
        active,
        vat_rate,
    )
    return _product(row)


async def by_skus(conn: asyncpg.Connection, shop_id: UUID, skus: list[str]) -> list[Product]:
    rows = await conn.fetch(
        f"select {_COLUMNS} from products where shop_id = $1 and sku = any($2::text[])",
        shop_id,
        skus,
    )
    return [_product(r) for r in rows]
