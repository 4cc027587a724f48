"""The per-request context every resolver sees."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

import asyncpg
from starlette.requests import Request
from starlette.responses import Response

from gateway.accounts.sessions import ActiveSession, resolve_session
from gateway.config import Settings
from gateway.db.contacts import Contact
from gateway.db.shops import Storefront
from gateway.errors import Unauthenticated
from gateway.services import Services
from loaders.connection import RequestConnection
from loaders.registry import Loaders

_UNSET = object()


@dataclass
class Context:
    request: Request
    response: Response
    services: Services
    shop_id: UUID
    storefront: Storefront | None  # None on the admin API
    client_ip: str
    session_token: str | None = None
    loaders: Loaders = field(init=False)
    connection: RequestConnection = field(init=False)  # shared by loaders, released at the end
    _session: object = field(default=_UNSET, init=False)

    def __post_init__(self) -> None:
        self.connection = RequestConnection(self.services.pool)
        self.loaders = Loaders(self.connection, self.shop_id)

    async def aclose(self) -> None:
        """The request is answered: give its connection back."""
        await self.connection.release()

    @property
    def pool(self) -> asyncpg.Pool:
        return self.services.pool

    @property
    def settings(self) -> Settings:
        return self.services.settings

    @property
    def user_agent(self) -> str | None:
        return self.request.headers.get("user-agent")

    def require_storefront(self) -> Storefront:
        assert self.storefront is not None, "storefront API only"
        return self.storefront

    async def session(self) -> ActiveSession | None:
        if self._session is _UNSET:
            found = None
            if self.session_token and self.storefront is not None:
                found = await resolve_session(
                    self.connection,  # type: ignore[arg-type] - the pool calls it makes
                    self.shop_id,
                    self.session_token,
                    self.settings.session_ttl_days,
                )
            self._session = found
        return self._session  # type: ignore[return-value]

    def forget_session(self) -> None:
        self._session = None

    async def viewer_id(self) -> UUID | None:
        session = await self.session()
        return session.contact_id if session else None

    async def viewer(self) -> Contact | None:
        contact_id = await self.viewer_id()
        if contact_id is None:
            return None
        return await self.loaders.contact_by_id.load(contact_id)

    async def require_viewer(self) -> Contact:
        contact = await self.viewer()
        if contact is None:
            raise Unauthenticated()
        return contact
