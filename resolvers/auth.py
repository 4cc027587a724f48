"""Identity mutations: register, confirm, sign in by password or link, reset and change."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Annotated

import strawberry

from gateway.accounts import login as login_domain
from gateway.accounts import registration, reset, sign_in_links
from gateway.accounts.caller import Caller, SignedIn
from gateway.errors import ProblemError, RateLimited
from resolvers.contact import Contact
from resolvers.context import Context
from resolvers.errors import UserError, user_errors
from resolvers.sessions import Session, remember_session

CookieArg = Annotated[
    bool,
    strawberry.argument(description="Also set the session as an HttpOnly cookie (browsers)."),
]


@strawberry.input
class RegisterInput:
    email: str
    password: str
    full_name: str
    locale: str | None = None


@strawberry.type
class RegisterPayload:
    contact: Contact | None
    errors: list[UserError]


@strawberry.type
class AuthPayload:
    session: Session | None
    contact: Contact | None
    errors: list[UserError]


@strawberry.type
class RequestSignInLinkPayload:
    errors: list[UserError]


@strawberry.type
class RequestPasswordResetPayload:
    errors: list[UserError]


@strawberry.type
class ResendConfirmationPayload:
    errors: list[UserError]


@strawberry.type
class ChangePasswordPayload:
    contact: Contact | None
    errors: list[UserError]


def caller(ctx: Context) -> Caller:
    return Caller(ctx.services, ctx.require_storefront(), ctx.client_ip, ctx.user_agent)


def problems(ctx: Context, error: ProblemError) -> list[UserError]:
    """The payload errors; a rate limit also answers with a Retry-After header."""
    if isinstance(error, RateLimited):
        ctx.response.headers["Retry-After"] = str(error.retry_after_seconds)
    return user_errors(error)


async def auth_payload(ctx: Context, work: Awaitable[SignedIn], cookie: bool) -> AuthPayload:
    try:
        signed_in = await work
    except ProblemError as error:
        return AuthPayload(session=None, contact=None, errors=problems(ctx, error))
    ctx.forget_session()
    return AuthPayload(
        session=remember_session(ctx, signed_in.session, cookie),
        contact=Contact.from_row(signed_in.contact),
        errors=[],
    )


async def errors_of(ctx: Context, work: Awaitable[None]) -> list[UserError]:
    try:
        await work
    except ProblemError as error:
        return problems(ctx, error)
    return []


@strawberry.type
class AuthMutation:
    @strawberry.mutation(description="Sign up; sends a mail to confirm the address.")
    async def register(
        self, info: strawberry.Info[Context, None], input: RegisterInput
    ) -> RegisterPayload:
        ctx = info.context
        form = registration.Registration(input.email, input.password, input.full_name, input.locale)
        try:
            contact = await registration.register(caller(ctx), form)
        except ProblemError as error:
            return RegisterPayload(contact=None, errors=problems(ctx, error))
        return RegisterPayload(contact=Contact.from_row(contact), errors=[])

    @strawberry.mutation(description="Mail a new confirmation link; answers alike always.")
    async def resend_confirmation(
        self, info: strawberry.Info[Context, None], email: str
    ) -> ResendConfirmationPayload:
        ctx = info.context
        work = registration.resend_confirmation(caller(ctx), email)
        return ResendConfirmationPayload(errors=await errors_of(ctx, work))

    @strawberry.mutation(description="Confirm the e-mail address and sign in.")
    async def confirm_email(
        self,
        info: strawberry.Info[Context, None],
        token: str,
        cookie: CookieArg = False,
    ) -> AuthPayload:
        ctx = info.context
        return await auth_payload(ctx, registration.confirm_email(caller(ctx), token), cookie)

    @strawberry.mutation(description="Sign in with e-mail address and password.")
    async def login(
        self,
        info: strawberry.Info[Context, None],
        email: str,
        password: str,
        cookie: CookieArg = False,
    ) -> AuthPayload:
        ctx = info.context
        return await auth_payload(ctx, login_domain.login(caller(ctx), email, password), cookie)

    @strawberry.mutation(description="Mail a sign-in link; answers alike for any address.")
    async def request_sign_in_link(
        self, info: strawberry.Info[Context, None], email: str
    ) -> RequestSignInLinkPayload:
        ctx = info.context
        work = sign_in_links.request_sign_in_link(caller(ctx), email)
        return RequestSignInLinkPayload(errors=await errors_of(ctx, work))

    @strawberry.mutation(description="Sign in with a mailed link's token; works once.")
    async def sign_in_with_link(
        self,
        info: strawberry.Info[Context, None],
        token: str,
        cookie: CookieArg = False,
    ) -> AuthPayload:
        ctx = info.context
        work = sign_in_links.sign_in_with_link(caller(ctx), token)
        return await auth_payload(ctx, work, cookie)

    @strawberry.mutation(description="Mail a password reset link; answers alike for any address.")
    async def request_password_reset(
        self, info: strawberry.Info[Context, None], email: str
    ) -> RequestPasswordResetPayload:
        ctx = info.context
        work = reset.request_password_reset(caller(ctx), email)
        return RequestPasswordResetPayload(errors=await errors_of(ctx, work))

    @strawberry.mutation(
        description="Set a new password with a mailed token; confirms the address, signs in "
        "and signs out every other session."
    )
    async def reset_password(
        self,
        info: strawberry.Info[Context, None],
        token: str,
        password: str,
        cookie: CookieArg = False,
    ) -> AuthPayload:
        ctx = info.context
        work = reset.reset_password(caller(ctx), token, password)
        return await auth_payload(ctx, work, cookie)

    @strawberry.mutation(description="Change the password; signs out every other session.")
    async def change_password(
        self, info: strawberry.Info[Context, None], current_password: str, new_password: str
    ) -> ChangePasswordPayload:
        ctx = info.context
        viewer = await ctx.require_viewer()
        session = await ctx.session()
        assert session is not None
        try:
            contact = await reset.change_password(
                caller(ctx), viewer.id, session.id, current_password, new_password
            )
        except ProblemError as error:
            return ChangePasswordPayload(contact=None, errors=problems(ctx, error))
        return ChangePasswordPayload(contact=Contact.from_row(contact), errors=[])
