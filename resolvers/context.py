"""The per-request context every resolver sees."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

import asyncpg
from starlette.requests import Request
from starlette.responses import Response

from gateway.accounts.fair_gate import HASHING_CLIENT
from gateway.accounts.sessions import ActiveSession, resolve_viewer
from gateway.config import Settings
from gateway.db.contacts import Contact
from gateway.db.pricing import PriceTerms
from gateway.db.shops import Storefront
from gateway.db.tenant_scope import bind_shop, unbind
from gateway.errors import Unauthenticated
from gateway.pricing.prices import ANONYMOUS, NO_TERMS, Pricer, pricer_for, pricer_with_terms
from gateway.services import Services
from loaders.account import CustomerGroupByIdLoader
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
    # The viewer's price terms, read with the session (None: not known yet).
    viewer_price_terms: PriceTerms | None = field(default=None, init=False)
    # The organisation the viewer's session acts for, and the viewer's role in it.
    viewer_organisation_id: UUID | None = field(default=None, init=False)
    viewer_organisation_role: str | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        # Password hashes done for this request take the client's turns (fair_gate.py).
        self._hashing_client = HASHING_CLIENT.set(self.client_ip)
        self.connection = RequestConnection(self.services.pool)
        self.loaders = Loaders(self.connection, self.shop_id)
        # Row-level security: from here on this request's SQL sees only its shop's rows
        # (gateway/db/tenant_scope.py); the context is made in the task that runs the request.
        self._shop_binding = bind_shop(self.shop_id)

    async def aclose(self) -> None:
        """The request is answered: give its connection back, end the shop binding."""
        try:
            await self.connection.release()
        finally:
            unbind(self._shop_binding)
            try:
                HASHING_CLIENT.reset(self._hashing_client)
            except ValueError:  # set in another context (a copy): end it here all the same
                HASHING_CLIENT.set(None)

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
                async with self.connection.acquire() as conn:
                    viewer = await resolve_viewer(
                        conn,
                        self.shop_id,
                        self.session_token,
                        self.settings.session_ttl_days,
                        self.services.session_touches,
                    )
                if viewer is not None:
                    # What the viewer's first fields read came with the session: prime them.
                    found = viewer.session
                    contact = viewer.row.contact
                    self.loaders.contact_by_id.prime(contact.id, contact)
                    group = viewer.row.customer_group
                    if group is not None:
                        self.loaders.get(CustomerGroupByIdLoader).prime(group.id, group)
                    self.viewer_price_terms = viewer.row.price_terms
                    self.viewer_organisation_id = viewer.row.organisation_id
                    self.viewer_organisation_role = viewer.row.organisation_role
            self._session = found
        return self._session  # type: ignore[return-value]

    def reload_session(self) -> None:
        """Read the session again on next use (it changed during this request)."""
        self._session = _UNSET
        self.viewer_price_terms = None
        self.viewer_organisation_id = None
        self.viewer_organisation_role = None

    def forget_session(self) -> None:
        self._session = None
        self.viewer_price_terms = None
        self.viewer_organisation_id = None
        self.viewer_organisation_role = None

    async def viewer_id(self) -> UUID | None:
        session = await self.session()
        return session.contact_id if session else None

    async def viewer(self) -> Contact | None:
        contact_id = await self.viewer_id()
        if contact_id is None:
            return None
        return await self.loaders.contact_by_id.load(contact_id)

    async def viewer_pricer(self, skus: list[str]) -> Pricer:
        """Prices of these SKUs for the viewer (anonymous prices when nobody is signed in),
        reusing the terms read with the session instead of asking for them again."""
        viewer_id = await self.viewer_id()  # before taking the connection: it may need it
        if viewer_id is None:
            return ANONYMOUS
        async with self.connection.acquire() as conn:
            if self.viewer_price_terms is not None:
                return await pricer_with_terms(conn, self.shop_id, self.viewer_price_terms, skus)
            return await pricer_for(
                conn, self.shop_id, viewer_id, skus, self.viewer_organisation_id
            )

    async def viewer_terms(self) -> PriceTerms:
        """The viewer's price terms (no discount and no price list when nobody is signed in)."""
        if await self.viewer_id() is None:
            return NO_TERMS
        return self.viewer_price_terms or NO_TERMS

    async def acting_for(self) -> tuple[UUID | None, UUID | None]:
        """(the signed-in contact, the organisation its session acts for); Nones if anonymous."""
        viewer_id = await self.viewer_id()
        return viewer_id, self.viewer_organisation_id if viewer_id else None

    async def require_catalogue_access(self) -> None:
        """A storefront with `requireLoginForCatalogue` shows no price to anonymous callers:
        every price-bearing field calls this first (UNAUTHENTICATED without a session)."""
        storefront = self.storefront
        members_only = storefront is not None and storefront.require_login_for_catalogue
        if members_only and await self.viewer_id() is None:
            raise Unauthenticated()

    async def require_viewer(self) -> Contact:
        contact = await self.viewer()
        if contact is None:
            raise Unauthenticated()
        return contact
