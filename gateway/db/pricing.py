"""SQL for what decides a contact's price: customer group discount, organisation price list."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import asyncpg


@dataclass(frozen=True)
class PriceTerms:
    discount_percent: Decimal
    price_list_id: UUID | None
    price_list_currency: str | None


async def terms_for_contact(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID
) -> PriceTerms:
    row = await conn.fetchrow(
        """select coalesce(g.discount_percent, 0) as discount_percent,
                  pl.id as price_list_id, pl.currency as price_list_currency
           from contacts c
           left join customer_groups g on g.id = c.customer_group_id and g.shop_id = c.shop_id
           left join organisations o on o.id = c.organisation_id and o.shop_id = c.shop_id
           left join price_lists pl on pl.id = o.price_list_id and pl.shop_id = c.shop_id
           where c.shop_id = $1 and c.id = $2""",
        shop_id,
        contact_id,
    )
    if row is None:
        return PriceTerms(Decimal(0), None, None)
    return PriceTerms(row["discount_percent"], row["price_list_id"], row["price_list_currency"])


async def price_list_prices(
    conn: asyncpg.Connection, shop_id: UUID, price_list_id: UUID, skus: list[str]
) -> dict[str, Decimal]:
    rows = await conn.fetch(
        """select sku, price from price_list_prices
           where shop_id = $1 and price_list_id = $2 and sku = any($3::text[])""",
        shop_id,
        price_list_id,
        skus,
    )
    return {r["sku"]: r["price"] for r in rows}
