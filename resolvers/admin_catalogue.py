"""Admin catalogue and terms: `products`, `customerGroups`, `priceLists`; products changed,
deactivated or deleted (only when never ordered); customer groups and price lists changed or
deleted. `priceListCreate` and the organisation mutations live in resolvers/b2b.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry

from gateway.backoffice import catalogue, groups
from gateway.backoffice.listing import list_products
from gateway.db import admin_lists as db
from gateway.errors import ProblemError
from resolvers.admin_organisations import PriceListPayload
from resolvers.b2b import CustomerGroup, CustomerGroupPayload, PriceList
from resolvers.context import Context
from resolvers.errors import UserError, user_errors
from resolvers.pagination import PageInfo, query_error
from resolvers.products import Product, ProductPayload


@strawberry.type
class ProductEdge:
    cursor: str
    node: Product


@strawberry.type
class ProductConnection:
    edges: list[ProductEdge]
    page_info: PageInfo


@strawberry.input(description="Fields left out are kept.")
class ProductUpdateInput:
    name: str | None = None
    price: Decimal | None = strawberry.field(default=None, description="In the shop's currency.")
    active: bool | None = None


@strawberry.input(description="Fields left out are kept.")
class CustomerGroupUpdateInput:
    name: str | None = None
    discount_percent: Decimal | None = None


@strawberry.input
class PriceListUpdateInput:
    name: str


@strawberry.type
class ProductDeletePayload:
    errors: list[UserError]


@strawberry.type
class CustomerGroupDeletePayload:
    errors: list[UserError]


@strawberry.type
class PriceListDeletePayload:
    errors: list[UserError]


@strawberry.type
class AdminCatalogueQuery:
    @strawberry.field(description="The shop's products, inactive ones too, newest first.")
    async def products(
        self,
        info: strawberry.Info[Context, None],
        first: int | None = None,
        after: str | None = None,
        search: Annotated[
            str | None, strawberry.argument(description="Part of the SKU or name.")
        ] = None,
        active: Annotated[
            bool | None, strawberry.argument(description="Only active (or only inactive) ones.")
        ] = None,
    ) -> ProductConnection:
        ctx = info.context
        try:
            page = await list_products(
                ctx.pool, ctx.shop_id, first, after, search, active, ctx.settings.max_page_size
            )
        except ProblemError as error:
            raise query_error(error) from None
        return ProductConnection(
            edges=[ProductEdge(cursor=c, node=Product.from_row(r.product)) for c, r in page.items],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
        )

    @strawberry.field(description="The shop's customer groups, by name.")
    async def customer_groups(self, info: strawberry.Info[Context, None]) -> list[CustomerGroup]:
        ctx = info.context
        async with ctx.connection.acquire() as conn:
            rows = await db.customer_groups(conn, ctx.shop_id)
        return [CustomerGroup.from_row(r) for r in rows]

    @strawberry.field(description="The shop's price lists, by name.")
    async def price_lists(self, info: strawberry.Info[Context, None]) -> list[PriceList]:
        ctx = info.context
        async with ctx.connection.acquire() as conn:
            rows = await db.price_lists(conn, ctx.shop_id)
        return [PriceList.from_row(r) for r in rows]


def _product(row: object) -> ProductPayload:
    return ProductPayload(product=Product.from_row(row), errors=[])  # type: ignore[arg-type]


@strawberry.type
class AdminCatalogueMutation:
    @strawberry.mutation(description="Change a product's name, price or whether it is sold.")
    async def product_update(
        self, info: strawberry.Info[Context, None], sku: str, input: ProductUpdateInput
    ) -> ProductPayload:
        ctx = info.context
        try:
            row = await catalogue.update_product(
                ctx.pool, ctx.shop_id, sku, input.name, input.price, input.active
            )
        except ProblemError as error:
            return ProductPayload(product=None, errors=user_errors(error))
        return _product(row)

    @strawberry.mutation(
        description="Stop selling a product: checkout, reorder and product(sku) leave it out; "
        "orders keep it. productUpdate(active: true) sells it again."
    )
    async def product_deactivate(
        self, info: strawberry.Info[Context, None], sku: str
    ) -> ProductPayload:
        ctx = info.context
        try:
            row = await catalogue.update_product(ctx.pool, ctx.shop_id, sku, active=False)
        except ProblemError as error:
            return ProductPayload(product=None, errors=user_errors(error))
        return _product(row)

    @strawberry.mutation(
        description="Delete a product no order names (a mistake); else CONFLICT: deactivate it."
    )
    async def product_delete(
        self, info: strawberry.Info[Context, None], sku: str
    ) -> ProductDeletePayload:
        ctx = info.context
        try:
            await catalogue.delete_product(ctx.pool, ctx.shop_id, sku)
        except ProblemError as error:
            return ProductDeletePayload(errors=user_errors(error))
        return ProductDeletePayload(errors=[])

    @strawberry.mutation(description="Rename a customer group or change its discount.")
    async def customer_group_update(
        self,
        info: strawberry.Info[Context, None],
        id: strawberry.ID,
        input: CustomerGroupUpdateInput,
    ) -> CustomerGroupPayload:
        ctx = info.context
        try:
            row = await groups.update_customer_group(
                ctx.pool, ctx.shop_id, str(id), input.name, input.discount_percent
            )
        except ProblemError as error:
            return CustomerGroupPayload(customer_group=None, errors=user_errors(error))
        return CustomerGroupPayload(customer_group=CustomerGroup.from_row(row), errors=[])

    @strawberry.mutation(description="Delete a customer group; its members lose the discount.")
    async def customer_group_delete(
        self, info: strawberry.Info[Context, None], id: strawberry.ID
    ) -> CustomerGroupDeletePayload:
        ctx = info.context
        try:
            await groups.delete_customer_group(ctx.pool, ctx.shop_id, str(id))
        except ProblemError as error:
            return CustomerGroupDeletePayload(errors=user_errors(error))
        return CustomerGroupDeletePayload(errors=[])

    @strawberry.mutation(description="Rename a price list.")
    async def price_list_update(
        self, info: strawberry.Info[Context, None], id: strawberry.ID, input: PriceListUpdateInput
    ) -> PriceListPayload:
        ctx = info.context
        try:
            row = await groups.rename_price_list(ctx.pool, ctx.shop_id, str(id), input.name)
        except ProblemError as error:
            return PriceListPayload(price_list=None, errors=user_errors(error))
        return PriceListPayload(price_list=PriceList.from_row(row), errors=[])

    @strawberry.mutation(
        description="Delete a price list no organisation uses; else CONFLICT (with how many)."
    )
    async def price_list_delete(
        self, info: strawberry.Info[Context, None], id: strawberry.ID
    ) -> PriceListDeletePayload:
        ctx = info.context
        try:
            await groups.delete_price_list(ctx.pool, ctx.shop_id, str(id))
        except ProblemError as error:
            return PriceListDeletePayload(errors=user_errors(error))
        return PriceListDeletePayload(errors=[])
