"""Admin API for B2B: price lists (with quantity breaks) and organisations with their members.

`priceListCreate`, `organisationCreate`, `organisationUpdate`, `organisationAddMember` (adds a
membership, never moves one), `organisationRemoveMember`, `Query.organisations`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry

from gateway.errors import ProblemError
from gateway.organisations import admin as domain
from gateway.organisations.price_lists import PriceEntry, create_price_list
from gateway.pagination import to_page
from resolvers.addresses import AddressInput
from resolvers.admin_contacts import given
from resolvers.b2b import OrganisationRole, PriceList
from resolvers.context import Context
from resolvers.errors import UserError, user_errors
from resolvers.organisations import Organisation, OrganisationPayload
from resolvers.pagination import PageInfo, requested_page


@strawberry.input
class PriceListPriceInput:
    sku: str
    price: Decimal = strawberry.field(description="Unit price from minQuantity up.")
    min_quantity: int = strawberry.field(
        default=1, description="The quantity from which this price applies (a quantity break)."
    )


@strawberry.input
class PriceListInput:
    name: str
    currency: str = strawberry.field(description="The shop's currency (another: INVALID).")
    prices: list[PriceListPriceInput]


@strawberry.type
class PriceListPayload:
    price_list: PriceList | None
    errors: list[UserError]


@strawberry.input(description="On update, fields left out are kept and null clears them.")
class OrganisationInput:
    name: str
    vat_number: strawberry.Maybe[str | None]
    payment_terms: strawberry.Maybe[str | None] = strawberry.field(
        description="Terms as text for people; paymentTermsDays is what the gateway acts on."
    )
    price_list_id: strawberry.Maybe[strawberry.ID | None]
    payment_terms_days: strawberry.Maybe[int | None] = strawberry.field(
        description="Net days for invoices, 0 to 365; null: paid at order (no 'on account')."
    )
    billing_address: strawberry.Maybe[AddressInput | None] = strawberry.field(
        description="Invoices of the organisation's orders are made out to this address."
    )

    def to_request(self) -> domain.OrganisationRequest:
        address: Any = given(self.billing_address)
        if isinstance(address, AddressInput):
            address = address.to_data()
        return domain.OrganisationRequest(
            name=self.name,
            vat_number=given(self.vat_number),
            payment_terms=given(self.payment_terms),
            price_list_id=given(self.price_list_id),
            payment_terms_days=given(self.payment_terms_days),
            billing_address=address,
        )


@strawberry.type
class OrganisationEdge:
    cursor: str
    node: Organisation


@strawberry.type
class OrganisationConnection:
    edges: list[OrganisationEdge]
    page_info: PageInfo


def _payload(row: Any) -> OrganisationPayload:
    return OrganisationPayload(organisation=Organisation.from_row(row), errors=[])


def _failed(error: ProblemError) -> OrganisationPayload:
    return OrganisationPayload(organisation=None, errors=user_errors(error))


@strawberry.type
class AdminOrganisationQuery:
    @strawberry.field(description="The shop's organisations, newest first; at most 100 a page.")
    async def organisations(
        self,
        info: strawberry.Info[Context, None],
        first: int | None = None,
        after: str | None = None,
    ) -> OrganisationConnection:
        ctx = info.context
        request = requested_page(ctx, first, after)
        try:
            rows = await domain.list_organisations(ctx.pool, ctx.shop_id, request)
        except ProblemError as error:
            from resolvers.pagination import query_error

            raise query_error(error) from None
        page = to_page(rows, request, lambda o: (o.created_at, o.id))
        return OrganisationConnection(
            edges=[
                OrganisationEdge(cursor=c, node=Organisation.from_row(o)) for c, o in page.items
            ],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
        )


@strawberry.type
class AdminOrganisationMutation:
    @strawberry.mutation(
        description="Negotiated unit prices for organisations, in the shop's currency, with "
        "quantity breaks (minQuantity)."
    )
    async def price_list_create(
        self, info: strawberry.Info[Context, None], input: PriceListInput
    ) -> PriceListPayload:
        ctx = info.context
        prices = [PriceEntry(p.sku.strip(), p.price, p.min_quantity) for p in input.prices]
        try:
            row = await create_price_list(ctx.pool, ctx.shop_id, input.name, input.currency, prices)
        except ProblemError as error:
            return PriceListPayload(price_list=None, errors=user_errors(error))
        return PriceListPayload(price_list=PriceList.from_row(row), errors=[])

    @strawberry.mutation(description="A business customer, optionally with price list and terms.")
    async def organisation_create(
        self, info: strawberry.Info[Context, None], input: OrganisationInput
    ) -> OrganisationPayload:
        ctx = info.context
        try:
            return _payload(
                await domain.create_organisation(ctx.pool, ctx.shop_id, input.to_request())
            )
        except ProblemError as error:
            return _failed(error)

    @strawberry.mutation(description="Change an organisation (fields left out are kept).")
    async def organisation_update(
        self, info: strawberry.Info[Context, None], id: strawberry.ID, input: OrganisationInput
    ) -> OrganisationPayload:
        ctx = info.context
        try:
            return _payload(
                await domain.update_organisation(ctx.pool, ctx.shop_id, str(id), input.to_request())
            )
        except ProblemError as error:
            return _failed(error)

    @strawberry.mutation(
        description="Add a membership (the contact's other organisations stay). A guest: "
        "INVALID; unknown: NOT_FOUND; a member already: CONFLICT."
    )
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
            return _failed(error)
        return _payload(row)

    @strawberry.mutation(
        description="Remove the contact from this organisation only; the last ADMIN: CONFLICT."
    )
    async def organisation_remove_member(
        self,
        info: strawberry.Info[Context, None],
        organisation_id: strawberry.ID,
        contact_id: strawberry.ID,
    ) -> OrganisationPayload:
        ctx = info.context
        try:
            row = await domain.remove_member(
                ctx.pool, ctx.shop_id, str(organisation_id), str(contact_id)
            )
        except ProblemError as error:
            return _failed(error)
        return _payload(row)
