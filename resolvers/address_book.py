"""The address book: addressCreate, addressUpdate, addressDelete, setDefaultAddress."""

from __future__ import annotations

from enum import Enum

import strawberry

from gateway.errors import ProblemError
from gateway.profile import addresses as domain
from resolvers.addresses import Address, AddressInput
from resolvers.contact import Contact
from resolvers.context import Context
from resolvers.errors import UserError, user_errors
from resolvers.profile import ContactPayload


@strawberry.enum
class AddressKind(Enum):
    SHIPPING = "SHIPPING"
    BILLING = "BILLING"


@strawberry.type
class AddressPayload:
    address: Address | None
    errors: list[UserError]


@strawberry.type
class AddressDeletePayload:
    deleted_id: strawberry.ID | None
    errors: list[UserError]


@strawberry.type
class AddressBookMutation:
    @strawberry.mutation(description="Save an address; the first becomes the default for both.")
    async def address_create(
        self, info: strawberry.Info[Context, None], input: AddressInput
    ) -> AddressPayload:
        ctx = info.context
        viewer = await ctx.require_viewer()
        try:
            row = await domain.create_address(ctx.pool, ctx.shop_id, viewer.id, input.to_data())
        except ProblemError as error:
            return AddressPayload(address=None, errors=user_errors(error))
        return AddressPayload(address=Address.from_row(row), errors=[])

    @strawberry.mutation(description="Change a saved address.")
    async def address_update(
        self, info: strawberry.Info[Context, None], id: strawberry.ID, input: AddressInput
    ) -> AddressPayload:
        ctx = info.context
        viewer = await ctx.require_viewer()
        try:
            row = await domain.update_address(
                ctx.pool, ctx.shop_id, viewer.id, str(id), input.to_data()
            )
        except ProblemError as error:
            return AddressPayload(address=None, errors=user_errors(error))
        return AddressPayload(address=Address.from_row(row), errors=[])

    @strawberry.mutation(description="Delete a saved address; its defaults pass to the oldest.")
    async def address_delete(
        self, info: strawberry.Info[Context, None], id: strawberry.ID
    ) -> AddressDeletePayload:
        ctx = info.context
        viewer = await ctx.require_viewer()
        try:
            deleted = await domain.delete_address(ctx.pool, ctx.shop_id, viewer.id, str(id))
        except ProblemError as error:
            return AddressDeletePayload(deleted_id=None, errors=user_errors(error))
        return AddressDeletePayload(deleted_id=strawberry.ID(str(deleted)), errors=[])

    @strawberry.mutation(description="Make a saved address the default for shipping or billing.")
    async def set_default_address(
        self, info: strawberry.Info[Context, None], id: strawberry.ID, kind: AddressKind
    ) -> ContactPayload:
        ctx = info.context
        viewer = await ctx.require_viewer()
        try:
            await domain.set_default_address(ctx.pool, ctx.shop_id, viewer.id, str(id), kind.value)
        except ProblemError as error:
            return ContactPayload(contact=None, errors=user_errors(error))
        ctx.loaders.contact_by_id.clear(viewer.id)
        row = await ctx.require_viewer()
        return ContactPayload(contact=Contact.from_row(row), errors=[])
