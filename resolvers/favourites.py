"""Favourites: the list, adding and removing, and the read-only share link."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import strawberry

from gateway.db import favourites as favourites_db
from gateway.db.favourites import Favourite as FavouriteRow
from gateway.db.products import Product as ProductRow
from gateway.errors import ProblemError
from gateway.favourites import favourites as domain
from gateway.pagination import to_page
from gateway.web.plain_subtrees import NOT_PREFETCHED, PREFETCHED
from loaders.account import FavouritePagesLoader
from resolvers.context import Context
from resolvers.errors import UserError, user_errors
from resolvers.instances import instance
from resolvers.pagination import (
    PageInfo,
    node_fields,
    one_page,
    page_key,
    requested_page,
    require_viewer_id,
)
from resolvers.products import Product


@strawberry.type
class Favourite:
    _row: strawberry.Private[FavouriteRow]
    added_at: datetime
    # Priced with the page (NOT_PREFETCHED: price it on its own); the executor reads it as data.
    _product: strawberry.Private[Any] = NOT_PREFETCHED

    @strawberry.field(
        description="The product, priced for the viewer.", metadata={PREFETCHED: "_product"}
    )
    async def product(self, info: strawberry.Info[Context, None]) -> Product:
        if self._product is not NOT_PREFETCHED:
            return self._product  # type: ignore[no-any-return]
        product = self._row.product
        pricer = await info.context.viewer_pricer([product.sku])
        return Product.from_row(product, pricer.unit_price(product), pricer.breaks_of(product))

    @classmethod
    def from_row(cls, row: FavouriteRow, price: Priced | None = None) -> Favourite:
        values: dict[str, Any] = {"_row": row, "added_at": row.added_at}
        if price is not None:
            values["_product"] = Product.from_row(row.product, *price)
        return instance(cls, values)


@strawberry.type
class FavouriteEdge:
    cursor: str
    node: Favourite


@strawberry.type
class FavouriteConnection:
    edges: list[FavouriteEdge]
    page_info: PageInfo


async def favourites_of(
    ctx: Context,
    contact_id: UUID,
    first: int | None,
    after: str | None,
    with_products: bool = False,
    root: Any = None,
) -> FavouriteConnection:
    """A page of `contact_id`'s favourites; `root`: the parent object (the viewer's own list
    is read directly, other contacts' through the batching loader: see `one_page`)."""
    request = requested_page(ctx, first, after)
    key = page_key(contact_id, request)
    rows = await one_page(ctx, root, FavouritePagesLoader, favourites_db.pages, key)
    page = to_page(rows, request, lambda f: (f.added_at, f.product.sku))
    prices: list[Priced | None] = [None] * len(page.items)
    if with_products and page.items:
        prices = await _viewer_prices(ctx, [f.product for _, f in page.items])
    return FavouriteConnection(
        edges=[
            FavouriteEdge(cursor=c, node=Favourite.from_row(f, prices[i]))
            for i, (c, f) in enumerate(page.items)
        ],
        page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
    )


async def _viewer_prices(ctx: Context, products: list[ProductRow]) -> list[Priced | None]:
    pricer = await ctx.viewer_pricer(sorted({p.sku for p in products}))
    return [(pricer.unit_price(p), pricer.breaks_of(p)) for p in products]


# A product's unit price for the viewer and its quantity breaks.
Priced = tuple[Decimal, tuple[tuple[int, Decimal], ...]]


async def contact_favourites(
    root: Any,
    info: strawberry.Info[Context, None],
    first: int | None = None,
    after: str | None = None,
) -> FavouriteConnection:
    with_products = "product" in node_fields(info)
    return await favourites_of(info.context, root._row.id, first, after, with_products, root)


@strawberry.type
class FavouritePayload:
    favourite: Favourite | None
    errors: list[UserError]


@strawberry.type
class ShareFavouritesPayload:
    token: str | None = strawberry.field(
        description="For the storefront's own share URL; sharing again replaces the link."
    )
    errors: list[UserError]


@strawberry.type
class RevokeFavouritesSharePayload:
    errors: list[UserError]


@strawberry.type
class FavouriteMutation:
    @strawberry.mutation(description="Save a product (idempotent); unknown SKU: NOT_FOUND.")
    async def favourite_add(
        self, info: strawberry.Info[Context, None], sku: str
    ) -> FavouritePayload:
        ctx = info.context
        contact_id = await require_viewer_id(ctx)
        try:
            row = await domain.add_favourite(ctx.pool, ctx.shop_id, contact_id, sku)
        except ProblemError as error:
            return FavouritePayload(favourite=None, errors=user_errors(error))
        return FavouritePayload(favourite=Favourite.from_row(row), errors=[])

    @strawberry.mutation(description="Forget a saved product (idempotent).")
    async def favourite_remove(
        self, info: strawberry.Info[Context, None], sku: str
    ) -> FavouritePayload:
        ctx = info.context
        contact_id = await require_viewer_id(ctx)
        await domain.remove_favourite(ctx.pool, ctx.shop_id, contact_id, sku)
        return FavouritePayload(favourite=None, errors=[])

    @strawberry.mutation(description="A token for a read-only link to the favourites list.")
    async def share_favourites(
        self, info: strawberry.Info[Context, None]
    ) -> ShareFavouritesPayload:
        ctx = info.context
        contact_id = await require_viewer_id(ctx)
        token = await domain.share_favourites(ctx.pool, ctx.shop_id, contact_id)
        return ShareFavouritesPayload(token=token, errors=[])

    @strawberry.mutation(description="End the share link; the token stops working.")
    async def revoke_favourites_share(
        self, info: strawberry.Info[Context, None]
    ) -> RevokeFavouritesSharePayload:
        ctx = info.context
        contact_id = await require_viewer_id(ctx)
        await domain.revoke_share(ctx.pool, ctx.shop_id, contact_id)
        return RevokeFavouritesSharePayload(errors=[])


@strawberry.type
class FavouriteQuery:
    @strawberry.field(description="A shared favourites list (no sign-in needed); null if revoked.")
    async def shared_favourites(
        self,
        info: strawberry.Info[Context, None],
        token: str,
        first: int | None = None,
        after: str | None = None,
    ) -> FavouriteConnection | None:
        ctx = info.context
        await ctx.require_catalogue_access()
        owner = await domain.shared_owner(ctx.pool, ctx.shop_id, token)
        if owner is None:
            return None
        return await favourites_of(ctx, owner, first, after, "product" in node_fields(info))
