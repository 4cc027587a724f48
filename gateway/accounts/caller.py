"""Who asks: the storefront, the client's IP and user agent, and the process services."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from uuid import UUID

import asyncpg

from gateway.accounts.sessions import NewSession, create_session
from gateway.config import Settings
from gateway.db.contacts import Contact
from gateway.db.shops import Storefront
from gateway.errors import Problem, ProblemError
from gateway.services import Services


@dataclass(frozen=True)
class Caller:
    services: Services
    storefront: Storefront
    ip: str
    user_agent: str | None = None

    @property
    def shop_id(self) -> UUID:
        return self.storefront.shop_id

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def pool(self) -> asyncpg.Pool:
        return self.services.pool

    def mail_queued(self) -> None:
        """Wake the sender; call after the transaction that queued a mail has committed."""
        self.services.mail_wakeup.set()

    async def open_session(self, conn: asyncpg.Connection, contact_id: UUID) -> NewSession:
        return await create_session(
            conn,
            self.shop_id,
            contact_id,
            self.settings.session_ttl_days,
            self.user_agent,
            inet_or_none(self.ip),
        )

    def require_login_method(self, method: str, field: str) -> None:
        if method not in self.storefront.login_methods:
            label = _METHOD_LABELS.get(method, method)
            raise ProblemError(
                Problem("NOT_ALLOWED", [field], f"This shop does not offer sign-in by {label}.")
            )


_METHOD_LABELS = {
    "PASSWORD": "password",
    "SIGN_IN_LINK": "mailed link",
    "SSO": "the shop's own site (SSO)",
    "OPENID_CONNECT": "OpenID Connect",
}


@dataclass(frozen=True)
class SignedIn:
    contact: Contact
    session: NewSession


def inet_or_none(raw: str | None) -> str | None:
    if not raw:
        return None
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        return None


TOKEN_INVALID = Problem(
    "TOKEN_INVALID", ["token"], "This link is not valid (any more). Ask for a new one."
)
