"""Assembles the storefront and admin schemas from the per-area query and mutation types."""

from __future__ import annotations

import strawberry
from strawberry.tools import merge_types

from resolvers.admin_storefront import AdminStorefrontMutation, AdminStorefrontQuery
from resolvers.auth import AuthMutation
from resolvers.contact import ViewerQuery
from resolvers.products import AdminProductMutation, ProductQuery
from resolvers.sessions import SessionMutation
from resolvers.storefront import StorefrontQuery

STOREFRONT_QUERIES: tuple[type, ...] = (ViewerQuery, StorefrontQuery, ProductQuery)
STOREFRONT_MUTATIONS: tuple[type, ...] = (AuthMutation, SessionMutation)
ADMIN_QUERIES: tuple[type, ...] = (AdminStorefrontQuery,)
ADMIN_MUTATIONS: tuple[type, ...] = (AdminProductMutation, AdminStorefrontMutation)


def _build(queries: tuple[type, ...], mutations: tuple[type, ...]) -> strawberry.Schema:
    query = merge_types("Query", queries)
    mutation = merge_types("Mutation", mutations) if mutations else None
    return strawberry.Schema(query=query, mutation=mutation)


storefront_schema = _build(STOREFRONT_QUERIES, STOREFRONT_MUTATIONS)
admin_schema = _build(ADMIN_QUERIES, ADMIN_MUTATIONS)
