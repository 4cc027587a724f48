"""exportMyData, requestAccountDeletion, confirmAccountDeletion."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from gateway.errors import ProblemError
from gateway.privacy.deletion import confirm_account_deletion, request_account_deletion
from gateway.privacy.export import export_my_data
from resolvers.context import Context
from resolvers.errors import UserError, user_errors
from resolvers.pagination import require_viewer_id


@strawberry.type
class RequestAccountDeletionPayload:
    errors: list[UserError]


@strawberry.type
class ConfirmAccountDeletionPayload:
    errors: list[UserError]


@strawberry.type
class PrivacyQuery:
    @strawberry.field(description="Everything the gateway holds about the signed-in contact.")
    async def export_my_data(self, info: strawberry.Info[Context, None]) -> JSON:
        ctx = info.context
        contact_id = await require_viewer_id(ctx)
        return await export_my_data(ctx.pool, ctx.shop_id, contact_id)


@strawberry.type
class PrivacyMutation:
    @strawberry.mutation(description="Mail a link that confirms deleting the account.")
    async def request_account_deletion(
        self, info: strawberry.Info[Context, None]
    ) -> RequestAccountDeletionPayload:
        ctx = info.context
        viewer = await ctx.require_viewer()
        await request_account_deletion(ctx.pool, ctx.require_storefront(), viewer)
        ctx.services.mail_wakeup.set()
        return RequestAccountDeletionPayload(errors=[])

    @strawberry.mutation(
        description="Anonymise the account named by the token; signs it out everywhere."
    )
    async def confirm_account_deletion(
        self, info: strawberry.Info[Context, None], token: str
    ) -> ConfirmAccountDeletionPayload:
        ctx = info.context
        try:
            await confirm_account_deletion(ctx.pool, ctx.shop_id, token)
        except ProblemError as error:
            return ConfirmAccountDeletionPayload(errors=user_errors(error))
        ctx.forget_session()
        return ConfirmAccountDeletionPayload(errors=[])
