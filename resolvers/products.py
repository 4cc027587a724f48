"""Products: storefront `product(sku)` and admin `productUpsert`."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from gateway.catalogue.products import upsert_product
from gateway.db import products as db
from gateway.errors import ProblemError
from resolvers.context import Context
from resolvers.errors import UserError, user_errors
from resolvers.scalars import Money, money


@strawberry.type
class Product:
    sku: str
    name: str
    price: Money = strawberry.field(description="The price for the viewer (group, price list).")
    base_price: Money
    active: bool = strawberry.field(
        default=True, description="False: kept for the orders that name it, no longer sold."
    )

    @classmethod
    def from_row(cls, row: db.Product, price: Decimal | None = None) -> Product:
        base = money(row.price, row.currency)
        return cls(
            sku=row.sku,
            name=row.name,
            price=money(price, row.currency) if price is not None else base,
            base_price=base,
            active=row.active,
        )


@strawberry.type
class ProductQuery:
    @strawberry.field(description="A product by SKU, priced for the viewer; null if unknown.")
    async def product(self, info: strawberry.Info[Context, None], sku: str) -> Product | None:
        ctx = info.context
        async with ctx.connection.acquire() as conn:
            rows = await db.by_skus(conn, ctx.shop_id, [sku])
        if not rows or not rows[0].active:
            return None
        pricer = await ctx.viewer_pricer([sku])
        return Product.from_row(rows[0], pricer.unit_price(rows[0]))


@strawberry.input
class ProductInput:
    sku: str
    name: str
    price: Decimal
    currency: str | None = None
    active: bool = True


@strawberry.type
class ProductPayload:
    product: Product | None
    errors: list[UserError]


@strawberry.type
class AdminProductMutation:
    @strawberry.mutation(description="Create a product or update the one with this SKU.")
    async def product_upsert(
        self, info: strawberry.Info[Context, None], input: ProductInput
    ) -> ProductPayload:
        ctx = info.context
        try:
            row = await upsert_product(
                ctx.pool,
                ctx.shop_id,
                input.sku,
                input.name,
                input.price,
                input.currency,
                input.active,
            )
        except ProblemError as error:
            return ProductPayload(product=None, errors=user_errors(error))
        return ProductPayload(product=Product.from_row(row), errors=[])
