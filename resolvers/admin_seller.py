"""Admin `seller` and `sellerUpdate`: who the shop's invoices say they are from."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from gateway.db.seller import Seller as SellerRow
from gateway.errors import ProblemError
from gateway.tenancy.seller import SellerChanges, get_seller, update_seller
from resolvers.admin_contacts import given
from resolvers.context import Context
from resolvers.errors import UserError, user_errors


@strawberry.type(description="The seller printed on invoices (EU VAT directive art. 226).")
class Seller:
    name: str = strawberry.field(description="Legal name (the shop's name until set).")
    address: str | None = strawberry.field(description="Postal address, one line per line.")
    vat_number: str | None
    vat_rate: Decimal = strawberry.field(description="Percent, for products without their own.")
    prices_include_vat: bool

    @classmethod
    def from_row(cls, row: SellerRow) -> Seller:
        return cls(
            name=row.name,
            address=row.address,
            vat_number=row.vat_number,
            vat_rate=row.vat_rate,
            prices_include_vat=row.prices_include_vat,
        )


@strawberry.input(description="Fields left out are kept; null clears name, address, VAT number.")
class SellerInput:
    name: strawberry.Maybe[str | None]
    address: strawberry.Maybe[str | None]
    vat_number: strawberry.Maybe[str | None]
    vat_rate: strawberry.Maybe[Decimal]
    prices_include_vat: strawberry.Maybe[bool]


@strawberry.type
class SellerPayload:
    seller: Seller | None
    errors: list[UserError]


@strawberry.type
class AdminSellerQuery:
    @strawberry.field(description="The seller on this shop's invoices.")
    async def seller(self, info: strawberry.Info[Context, None]) -> Seller:
        ctx = info.context
        return Seller.from_row(await get_seller(ctx.pool, ctx.shop_id))


@strawberry.type
class AdminSellerMutation:
    @strawberry.mutation(description="Set the seller's legal name, address, VAT number, rate.")
    async def seller_update(
        self, info: strawberry.Info[Context, None], input: SellerInput
    ) -> SellerPayload:
        ctx = info.context
        changes = SellerChanges(
            name=given(input.name),
            address=given(input.address),
            vat_number=given(input.vat_number),
            vat_rate=given(input.vat_rate),
            prices_include_vat=given(input.prices_include_vat),
        )
        try:
            row = await update_seller(ctx.pool, ctx.shop_id, changes)
        except ProblemError as error:
            return SellerPayload(seller=None, errors=user_errors(error))
        return SellerPayload(seller=Seller.from_row(row), errors=[])
