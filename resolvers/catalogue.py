"""`prices(skus, quantity)` (an order form priced in one call) and `products(first, after)`.

Both answer UNAUTHENTICATED without a session when the storefront requires sign-in for its
catalogue. Bad arguments (more than 1,000 SKUs, a quantity outside 1..1,000,000, a bad
cursor, `first` over 100) are GraphQL errors with code BAD_USER_INPUT.
"""

from __future__ import annotations

import strawberry

from gateway.errors import ProblemError
from gateway.pricing import catalogue
from gateway.web.plain_subtrees import shared
from resolvers.context import Context
from resolvers.pagination import PageInfo, query_error, requested_page
from resolvers.products import PriceBreak, Product, price_breaks
from resolvers.scalars import Money, money


@shared  # kept by the catalogue cache and shared between calls (see `product_price`)
@strawberry.type(description="A SKU's unit price for the viewer at the asked quantity.")
class ProductPrice:
    sku: str
    price: Money
    base_price: Money
    price_breaks: list[PriceBreak]


def product_price(item: catalogue.PricedProduct) -> ProductPrice:
    """The answer for one SKU (shared between calls with the same terms and quantity through
    the catalogue cache: never mutate it)."""
    product = item.product
    currency = product.currency
    return ProductPrice(
        sku=product.sku,
        price=money(item.price, currency),
        base_price=money(product.price, currency),
        price_breaks=price_breaks(item.breaks, currency),
    )


@strawberry.type
class ProductEdge:
    cursor: str
    node: Product


@strawberry.type
class ProductConnection:
    edges: list[ProductEdge]
    page_info: PageInfo


@strawberry.type
class CatalogueQuery:
    @strawberry.field(
        description="The viewer's unit prices of up to 1,000 SKUs at this quantity (the largest "
        "break at or below it), in the order first asked; a SKU asked twice is answered once; "
        "unknown or inactive SKUs are left out. "
        "One SQL statement whatever the number of SKUs."
    )
    async def prices(
        self, info: strawberry.Info[Context, None], skus: list[str], quantity: int = 1
    ) -> list[ProductPrice]:
        ctx = info.context
        await ctx.require_catalogue_access()
        terms = await ctx.viewer_terms()
        try:
            async with ctx.connection.acquire() as conn:
                return await catalogue.prices(
                    conn,
                    ctx.shop_id,
                    terms,
                    skus,
                    quantity,
                    ctx.services.catalogue,
                    present=product_price,
                )
        except ProblemError as error:
            raise query_error(error) from None

    @strawberry.field(description="Active products by SKU, priced for the viewer (one unit).")
    async def products(
        self,
        info: strawberry.Info[Context, None],
        first: int | None = None,
        after: str | None = None,
    ) -> ProductConnection:
        ctx = info.context
        await ctx.require_catalogue_access()
        request = requested_page(ctx, first, None)
        terms = await ctx.viewer_terms()
        try:
            async with ctx.connection.acquire() as conn:
                items, more = await catalogue.product_page(
                    conn, ctx.shop_id, terms, request.first, after
                )
        except ProblemError as error:
            raise query_error(error) from None
        edges = [
            ProductEdge(
                cursor=catalogue.encode_sku_cursor(i.product.sku),
                node=Product.from_row(i.product, i.price, i.breaks),
            )
            for i in items
        ]
        return ProductConnection(
            edges=edges,
            page_info=PageInfo(has_next_page=more, end_cursor=edges[-1].cursor if edges else None),
        )
