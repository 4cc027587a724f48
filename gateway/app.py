"""The Starlette application: lifespan (pool, services, mail sender) and routes."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gateway.config import Settings
from gateway.database import create_pool, migrate, ping
from gateway.db.shops import private_secret_matches
from gateway.gateway_secrets import warm_gateway_secrets
from gateway.invoices.download import DownloadRefused, invoice_pdf
from gateway.mail.mailbox import mailbox
from gateway.mail.sender import MailSender
from gateway.maintenance import Housekeeper
from gateway.secrets import hash_token
from gateway.services import Services
from gateway.tenancy.shops import shop_for_admin_key
from gateway.validation import configure_email_rules
from gateway.web.access_log import install_access_log_redaction
from gateway.web.admin_examples import ADMIN_EXAMPLES
from gateway.web.budget import Budget
from gateway.web.clients import bearer_token, client_ip, session_token
from gateway.web.cookies import own_origin, refuse_cross_site
from gateway.web.cors import OriginRegistry, PreflightMiddleware, cors_headers, origin_allowed
from gateway.web.direct import DirectGraphQLApp
from gateway.web.documents import DocumentCache
from gateway.web.endpoint import GraphQLEndpoint, HTTPProblem
from gateway.web.examples import STOREFRONT_EXAMPLES
from gateway.web.explorer_assets import serve_asset
from gateway.web.fast_fields import fast_executor, plain_fields, shared_types
from gateway.web.gc_tuning import tune_gc
from gateway.web.graphiql import graphiql_page
from gateway.web.guard import http_refusal, request_guard, unexpected_failure
from gateway.web.home import home_page
from gateway.web.metrics import metrics_route
from gateway.web.oidc_routes import oidc_callback, oidc_start
from gateway.web.url_text import UrlTextGuard
from pages import account_pages

log = logging.getLogger("gateway")

BUYER_IP_HEADER = "x-buyer-ip"
PRIVATE_SECRET_HEADER = "x-storefront-private-secret"


def _documents(schema: Any, settings: Settings, admin: bool = False) -> DocumentCache:
    from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
    from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

    return DocumentCache(
        schema._schema,
        max_depth=settings.max_query_depth,
        max_aliases=settings.max_aliases,
        max_tokens=settings.max_tokens,
        introspection=settings.introspection,
        hide_suggestions=settings.production,
        extra_rules=(MaybeNullValidationRule, OneOfInputValidationRule),
        max_bytes=settings.document_cache_bytes,
        budget=Budget(
            settings.max_document_bytes, settings.max_document_fields, settings.max_field_pairs
        ),
        max_cost=settings.admin_max_cost if admin else settings.max_cost,
        max_page_size=settings.max_page_size,
    )


def _start_mail_sender(settings: Settings, svc: Services) -> MailSender | None:
    if not (settings.mail_sender_enabled and settings.smtp_url):
        return None
    sender = MailSender(svc.pool, settings, svc.mail_wakeup)
    sender.start()
    return sender


def create_app(settings: Settings | None = None, pool: asyncpg.Pool | None = None) -> Starlette:
    """Build the app; with `pool` given (tests) the caller owns the pool and its migrations."""
    from resolvers.context import Context
    from resolvers.schema import admin_schema, storefront_schema

    if settings is None:  # e.g. `uvicorn --factory gateway.app:create_app`
        settings = Settings.from_env()
        if settings.production_problems():
            raise RuntimeError(" ".join(settings.production_problems()))
    configure_email_rules(production=settings.production)
    install_access_log_redaction()  # no tokens from query strings in uvicorn's access log
    state: dict[str, Services] = {}

    def services() -> Services:
        return state["services"]

    def pool_or_none() -> asyncpg.Pool | None:
        svc = state.get("services")
        return svc.pool if svc is not None else None

    async def storefront_context(request: Request, response: Response) -> Context:
        svc = services()
        storefront = await svc.storefront_keys.resolve(request.headers.get("x-storefront-key"))
        if storefront is None:
            raise HTTPProblem(
                401,
                "Send a valid storefront key in the X-Storefront-Key header.",
                "STOREFRONT_KEY_INVALID",
            )
        token = session_token(request, settings)
        origin = request.headers.get("origin")
        origin_ok = True
        if origin:
            origin_ok = origin_allowed(origin, storefront.cors_origins, not settings.production)
            if origin_ok:
                response.headers.update(cors_headers(origin))
            origin_ok = origin_ok or own_origin(request, origin, settings)
        if token and bearer_token(request) is None:
            refuse_cross_site(request, origin_ok)  # a cookie session from another site: 403
        ip = client_ip(request, settings)
        buyer_ip = request.headers.get(BUYER_IP_HEADER)
        secret = request.headers.get(PRIVATE_SECRET_HEADER)
        if buyer_ip and secret and storefront.has_private_secret:
            async with svc.pool.acquire() as conn:
                if await private_secret_matches(conn, storefront.id, hash_token(secret)):
                    ip = buyer_ip.strip()[:64]
        return Context(
            request=request,
            response=response,
            services=svc,
            shop_id=storefront.shop_id,
            storefront=storefront,
            client_ip=ip,
            session_token=token,
        )

    async def account_pages_context(request: Request, response: Response) -> Context:
        """The hosted pages' calls: the storefront their handle names, their cookie's session."""
        storefront = request.state.account_storefront
        return Context(
            request=request,
            response=response,
            services=services(),
            shop_id=storefront.shop_id,
            storefront=storefront,
            client_ip=client_ip(request, settings),
            session_token=request.state.account_session,
        )

    async def admin_context(request: Request, response: Response) -> Context:
        svc = services()
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        shop_id = await shop_for_admin_key(
            svc.pool, key.strip() if scheme.lower() == "bearer" else None
        )
        if shop_id is None:
            raise HTTPProblem(
                401, "Send a valid admin key as Authorization: Bearer <key>.", "ADMIN_KEY_INVALID"
            )
        return Context(
            request=request,
            response=response,
            services=svc,
            shop_id=shop_id,
            storefront=None,
            client_ip=client_ip(request, settings),
        )

    page = admin_page = None
    if settings.graphiql:
        page = graphiql_page(admin=False, endpoint="/graphql", examples=STOREFRONT_EXAMPLES)
        admin_page = graphiql_page(admin=True, endpoint="/admin/graphql", examples=ADMIN_EXAMPLES)
    storefront_endpoint = GraphQLEndpoint(
        _documents(storefront_schema, settings),
        storefront_context,
        graphiql_page=page,
        max_body_bytes=settings.max_body_bytes,
        hide_suggestions=settings.production,
        executor_class=fast_executor(
            plain_fields(storefront_schema._schema, "strawberry-definition"),
            shared_types(storefront_schema._schema, "strawberry-definition"),
        ),
        public_max_age=settings.public_max_age_seconds,
        max_response_bytes=settings.max_response_bytes,
        persisted_bytes=settings.persisted_query_bytes,
    )
    account_pages_endpoint = GraphQLEndpoint(
        storefront_endpoint.documents,
        account_pages_context,
        graphiql_page=None,
        max_body_bytes=settings.max_body_bytes,
        hide_suggestions=settings.production,
        executor_class=storefront_endpoint.executor_class,
        max_response_bytes=settings.max_response_bytes,
    )
    admin_endpoint = GraphQLEndpoint(
        _documents(admin_schema, settings, admin=True),
        admin_context,
        graphiql_page=admin_page,
        # contactsImport takes a CSV of up to import_max_bytes in one request.
        max_body_bytes=max(settings.max_body_bytes, settings.import_max_bytes + 64 * 1024),
        hide_suggestions=settings.production,
        admin=True,
        max_response_bytes=settings.max_response_bytes,
        persisted_bytes=settings.persisted_query_bytes,
    )

    def sdl(schema: Any) -> Any:
        printed: list[str] = []  # printed on first use

        async def serve(_: Request) -> Response:
            if not settings.introspection:
                return Response("Not found", status_code=404, media_type="text/plain")
            if not printed:
                printed.append(schema.as_str() + "\n")
            return Response(
                printed[0],
                media_type="text/plain; charset=utf-8",
                headers={"Cache-Control": "public, max-age=300"},
            )

        return serve

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> Response:
        svc = state.get("services")
        if svc is not None and await ping(svc.pool):
            return JSONResponse({"status": "ready"})
        return JSONResponse({"status": "database unavailable"}, status_code=503)

    async def invoice_download(request: Request) -> Response:
        """A signed, short-lived invoice URL (see gateway/invoices/links.py)."""
        params = request.query_params
        try:
            pdf = await invoice_pdf(
                services().pool,
                request.path_params["invoice_id"],
                params.get("expires"),
                params.get("sig", ""),
            )
        except DownloadRefused as refused:
            return Response(status_code=refused.status)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
        )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        own_pool = pool is None
        the_pool = pool if pool is not None else await create_pool(settings)
        try:
            if own_pool:
                async with the_pool.acquire() as conn:
                    await migrate(conn)
            await warm_gateway_secrets(the_pool)  # before any request: see its doc
            svc = Services.create(settings, the_pool)
            state["services"] = svc
            app.state.services = svc
            sender = _start_mail_sender(settings, svc)
            app.state.mail_sender = sender
            housekeeper = None
            if settings.housekeeping_interval_seconds > 0:
                housekeeper = Housekeeper(the_pool, settings.housekeeping_interval_seconds)
                housekeeper.start()
            if settings.env != "test":  # the test suite makes many apps in one process
                tune_gc()
            try:
                yield
            finally:
                if housekeeper is not None:
                    await housekeeper.stop()
                if sender is not None:
                    await sender.stop()
                await svc.session_touches.close()
                svc.close()
        finally:
            if own_pool:
                await the_pool.close()

    routes = [
        Route("/graphql", storefront_endpoint.handle, methods=["GET", "POST"]),
        Route("/admin/graphql", admin_endpoint.handle, methods=["GET", "POST"]),
        Route("/", home_page(settings), methods=["GET"]),
        Route("/schema.graphql", sdl(storefront_schema), methods=["GET"]),
        Route("/admin/schema.graphql", sdl(admin_schema), methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/metrics", metrics_route(settings, pool_or_none), methods=["GET"]),
        Route("/invoices/{invoice_id}.pdf", invoice_download, methods=["GET"]),
        Route("/dev/mailbox", mailbox, methods=["GET"]),
        Route("/auth/oidc/callback", oidc_callback, methods=["GET"]),
        Route("/auth/oidc/{provider_id}/start", oidc_start, methods=["GET"]),
        account_pages(account_pages_endpoint, settings, lambda: services().pool),
    ]
    if settings.graphiql:
        routes.append(Route("/explorer/assets/{version}/{name}", serve_asset, methods=["GET"]))
    app = DirectGraphQLApp(
        routes=routes,
        lifespan=lifespan,
        direct={"/graphql": storefront_endpoint.handle, "/admin/graphql": admin_endpoint.handle},
        guard=request_guard(settings),  # request ids, deadlines, JSON failures, metrics
        exception_handlers={Exception: unexpected_failure, HTTPException: http_refusal},
    )
    origins = OriginRegistry(lambda: services().pool)
    app.add_middleware(PreflightMiddleware, registry=origins, allow_local=not settings.production)
    app.add_middleware(UrlTextGuard)  # NUL and control characters in URLs: 400 INVALID
    app.state.origins = origins
    app.state.storefront_documents = storefront_endpoint.documents
    app.state.admin_documents = admin_endpoint.documents
    app.state.storefront_persisted = storefront_endpoint.persisted
    return app
