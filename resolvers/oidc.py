"""OpenID Connect providers: admin `openIdProviderSet`, `openIdProviderRemove`,
`openIdProviders`; storefront `openIdProviders` (the buttons to draw, with their start URLs)."""

from __future__ import annotations

import strawberry

from gateway.db.oidc import Provider
from gateway.errors import Problem, ProblemError
from gateway.keyring import KeyUnavailable
from gateway.oidc.flow import CALLBACK_PATH
from gateway.oidc.providers import ProviderSettings, list_providers, remove_provider, set_provider
from resolvers.context import Context
from resolvers.errors import UserError, user_errors


def _base_url(ctx: Context) -> str:
    return ctx.services.settings.public_url or str(ctx.request.base_url).rstrip("/")


@strawberry.type
class OpenIdProvider:
    id: strawberry.ID
    name: str = strawberry.field(description="Short name, e.g. google.")
    issuer: str
    client_id: str
    start_url: str = strawberry.field(
        description="Send the customer's browser here (a link or button) to sign in; it ends "
        "at <accountUrl>/sign-in?token=... (call signInWithLink) or ?error=<reason>."
    )

    @classmethod
    def of(cls, row: Provider, base_url: str) -> OpenIdProvider:
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            issuer=row.issuer,
            client_id=row.client_id,
            start_url=f"{base_url}/auth/oidc/{row.id}/start",
        )


@strawberry.input
class OpenIdProviderInput:
    name: str
    issuer: str
    client_id: str
    client_secret: str
    storefront_id: strawberry.ID | None = strawberry.field(
        default=None, description="Which storefront; the shop's first when left out."
    )


@strawberry.type
class OpenIdProviderPayload:
    provider: OpenIdProvider | None
    redirect_uri: str | None = strawberry.field(
        description="Register this redirect URI with the provider."
    )
    errors: list[UserError]


@strawberry.type
class AdminOpenIdMutation:
    @strawberry.mutation(
        description="Add or replace (by name) a storefront's OpenID Connect provider; reads "
        "its discovery document, keeps the client secret encrypted and adds OPENID_CONNECT "
        "to the storefront's loginMethods. INVALID when the issuer cannot be discovered."
    )
    async def open_id_provider_set(
        self, info: strawberry.Info[Context, None], input: OpenIdProviderInput
    ) -> OpenIdProviderPayload:
        ctx = info.context
        given = ProviderSettings(
            name=input.name,
            issuer=input.issuer,
            client_id=input.client_id,
            client_secret=input.client_secret,
            storefront_id=str(input.storefront_id) if input.storefront_id is not None else None,
        )
        try:
            row = await set_provider(ctx.pool, ctx.services.settings, ctx.shop_id, given)
        except ProblemError as error:
            return OpenIdProviderPayload(
                provider=None, redirect_uri=None, errors=user_errors(error)
            )
        except KeyUnavailable:
            problem = Problem("UNAVAILABLE", None, "Set GATEWAY_SECRET_KEY on the gateway first.")
            return OpenIdProviderPayload(
                provider=None, redirect_uri=None, errors=user_errors([problem])
            )
        base = _base_url(ctx)
        return OpenIdProviderPayload(
            provider=OpenIdProvider.of(row, base), redirect_uri=base + CALLBACK_PATH, errors=[]
        )

    @strawberry.mutation(description="Remove an OpenID Connect provider.")
    async def open_id_provider_remove(
        self, info: strawberry.Info[Context, None], id: strawberry.ID
    ) -> OpenIdProviderPayload:
        ctx = info.context
        try:
            await remove_provider(ctx.pool, ctx.shop_id, str(id))
        except ProblemError as error:
            return OpenIdProviderPayload(
                provider=None, redirect_uri=None, errors=user_errors(error)
            )
        return OpenIdProviderPayload(provider=None, redirect_uri=None, errors=[])


@strawberry.type
class AdminOpenIdQuery:
    @strawberry.field(description="The shop's OpenID Connect providers, every storefront's.")
    async def open_id_providers(self, info: strawberry.Info[Context, None]) -> list[OpenIdProvider]:
        ctx = info.context
        base = _base_url(ctx)
        return [OpenIdProvider.of(r, base) for r in await list_providers(ctx.pool, ctx.shop_id)]


@strawberry.type
class StorefrontOpenIdQuery:
    @strawberry.field(
        description="This storefront's OpenID Connect providers (empty unless OPENID_CONNECT "
        "is in loginMethods)."
    )
    async def open_id_providers(self, info: strawberry.Info[Context, None]) -> list[OpenIdProvider]:
        ctx = info.context
        storefront = ctx.require_storefront()
        if "OPENID_CONNECT" not in storefront.login_methods:
            return []
        rows = await list_providers(ctx.pool, ctx.shop_id, storefront.id)
        base = _base_url(ctx)
        return [OpenIdProvider.of(r, base) for r in rows]
