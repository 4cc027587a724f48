"""`signInWithSso` (storefront) and `storefrontSsoSecretRotate` (admin)."""

from __future__ import annotations

from uuid import UUID

import strawberry

from gateway.errors import Problem, ProblemError
from gateway.keyring import KeyUnavailable
from gateway.sso.secret import rotate_sso_secret
from gateway.sso.sign_in import sign_in_with_sso
from gateway.tenancy.settings import list_storefronts
from resolvers.auth import AuthPayload, CookieArg, auth_payload, caller
from resolvers.context import Context
from resolvers.errors import UserError, user_errors


@strawberry.type
class SsoMutation:
    @strawberry.mutation(
        description="Sign in with a token from the merchant's own site: a JWT signed HS256 "
        "with the storefront's SSO secret; claims email (required), name, iat, exp (at most "
        "10 minutes after iat), jti (single use). Makes a confirmed contact for a new address. "
        "Errors: TOKEN_INVALID (signature, expiry, reuse), NOT_ALLOWED (SSO not in "
        "loginMethods), EMAIL_INVALID."
    )
    async def sign_in_with_sso(
        self,
        info: strawberry.Info[Context, None],
        token: str,
        cookie: CookieArg = False,
    ) -> AuthPayload:
        ctx = info.context
        return await auth_payload(ctx, sign_in_with_sso(caller(ctx), token), cookie)


@strawberry.type
class StorefrontSsoSecretPayload:
    sso_secret: str | None = strawberry.field(
        description="The new secret; shown only here. The previous one stops working at once."
    )
    errors: list[UserError]


@strawberry.type
class AdminSsoMutation:
    @strawberry.mutation(
        description="Draw a new SSO secret for a storefront (the shop's first when left out)."
    )
    async def storefront_sso_secret_rotate(
        self, info: strawberry.Info[Context, None], storefront_id: strawberry.ID | None = None
    ) -> StorefrontSsoSecretPayload:
        ctx = info.context
        try:
            target = await _storefront_id(ctx, storefront_id)
            secret = await rotate_sso_secret(ctx.pool, ctx.services.settings, ctx.shop_id, target)
        except ProblemError as error:
            return StorefrontSsoSecretPayload(sso_secret=None, errors=user_errors(error))
        except KeyUnavailable:
            problem = Problem("UNAVAILABLE", None, "Set GATEWAY_SECRET_KEY on the gateway first.")
            return StorefrontSsoSecretPayload(sso_secret=None, errors=user_errors([problem]))
        return StorefrontSsoSecretPayload(sso_secret=secret, errors=[])


async def _storefront_id(ctx: Context, raw: strawberry.ID | None) -> UUID:
    not_found = ProblemError(Problem("NOT_FOUND", ["storefrontId"], "There is no such storefront."))
    if raw is None:
        storefronts = await list_storefronts(ctx.pool, ctx.shop_id)
        if not storefronts:
            raise not_found
        return storefronts[0].id
    try:
        return UUID(str(raw))
    except ValueError:
        raise not_found from None
