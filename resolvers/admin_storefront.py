"""Admin `storefrontUpdate`: the storefront's sign-in and account settings."""

from __future__ import annotations

import strawberry

from gateway.errors import ProblemError
from gateway.tenancy.settings import StorefrontChanges, list_storefronts, update_storefront
from resolvers.context import Context
from resolvers.errors import UserError, user_errors
from resolvers.storefront import AccountCreation, LoginMethod, Storefront


@strawberry.input
class StorefrontSettingsInput:
    storefront_id: strawberry.ID | None = strawberry.field(
        default=None, description="Which storefront; the shop's first when left out."
    )
    login_methods: list[LoginMethod] | None = None
    require_login_for_catalogue: bool | None = None
    account_creation: AccountCreation | None = None
    sign_in_link_ttl_days: int | None = None
    default_locale: str | None = None
    invoice_download_enabled: bool | None = None
    account_url: str | None = strawberry.field(
        default=None, description='"" goes back to the hosted pages (/account/<handle>).'
    )
    cors_origins: list[str] | None = None
    handle: str | None = strawberry.field(
        default=None,
        description="1 to 40 of a-z, 0-9, inner hyphens; unique per gateway, else CONFLICT.",
    )
    logo_url: str | None = strawberry.field(default=None, description='http(s); "" clears.')
    accent_color: str | None = strawberry.field(default=None, description='#rrggbb; "" clears.')
    shop_url: str | None = strawberry.field(default=None, description='http(s); "" clears.')
    checkout_url: str | None = strawberry.field(
        default=None, description='http(s) with {checkoutId}; "" clears.'
    )
    return_window_days: int | None = strawberry.field(
        default=None, description="Days after the last shipment to ask for a return; 0: none."
    )


@strawberry.type
class StorefrontPayload:
    storefront: Storefront | None
    errors: list[UserError]


@strawberry.type
class AdminStorefrontMutation:
    @strawberry.mutation(description="Change a storefront's settings.")
    async def storefront_update(
        self, info: strawberry.Info[Context, None], input: StorefrontSettingsInput
    ) -> StorefrontPayload:
        ctx = info.context
        changes = StorefrontChanges(
            storefront_id=str(input.storefront_id) if input.storefront_id else None,
            login_methods=[m.value for m in input.login_methods]
            if input.login_methods is not None
            else None,
            require_login_for_catalogue=input.require_login_for_catalogue,
            account_creation=input.account_creation.value if input.account_creation else None,
            sign_in_link_ttl_days=input.sign_in_link_ttl_days,
            default_locale=input.default_locale,
            invoice_download_enabled=input.invoice_download_enabled,
            account_url=input.account_url,
            cors_origins=input.cors_origins,
            handle=input.handle,
            logo_url=input.logo_url,
            accent_color=input.accent_color,
            shop_url=input.shop_url,
            checkout_url=input.checkout_url,
            return_window_days=input.return_window_days,
        )
        try:
            row = await update_storefront(ctx.pool, ctx.shop_id, changes)
        except ProblemError as error:
            return StorefrontPayload(storefront=None, errors=user_errors(error))
        ctx.services.storefront_keys.forget(row.id)
        return StorefrontPayload(storefront=Storefront.from_row(row), errors=[])


@strawberry.type
class AdminStorefrontQuery:
    @strawberry.field(description="The shop's storefronts and their settings.")
    async def storefronts(self, info: strawberry.Info[Context, None]) -> list[Storefront]:
        ctx = info.context
        return [Storefront.from_row(r) for r in await list_storefronts(ctx.pool, ctx.shop_id)]
