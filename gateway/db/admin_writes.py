"""SQL for the admin API's changes to products, customer groups and price lists."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import asyncpg

from gateway.db.b2b import CustomerGroup, PriceList
from gateway.db.products import Product

_PRODUCT = "id, shop_id, sku, name, price, currency, active"


async def update_product(
    conn: asyncpg.Connection,
    shop_id: UUID,
    sku: str,
    name: str | None,
    price: Decimal | None,
    active: bool | None,
) -> Product | None:
    """Change the given fields (None keeps one); None when the shop has no such SKU."""
    row = await conn.fetchrow(
        f"""update products set name = coalesce($3, name), price = coalesce($4, price),
                   active = coalesce($5, active), updated_at = now()
            where shop_id = $1 and sku = $2 returning {_PRODUCT}""",
        shop_id,
        sku,
        name,
        price,
        active,
    )
    return Product(**dict(row.items())) if row else None


async def delete_unordered_product(conn: asyncpg.Connection, shop_id: UUID, sku: str) -> str:
    """'deleted', 'ordered' (an order line names it: kept) or 'missing'. Call in a transaction:
    the product row is locked first, so a product cannot be both checked and changed meanwhile."""
    found = await conn.fetchval(
        "select id from products where shop_id = $1 and sku = $2 for update", shop_id, sku
    )
    if found is None:
        return "missing"
    ordered = await conn.fetchval(
        "select exists (select 1 from order_lines where shop_id = $1 and sku = $2)", shop_id, sku
    )
    if ordered:
        return "ordered"
    await conn.execute("delete from favourites where shop_id = $1 and sku = $2", shop_id, sku)
    await conn.execute("delete from products where shop_id = $1 and id = $2", shop_id, found)
    return "deleted"


async def update_customer_group(
    conn: asyncpg.Connection,
    shop_id: UUID,
    group_id: UUID,
    name: str | None,
    discount_percent: Decimal | None,
) -> CustomerGroup | None:
    """None when there is no such group. A name another group has raises UniqueViolationError."""
    row = await conn.fetchrow(
        """update customer_groups set name = coalesce($3, name),
                  discount_percent = coalesce($4, discount_percent)
           where shop_id = $1 and id = $2 returning id, name, discount_percent""",
        shop_id,
        group_id,
        name,
        discount_percent,
    )
    return CustomerGroup(**dict(row.items())) if row else None


async def delete_customer_group(conn: asyncpg.Connection, shop_id: UUID, group_id: UUID) -> bool:
    """Members keep their accounts and lose the discount (the foreign key sets theirs null)."""
    deleted = await conn.fetchval(
        "delete from customer_groups where shop_id = $1 and id = $2 returning id",
        shop_id,
        group_id,
    )
    return deleted is not None


async def rename_price_list(
    conn: asyncpg.Connection, shop_id: UUID, price_list_id: UUID, name: str
) -> PriceList | None:
    row = await conn.fetchrow(
        """update price_lists set name = $3 where shop_id = $1 and id = $2
           returning id, name, currency""",
        shop_id,
        price_list_id,
        name,
    )
    return PriceList(**dict(row.items())) if row else None


async def delete_unused_price_list(
    conn: asyncpg.Connection, shop_id: UUID, price_list_id: UUID
) -> str | int:
    """'deleted', 'missing', or the number of organisations that still use it (kept)."""
    row = await conn.fetchrow(
        """with target as (
               select id from price_lists where shop_id = $1 and id = $2 for update
           ), users as (
               select count(*) as n from organisations
               where shop_id = $1 and price_list_id = $2
           ), gone as (
               delete from price_lists p using target, users
               where p.id = target.id and users.n = 0 returning p.id
           )
           select (select count(*) from target) as found, (select n from users) as users,
                  (select count(*) from gone) as deleted""",
        shop_id,
        price_list_id,
    )
    if not row["found"]:
        return "missing"
    return "deleted" if row["deleted"] else int(row["users"])
