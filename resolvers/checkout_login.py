"""`checkoutLogin`: sign in during checkout; the saved details fill the checkout."""

from __future__ import annotations

import strawberry

from gateway.checkout.login import checkout_login
from gateway.errors import ProblemError
from resolvers.auth import CookieArg, caller, problems
from resolvers.checkout import Checkout
from resolvers.contact import Contact
from resolvers.context import Context
from resolvers.errors import UserError
from resolvers.sessions import Session, remember_session


@strawberry.type
class CheckoutLoginPayload:
    session: Session | None
    checkout: Checkout | None
    contact: Contact | None
    errors: list[UserError]


@strawberry.type
class CheckoutLoginMutation:
    @strawberry.mutation(
        description="Sign in during checkout (same rules and limits as login); the account's "
        "saved name, e-mail, phone and default addresses fill the checkout."
    )
    async def checkout_login(
        self,
        info: strawberry.Info[Context, None],
        checkout_id: strawberry.ID,
        email: str,
        password: str,
        cookie: CookieArg = False,
    ) -> CheckoutLoginPayload:
        ctx = info.context
        try:
            result = await checkout_login(caller(ctx), str(checkout_id), email, password)
        except ProblemError as error:
            return CheckoutLoginPayload(
                session=None, checkout=None, contact=None, errors=problems(ctx, error)
            )
        ctx.forget_session()
        return CheckoutLoginPayload(
            session=remember_session(ctx, result.signed_in.session, cookie),
            checkout=Checkout.from_priced(result.checkout),
            contact=Contact.from_row(result.signed_in.contact),
            errors=[],
        )
