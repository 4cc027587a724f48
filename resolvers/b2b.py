"""Customer groups and the shared B2B types (roles, price lists); `customerGroupCreate`.

Organisations live in `resolvers.organisations` (storefront) and
`resolvers.admin_organisations` (admin, with `priceListCreate`)."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry

from gateway.db import b2b as db
from gateway.errors import ProblemError
from gateway.organisations import b2b as domain
from loaders.account import CustomerGroupByIdLoader
from resolvers.context import Context
from resolvers.errors import UserError, user_errors


@strawberry.enum
class OrganisationRole(Enum):
    ADMIN = "ADMIN"
    BUYER = "BUYER"


@strawberry.type
class CustomerGroup:
    id: strawberry.ID
    name: str
    discount_percent: Decimal

    @classmethod
    def from_row(cls, row: db.CustomerGroup) -> CustomerGroup:
        return cls(
            id=strawberry.ID(str(row.id)), name=row.name, discount_percent=row.discount_percent
        )


@strawberry.type
class PriceList:
    id: strawberry.ID
    name: str
    currency: str

    @classmethod
    def from_row(cls, row: db.PriceList) -> PriceList:
        return cls(id=strawberry.ID(str(row.id)), name=row.name, currency=row.currency)


async def contact_customer_group(
    root: Any, info: strawberry.Info[Context, None]
) -> CustomerGroup | None:
    group_id = root._row.customer_group_id
    if group_id is None:
        return None
    row = await info.context.loaders.get(CustomerGroupByIdLoader).load(group_id)
    return CustomerGroup.from_row(row) if row else None


@strawberry.input
class CustomerGroupInput:
    name: str
    discount_percent: Decimal = strawberry.field(description="0 to 100, at most two decimals.")


@strawberry.type
class CustomerGroupPayload:
    customer_group: CustomerGroup | None
    errors: list[UserError]


@strawberry.type
class AdminB2BMutation:
    @strawberry.mutation(description="A customer group whose members get a discount.")
    async def customer_group_create(
        self, info: strawberry.Info[Context, None], input: CustomerGroupInput
    ) -> CustomerGroupPayload:
        ctx = info.context
        try:
            row = await domain.create_customer_group(
                ctx.pool, ctx.shop_id, input.name, input.discount_percent
            )
        except ProblemError as error:
            return CustomerGroupPayload(customer_group=None, errors=user_errors(error))
        return CustomerGroupPayload(customer_group=CustomerGroup.from_row(row), errors=[])
