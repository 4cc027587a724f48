"""Storefront checkout: `checkout(id)`, `checkoutCreate`, `checkoutSetContact`, `...Complete`."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gateway.checkout.checkouts import PricedCheckout, create_checkout, find_checkout
from gateway.checkout.complete import Methods, complete_checkout
from gateway.checkout.contact_step import ContactDetails, set_contact
from gateway.errors import ProblemError
from gateway.orders.address_snapshot import AddressData
from gateway.orders.lines import LineRequest
from resolvers.addresses import Address, AddressInput
from resolvers.context import Context
from resolvers.errors import UserError, user_errors
from resolvers.orders import Order
from resolvers.scalars import Money, money


@strawberry.type
class CheckoutLine:
    sku: str
    name: str
    quantity: int
    unit_price: Money
    total: Money


@strawberry.type(description="A basket with the customer's details; prices are the viewer's.")
class Checkout:
    id: strawberry.ID
    email: str | None
    full_name: str | None
    phone: str | None
    shipping_address: Address | None
    billing_address: Address | None
    lines: list[CheckoutLine]
    total: Money
    create_account: bool
    completed: bool
    expires_at: datetime

    @classmethod
    def from_priced(cls, priced: PricedCheckout) -> Checkout:
        row, currency = priced.checkout, priced.currency
        return cls(
            id=strawberry.ID(str(row.id)),
            email=row.email,
            full_name=row.full_name,
            phone=row.phone,
            shipping_address=Address.from_snapshot(row.shipping_address, f"{row.id}:shipping"),
            billing_address=Address.from_snapshot(row.billing_address, f"{row.id}:billing"),
            lines=[
                CheckoutLine(
                    sku=line.sku,
                    name=line.name,
                    quantity=line.quantity,
                    unit_price=money(line.unit_price, currency),
                    total=money(line.total, currency),
                )
                for line in priced.lines
            ],
            total=money(priced.total, currency),
            create_account=row.create_account,
            completed=row.completed_at is not None,
            expires_at=row.expires_at,
        )


@strawberry.input
class CheckoutLineInput:
    sku: str
    quantity: int


@strawberry.input
class CheckoutCreateInput:
    lines: list[CheckoutLineInput]


@strawberry.input(description="The contact form as submitted: what it sends is what is kept.")
class CheckoutContactInput:
    email: str
    full_name: str
    phone: str | None = None
    shipping_address: AddressInput | None = None
    billing_address: AddressInput | None = strawberry.field(
        default=None, description="Left out: the shipping address is the billing address."
    )
    create_account: bool = False
    password: str | None = None


@strawberry.input
class CheckoutCompleteInput:
    shipping_method: str
    payment_method: str


@strawberry.type
class CheckoutPayload:
    checkout: Checkout | None
    errors: list[UserError]


@strawberry.type
class CheckoutCompletePayload:
    order: Order | None
    errors: list[UserError]


def _address(value: AddressInput | None) -> AddressData | None:
    return value.to_data() if value is not None else None


@strawberry.type
class CheckoutQuery:
    @strawberry.field(description="An open checkout of this storefront; null if unknown/expired.")
    async def checkout(
        self, info: strawberry.Info[Context, None], id: strawberry.ID
    ) -> Checkout | None:
        ctx = info.context
        await ctx.require_catalogue_access()
        viewer_id, organisation_id = await ctx.acting_for()
        found = await find_checkout(
            ctx.pool, ctx.require_storefront(), id, viewer_id, organisation_id
        )
        return Checkout.from_priced(found) if found else None


@strawberry.type
class CheckoutMutation:
    @strawberry.mutation(description="A new checkout with these lines (quantities 1 to 9,999).")
    async def checkout_create(
        self, info: strawberry.Info[Context, None], input: CheckoutCreateInput
    ) -> CheckoutPayload:
        ctx = info.context
        lines = [LineRequest(line.sku, line.quantity) for line in input.lines]
        await ctx.require_catalogue_access()
        viewer_id, organisation_id = await ctx.acting_for()
        try:
            priced = await create_checkout(
                ctx.pool,
                ctx.require_storefront(),
                viewer_id,
                lines,
                ctx.settings.checkout_ttl_days,
                organisation_id=organisation_id,
            )
        except ProblemError as error:
            return CheckoutPayload(checkout=None, errors=user_errors(error))
        return CheckoutPayload(checkout=Checkout.from_priced(priced), errors=[])

    @strawberry.mutation(description="Set the customer's e-mail, name, phone and addresses.")
    async def checkout_set_contact(
        self,
        info: strawberry.Info[Context, None],
        checkout_id: strawberry.ID,
        input: CheckoutContactInput,
    ) -> CheckoutPayload:
        ctx = info.context
        details = ContactDetails(
            email=input.email,
            full_name=input.full_name,
            phone=input.phone,
            shipping_address=_address(input.shipping_address),
            billing_address=_address(input.billing_address),
            create_account=input.create_account,
            password=input.password,
        )
        await ctx.require_catalogue_access()
        viewer_id, organisation_id = await ctx.acting_for()
        try:
            priced = await set_contact(
                ctx.pool,
                ctx.require_storefront(),
                checkout_id,
                details,
                viewer_id,
                ctx.services.passwords.hash,
                ctx.settings.checkout_ttl_days,
                organisation_id=organisation_id,
            )
        except ProblemError as error:
            return CheckoutPayload(checkout=None, errors=user_errors(error))
        return CheckoutPayload(checkout=Checkout.from_priced(priced), errors=[])

    @strawberry.mutation(description="Place the order (idempotent: one checkout, one order).")
    async def checkout_complete(
        self,
        info: strawberry.Info[Context, None],
        checkout_id: strawberry.ID,
        input: CheckoutCompleteInput,
    ) -> CheckoutCompletePayload:
        ctx = info.context
        methods = Methods(input.shipping_method, input.payment_method)
        await ctx.require_catalogue_access()
        viewer_id, organisation_id = await ctx.acting_for()
        try:
            order = await complete_checkout(
                ctx.pool,
                ctx.require_storefront(),
                checkout_id,
                methods,
                viewer_id,
                organisation_id=organisation_id,
            )
        except ProblemError as error:
            return CheckoutCompletePayload(order=None, errors=user_errors(error))
        ctx.services.mail_wakeup.set()
        return CheckoutCompletePayload(order=Order.from_row(order), errors=[])
