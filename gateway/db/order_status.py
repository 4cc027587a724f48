"""SQL for order-status links: the hash of each order's token, and the order it opens."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import asyncpg

from gateway.db.orders import ORDER_COLUMNS, Order, order_from_row
from gateway.db.shops import EFFECTIVE_ACCOUNT_URL


@dataclass(frozen=True)
class OrderMailContext:
    """What a mail about an order needs besides the order: where links go, which language."""

    account_url: str
    shop_name: str
    locale: str


async def record_tokens(
    conn: asyncpg.Connection,
    shop_id: UUID,
    order_ids: list[UUID],
    token_hashes: list[bytes],
    storefront_id: UUID | None = None,
) -> None:
    """Record the hashes of these orders' tokens; orders that have one keep it (idempotent)."""
    await conn.execute(
        """insert into order_status_tokens (order_id, shop_id, storefront_id, token_hash)
           select t.order_id, $1, $2, t.token_hash
           from unnest($3::uuid[], $4::bytea[]) as t(order_id, token_hash)
           join orders o on o.id = t.order_id and o.shop_id = $1
           on conflict (order_id) do nothing""",
        shop_id,
        storefront_id,
        order_ids,
        token_hashes,
    )


async def order_by_token_hash(
    conn: asyncpg.Connection, shop_id: UUID, token_hash: bytes
) -> Order | None:
    """The order this link opens, in this shop; none once its contact was anonymised."""
    columns = ", ".join(f"o.{c.strip()}" for c in ORDER_COLUMNS.split(","))
    row = await conn.fetchrow(
        f"""select {columns} from order_status_tokens t
            join orders o on o.id = t.order_id and o.shop_id = t.shop_id
            left join contacts c on c.id = o.contact_id
            where t.shop_id = $1 and t.token_hash = $2 and c.anonymised_at is null""",
        shop_id,
        token_hash,
    )
    return order_from_row(row) if row else None


async def mail_context(conn: asyncpg.Connection, shop_id: UUID, order_id: UUID) -> OrderMailContext:
    """The order's storefront (the one it was placed through, else the shop's first) and the
    customer's language (the contact's, else the storefront's default)."""
    row = await conn.fetchrow(
        f"""select sf.account_url, s.name as shop_name,
                  coalesce(c.locale, sf.default_locale) as locale
           from orders o
           join shops s on s.id = o.shop_id
           left join contacts c on c.id = o.contact_id
           left join order_status_tokens t on t.order_id = o.id
           join lateral (
               select {EFFECTIVE_ACCOUNT_URL} as account_url, default_locale from storefronts sf
               where sf.shop_id = o.shop_id
               order by sf.id = t.storefront_id desc nulls last, sf.created_at
               limit 1
           ) sf on true
           where o.shop_id = $1 and o.id = $2""",
        shop_id,
        order_id,
    )
    return OrderMailContext(row["account_url"], row["shop_name"], row["locale"])


async def account_urls(
    conn: asyncpg.Connection, shop_id: UUID, order_ids: list[UUID]
) -> dict[UUID, str]:
    """Each order's account URL: its storefront's (the one it was placed through), else the
    shop's first storefront's."""
    rows = await conn.fetch(
        f"""select o.id, sf.account_url
           from orders o
           left join order_status_tokens t on t.order_id = o.id
           join lateral (
               select {EFFECTIVE_ACCOUNT_URL} as account_url from storefronts sf
               where sf.shop_id = o.shop_id
               order by sf.id = t.storefront_id desc nulls last, sf.created_at limit 1
           ) sf on true
           where o.shop_id = $1 and o.id = any($2::uuid[])""",
        shop_id,
        order_ids,
    )
    return {r["id"]: r["account_url"] for r in rows}
