"""Customer groups, price lists and organisations: the types, viewer fields, admin mutations."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry

from gateway.db import b2b as db
from gateway.errors import ProblemError
from gateway.organisations import b2b as domain
from loaders.account import CustomerGroupByIdLoader, OrganisationByIdLoader
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


@strawberry.type
class Organisation:
    id: strawberry.ID
    name: str
    vat_number: str | None
    payment_terms: str | None
    price_list: PriceList | None

    @classmethod
    def from_row(cls, row: db.Organisation) -> Organisation:
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            vat_number=row.vat_number,
            payment_terms=row.payment_terms,
            price_list=PriceList.from_row(row.price_list) if row.price_list else None,
        )


async def contact_customer_group(
    root: Any, info: strawberry.Info[Context, None]
) -> CustomerGroup | None:
    group_id = root._row.customer_group_id
    if group_id is None:
        return None
    row = await info.context.loaders.get(CustomerGroupByIdLoader).load(group_id)
    return CustomerGroup.from_row(row) if row else None


async def contact_organisation(
    root: Any, info: strawberry.Info[Context, None]
) -> Organisation | None:
    org_id = root._row.organisation_id
    if org_id is None:
        return None
    row = await info.context.loaders.get(OrganisationByIdLoader).load(org_id)
    return Organisation.from_row(row) if row else None


def contact_organisation_role(root: Any) -> OrganisationRole | None:
    role = root._row.organisation_role
    return OrganisationRole(role) if role and root._row.organisation_id else None


@strawberry.input
class CustomerGroupInput:
    name: str
    discount_percent: Decimal = strawberry.field(description="0 to 100, at most two decimals.")


@strawberry.input
class PriceListPriceInput:
    sku: str
    price: Decimal


@strawberry.input
class PriceListInput:
    name: str
    currency: str
    prices: list[PriceListPriceInput]


@strawberry.input
class OrganisationInput:
    name: str
    vat_number: str | None = None
    payment_terms: str | None = None
    price_list_id: strawberry.ID | None = None


@strawberry.type
class CustomerGroupPayload:
    customer_group: CustomerGroup | None
    errors: list[UserError]


@strawberry.type
class PriceListPayload:
    price_list: PriceList | None
    errors: list[UserError]


@strawberry.type
class OrganisationPayload:
    organisation: Organisation | None
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

    @strawberry.mutation(description="Negotiated prices for an organisation's members.")
    async def price_list_create(
        self, info: strawberry.Info[Context, None], input: PriceListInput
    ) -> PriceListPayload:
        ctx = info.context
        prices = [domain.PriceEntry(p.sku.strip(), p.price) for p in input.prices]
        try:
            row = await domain.create_price_list(
                ctx.pool, ctx.shop_id, input.name, input.currency, prices
            )
        except ProblemError as error:
            return PriceListPayload(price_list=None, errors=user_errors(error))
        return PriceListPayload(price_list=PriceList.from_row(row), errors=[])

    @strawberry.mutation(description="A business customer, optionally with a price list.")
    async def organisation_create(
        self, info: strawberry.Info[Context, None], input: OrganisationInput
    ) -> OrganisationPayload:
        ctx = info.context
        try:
            row = await domain.create_organisation(
                ctx.pool,
                ctx.shop_id,
                input.name,
                input.vat_number,
                input.payment_terms,
                str(input.price_list_id) if input.price_list_id else None,
            )
        except ProblemError as error:
            return OrganisationPayload(organisation=None, errors=user_errors(error))
        return OrganisationPayload(organisation=Organisation.from_row(row), errors=[])

    @strawberry.mutation(description="Make a contact a member (one organisation per contact).")
    async def organisation_add_member(
        self,
        info: strawberry.Info[Context, None],
        organisation_id: strawberry.ID,
        contact_id: strawberry.ID,
        role: OrganisationRole,
    ) -> OrganisationPayload:
        ctx = info.context
        try:
            row = await domain.add_member(
                ctx.pool, ctx.shop_id, str(organisation_id), str(contact_id), role.value
            )
        except ProblemError as error:
            return OrganisationPayload(organisation=None, errors=user_errors(error))
        return OrganisationPayload(organisation=Organisation.from_row(row), errors=[])
