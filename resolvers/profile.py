"""updateProfile, updatePreferences, e-mail change, and what a confirm link is for."""

from __future__ import annotations

from enum import Enum

import strawberry

from gateway.errors import ProblemError
from gateway.profile import email_change
from gateway.profile.confirmations import confirmation_kind
from gateway.profile.profile import ProfileChanges, update_preferences, update_profile
from resolvers.account_fields import PreferencesInput
from resolvers.contact import Contact
from resolvers.context import Context
from resolvers.errors import UserError, user_errors


@strawberry.input
class ProfileInput:
    full_name: str | None = None
    phone: str | None = strawberry.field(default=None, description='"" clears it.')
    locale: str | None = strawberry.field(default=None, description="nl or en.")
    vat_number: str | None = strawberry.field(
        default=None, description='Stored normalised, e.g. NL004495445B01; "" clears it.'
    )


@strawberry.type
class ContactPayload:
    contact: Contact | None
    errors: list[UserError]


@strawberry.type
class RequestEmailChangePayload:
    errors: list[UserError]


@strawberry.type
class ConfirmEmailChangePayload:
    email: str | None = strawberry.field(description="The address now in use.")
    errors: list[UserError]


@strawberry.enum
class ConfirmationKind(Enum):
    EMAIL_CHANGE = "EMAIL_CHANGE"
    ACCOUNT_DELETION = "ACCOUNT_DELETION"


@strawberry.type
class ProfileMutation:
    @strawberry.mutation(description="Change name, phone, locale or VAT number.")
    async def update_profile(
        self, info: strawberry.Info[Context, None], input: ProfileInput
    ) -> ContactPayload:
        ctx = info.context
        viewer = await ctx.require_viewer()
        changes = ProfileChanges(input.full_name, input.phone, input.locale, input.vat_number)
        try:
            row = await update_profile(ctx.pool, ctx.shop_id, viewer.id, changes)
        except ProblemError as error:
            return ContactPayload(contact=None, errors=user_errors(error))
        return ContactPayload(contact=Contact.from_row(row), errors=[])

    @strawberry.mutation(description="Change preferences; fields left out stay as they are.")
    async def update_preferences(
        self, info: strawberry.Info[Context, None], input: PreferencesInput
    ) -> ContactPayload:
        ctx = info.context
        viewer = await ctx.require_viewer()
        changes = {"newsletter": input.newsletter, "reviewRequests": input.review_requests}
        try:
            row = await update_preferences(ctx.pool, ctx.shop_id, viewer.id, changes)
        except ProblemError as error:
            return ContactPayload(contact=None, errors=user_errors(error))
        return ContactPayload(contact=Contact.from_row(row), errors=[])

    @strawberry.mutation(
        description="Mail a confirmation link to the new address (a notice to the old one); "
        "currentPassword is required when the account has a password."
    )
    async def request_email_change(
        self,
        info: strawberry.Info[Context, None],
        new_email: str,
        current_password: str | None = None,
    ) -> RequestEmailChangePayload:
        ctx = info.context
        viewer = await ctx.require_viewer()
        try:
            await email_change.request_email_change(
                ctx.pool,
                ctx.services.passwords,
                ctx.require_storefront(),
                viewer,
                new_email,
                current_password,
            )
        except ProblemError as error:
            return RequestEmailChangePayload(errors=user_errors(error))
        ctx.services.mail_wakeup.set()
        return RequestEmailChangePayload(errors=[])

    @strawberry.mutation(
        description="Apply an e-mail change with the token from its link. Ends every other "
        "session of the account (the caller's own, if it is the account's, stays) and every "
        "outstanding mailed link; both addresses are told."
    )
    async def confirm_email_change(
        self, info: strawberry.Info[Context, None], token: str
    ) -> ConfirmEmailChangePayload:
        ctx = info.context
        try:
            row = await email_change.confirm_email_change(
                ctx.pool, ctx.require_storefront(), token, await ctx.session()
            )
        except ProblemError as error:
            return ConfirmEmailChangePayload(email=None, errors=user_errors(error))
        ctx.services.mail_wakeup.set()
        return ConfirmEmailChangePayload(email=row.email, errors=[])


@strawberry.type
class ConfirmationQuery:
    @strawberry.field(
        description="What a /confirm link's token is for (e-mail change, account deletion), "
        "without using it; null for anything else (then call confirmEmail)."
    )
    async def confirmation_kind(
        self, info: strawberry.Info[Context, None], token: str
    ) -> ConfirmationKind | None:
        ctx = info.context
        kind = await confirmation_kind(ctx.pool, ctx.shop_id, token)
        return ConfirmationKind(kind) if kind else None
