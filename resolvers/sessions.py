"""Sessions: the Session a sign-in returns, the viewer's sessions, logout and signing out."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import strawberry

from gateway.accounts import session_management as domain
from gateway.accounts.sessions import NewSession
from gateway.db.identity import SessionRow
from gateway.errors import Problem
from gateway.web.cookies import session_cookie_name
from resolvers.context import Context
from resolvers.errors import UserError, user_errors


@strawberry.type
class Session:
    token: str
    expires_at: datetime

    @classmethod
    def from_new(cls, session: NewSession) -> Session:
        return cls(token=session.token, expires_at=session.expires_at)


@strawberry.type(description="A device or browser where the contact is signed in.")
class ContactSession:
    id: strawberry.ID
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    user_agent: str | None
    current: bool = strawberry.field(description="True for the session making this request.")

    @classmethod
    def from_row(cls, row: SessionRow, current_id: UUID | None) -> ContactSession:
        return cls(
            id=strawberry.ID(str(row.id)),
            created_at=row.created_at,
            last_used_at=row.last_used_at,
            expires_at=row.expires_at,
            user_agent=row.user_agent,
            current=row.id == current_id,
        )


def remember_session(ctx: Context, session: NewSession, cookie: bool) -> Session:
    """The Session for a payload; with `cookie`, also an HttpOnly, SameSite=Lax cookie."""
    if cookie:
        ctx.response.set_cookie(
            session_cookie_name(ctx.request, ctx.settings),
            session.token,
            max_age=ctx.settings.session_ttl_days * 86400,
            httponly=True,
            secure=ctx.settings.cookie_secure,
            samesite="lax",
            path="/",
        )
    return Session.from_new(session)


def forget_cookie(ctx: Context) -> None:
    name = session_cookie_name(ctx.request, ctx.settings)
    if name in ctx.request.cookies:
        ctx.response.delete_cookie(
            name,
            path="/",
            httponly=True,
            secure=ctx.settings.cookie_secure,
            samesite="lax",
        )


async def viewer_sessions(ctx: Context, contact_id: UUID) -> list[ContactSession]:
    """The live sessions of `contact_id`, only when that is the viewer (else empty)."""
    session = await ctx.session()
    if session is None or session.contact_id != contact_id:
        return []
    rows = await domain.list_sessions(ctx.pool, ctx.shop_id, contact_id)
    return [ContactSession.from_row(r, session.id) for r in rows]


@strawberry.type
class LogoutPayload:
    errors: list[UserError]


@strawberry.type
class SignOutPayload:
    revoked_count: int
    errors: list[UserError]


@strawberry.type
class SessionMutation:
    @strawberry.mutation(description="Revoke the current session (and clear its cookie).")
    async def logout(self, info: strawberry.Info[Context, None]) -> LogoutPayload:
        ctx = info.context
        session = await ctx.session()
        if session is not None:
            await domain.logout(ctx.pool, ctx.shop_id, session.id)
        ctx.forget_session()
        forget_cookie(ctx)
        return LogoutPayload(errors=[])

    @strawberry.mutation(description="Revoke every session of the viewer except this one.")
    async def sign_out_everywhere_else(
        self, info: strawberry.Info[Context, None]
    ) -> SignOutPayload:
        ctx = info.context
        contact = await ctx.require_viewer()
        session = await ctx.session()
        assert session is not None
        count = await domain.sign_out_everywhere_else(ctx.pool, ctx.shop_id, contact.id, session.id)
        return SignOutPayload(revoked_count=count, errors=[])

    @strawberry.mutation(description="Revoke one of the viewer's sessions (see viewer.sessions).")
    async def session_revoke(
        self, info: strawberry.Info[Context, None], id: strawberry.ID
    ) -> SignOutPayload:
        ctx = info.context
        contact = await ctx.require_viewer()
        try:
            session_id = UUID(str(id))
        except ValueError:
            session_id = None
        if session_id is None or not await domain.revoke_one(
            ctx.pool, ctx.shop_id, contact.id, session_id
        ):
            problem = Problem("NOT_FOUND", ["id"], "There is no such session.")
            return SignOutPayload(revoked_count=0, errors=user_errors([problem]))
        current = await ctx.session()
        if current is not None and current.id == session_id:
            ctx.forget_session()
            forget_cookie(ctx)
        return SignOutPayload(revoked_count=1, errors=[])
