"""Products: storefront `product(sku)` and admin `productUpsert`."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import strawberry

from gateway.catalogue.products import upsert_product
from gateway.db import products as db
from gateway.db.pricing import CatalogueRow
from gateway.errors import ProblemError
from gateway.pricing import catalogue
from resolvers.context import Context
from resolvers.errors import UserError, user_errors
from resolvers.instances import instance
from resolvers.scalars import Money, money


@strawberry.type(description="A quantity break: the unit price from minQuantity up.")
class PriceBreak:
    min_quantity: int
    price: Money


@strawberry.type
class Product:
    sku: str
    name: str
    price: Money = strawberry.field(
        description="The unit price of one for the viewer (price list, group, base)."
    )
    base_price: Money
    price_breaks: list[PriceBreak] = strawberry.field(
        description="The viewer's quantity breaks, lowest minQuantity first (none without a "
        "price list entry)."
    )
    active: bool = strawberry.field(
        default=True, description="False: kept for the orders that name it, no longer sold."
    )

    @classmethod
    def from_row(
        cls,
        row: db.Product | CatalogueRow,
        price: Decimal | None = None,
        breaks: tuple[tuple[int, Decimal], ...] = (),
    ) -> Product:
        base = money(row.price, row.currency)
        return instance(
            cls,
            {
                "sku": row.sku,
                "name": row.name,
                "price": money(price, row.currency) if price is not None else base,
                "base_price": base,
                "active": getattr(row, "active", True),  # the priced catalogue reads active ones
                "price_breaks": price_breaks(breaks, row.currency),
            },
        )


def price_breaks(breaks: tuple[tuple[int, Decimal], ...], currency: str) -> list[PriceBreak]:
    """The PriceBreak values of these breaks (a new list of shared values: like `money`'s,
    never mutate them)."""
    return list(_price_breaks(breaks, currency))


@lru_cache(maxsize=16_384)
def _price_breaks(breaks: tuple[tuple[int, Decimal], ...], currency: str) -> tuple[PriceBreak, ...]:
    return tuple(PriceBreak(min_quantity=q, price=money(p, currency)) for q, p in breaks)


@strawberry.type
class ProductQuery:
    @strawberry.field(description="A product by SKU, priced for the viewer; null if unknown.")
    async def product(self, info: strawberry.Info[Context, None], sku: str) -> Product | None:
        ctx = info.context
        await ctx.require_catalogue_access()
        terms = await ctx.viewer_terms()
        async with ctx.connection.acquire() as conn:
            found = await catalogue.prices(
                conn, ctx.shop_id, terms, [sku], 1, ctx.services.catalogue
            )
        if not found:
            return None
        return Product.from_row(found[0].product, found[0].price, found[0].breaks)


@strawberry.input
class ProductInput:
    sku: str
    name: str
    price: Decimal
    currency: str | None = None
    active: bool = True
    vat_rate: Decimal | None = strawberry.field(
        default=None,
        description="The product's VAT rate in percent (left out: kept; new: the shop's rate).",
    )


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
                input.vat_rate,
            )
        except ProblemError as error:
            return ProductPayload(product=None, errors=user_errors(error))
        return ProductPayload(product=Product.from_row(row), errors=[])
