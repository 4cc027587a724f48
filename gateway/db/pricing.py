"""SQL for what decides a contact's price: customer group discount, organisation price list
(with quantity breaks), and the priced catalogue reads (`prices`, `products`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple
from uuid import UUID

import asyncpg
import orjson

# (min_quantity, unit price), lowest min_quantity first.
Break = tuple[int, Decimal]


@dataclass(frozen=True)
class PriceTerms:
    discount_percent: Decimal
    price_list_id: UUID | None
    price_list_currency: str | None


async def terms_for(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, organisation_id: UUID | None
) -> PriceTerms:
    """The contact's group discount and the price list of the organisation it acts for
    (only while it is a member of it)."""
    row = await conn.fetchrow(
        """select coalesce(g.discount_percent, 0) as discount_percent,
                  pl.id as price_list_id, pl.currency as price_list_currency
           from contacts c
           left join customer_groups g on g.id = c.customer_group_id and g.shop_id = c.shop_id
           left join organisation_members m
                  on m.contact_id = c.id and m.organisation_id = $3 and m.shop_id = c.shop_id
           left join organisations o on o.id = m.organisation_id and o.shop_id = c.shop_id
           left join price_lists pl on pl.id = o.price_list_id and pl.shop_id = c.shop_id
           where c.shop_id = $1 and c.id = $2""",
        shop_id,
        contact_id,
        organisation_id,
    )
    if row is None:
        return PriceTerms(Decimal(0), None, None)
    return PriceTerms(row["discount_percent"], row["price_list_id"], row["price_list_currency"])


async def price_breaks(
    conn: asyncpg.Connection, shop_id: UUID, price_list_id: UUID, skus: list[str]
) -> dict[str, tuple[Break, ...]]:
    rows = await conn.fetch(
        """select sku, min_quantity, price from price_list_prices
           where shop_id = $1 and price_list_id = $2 and sku = any($3::text[])
           order by sku, min_quantity""",
        shop_id,
        price_list_id,
        skus,
    )
    out: dict[str, list[Break]] = {}
    for r in rows:
        out.setdefault(r["sku"], []).append((r["min_quantity"], r["price"]))
    return {sku: tuple(b) for sku, b in out.items()}


class CatalogueRow(NamedTuple):
    """An active product as the priced catalogue reads it (light: a thousand per call)."""

    sku: str
    name: str
    price: Decimal  # the base price
    currency: str
    breaks: tuple[Break, ...]  # in the asked price list, lowest min_quantity first


# Active products with their breaks in the given price list ($2, may be null), one statement.
# Amounts travel as text (numeric's exact text form, read with Decimal(text)): asyncpg's binary
# numeric decoding, of arrays above all, was the largest cost of a thousand rows.
_PRICED = """select p.sku, p.name, p.price::text, p.currency, b.quantities, b.prices
             from products p
             left join lateral (
                 select array_agg(lp.min_quantity order by lp.min_quantity) as quantities,
                        array_agg(lp.price::text order by lp.min_quantity) as prices
                 from price_list_prices lp
                 where lp.price_list_id = $2 and lp.shop_id = p.shop_id and lp.sku = p.sku
             ) b on $2::uuid is not null"""


def _priced(rows: list[asyncpg.Record]) -> list[CatalogueRow]:
    return [
        CatalogueRow(
            sku,
            name,
            Decimal(price),
            currency,
            tuple(zip(q, map(Decimal, prices), strict=True)) if q else (),
        )
        for sku, name, price, currency, q, prices in rows
    ]


async def priced_since(
    conn: asyncpg.Connection,
    shop_id: UUID,
    price_list_id: UUID | None,
    skus: list[str],
    held_version: int,
    not_held: list[str],
) -> tuple[int, list[CatalogueRow]]:
    """The shop's catalogue version and the active products (with their breaks) among
    `not_held` when that version is still `held_version`, else among all `skus`: one
    statement, one snapshot (gateway/pricing/catalogue_cache.py). The version comes back even
    when no product does."""
    # The SKU lists travel as JSON text: asyncpg encodes a text[] of 500 SKUs element by
    # element (about 0.2 ms of CPU), orjson the same list in a few microseconds.
    rows = await conn.fetch(
        f"""with v as materialized (select id, catalogue_version from shops where id = $1),
                 w as materialized (
                     select array(select jsonb_array_elements_text(
                         (case when v.catalogue_version = $4 then $5 else $3 end)::jsonb)) as skus
                     from v
                 )
            select v.catalogue_version, x.* from v
            left join lateral (
                {_PRICED}
                where p.shop_id = v.id and p.active and p.sku = any((select w.skus from w)::text[])
            ) x on true""",
        shop_id,
        price_list_id,
        orjson.dumps(skus).decode(),
        held_version,
        orjson.dumps(not_held).decode(),
    )
    if not rows:
        return -1, []
    version = rows[0][0]
    return version, _priced([tuple(r)[1:] for r in rows if r[1] is not None])  # type: ignore[misc]


async def priced_page(
    conn: asyncpg.Connection,
    shop_id: UUID,
    price_list_id: UUID | None,
    after_sku: str | None,
    limit: int,
) -> list[CatalogueRow]:
    """Active products by SKU after `after_sku`, at most `limit`, with their breaks."""
    rows = await conn.fetch(
        f"""{_PRICED}
            where p.shop_id = $1 and p.active and ($3::text is null or p.sku > $3)
            order by p.sku limit $4""",
        shop_id,
        price_list_id,
        after_sku,
        limit,
    )
    return _priced(rows)
