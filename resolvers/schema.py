"""Assembles the storefront and admin schemas from the per-area query and mutation types."""

from __future__ import annotations

import strawberry
from strawberry.tools import merge_types

from resolvers.account_orders import AccountOrderQuery
from resolvers.address_book import AddressBookMutation
from resolvers.admin_catalogue import AdminCatalogueMutation, AdminCatalogueQuery
from resolvers.admin_contacts import AdminContactsMutation, AdminContactsQuery
from resolvers.admin_order_queries import AdminOrderQuery, AdminPrivacyMutation
from resolvers.admin_orders import AdminOrdersMutation
from resolvers.admin_organisations import AdminOrganisationMutation, AdminOrganisationQuery
from resolvers.admin_seller import AdminSellerMutation, AdminSellerQuery
from resolvers.admin_storefront import AdminStorefrontMutation, AdminStorefrontQuery
from resolvers.auth import AuthMutation
from resolvers.b2b import AdminB2BMutation
from resolvers.catalogue import CatalogueQuery
from resolvers.checkout import CheckoutMutation, CheckoutQuery
from resolvers.checkout_login import CheckoutLoginMutation
from resolvers.contact import ViewerQuery
from resolvers.contacts_import import AdminContactsImportMutation
from resolvers.favourites import FavouriteMutation, FavouriteQuery
from resolvers.invoices import AdminInvoiceMutation
from resolvers.mail_failures import AdminMailMutation, AdminMailQuery
from resolvers.oidc import AdminOpenIdMutation, AdminOpenIdQuery, StorefrontOpenIdQuery
from resolvers.order_status import OrderStatusQuery
from resolvers.organisation_mutations import OrganisationMutation
from resolvers.privacy import PrivacyMutation, PrivacyQuery
from resolvers.products import AdminProductMutation, ProductQuery
from resolvers.profile import ConfirmationQuery, ProfileMutation
from resolvers.reorder import ReorderMutation
from resolvers.returns import AdminReturnMutation, AdminReturnQuery, ReturnMutation
from resolvers.sessions import SessionMutation
from resolvers.shipments import AdminShipmentMutation
from resolvers.sso import AdminSsoMutation, SsoMutation
from resolvers.storefront import StorefrontQuery
from resolvers.text_guard import guard_text_arguments

STOREFRONT_QUERIES: tuple[type, ...] = (
    ViewerQuery,
    StorefrontQuery,
    ProductQuery,
    CatalogueQuery,
    CheckoutQuery,
    AccountOrderQuery,
    FavouriteQuery,
    PrivacyQuery,
    ConfirmationQuery,
    StorefrontOpenIdQuery,
    OrderStatusQuery,
)
STOREFRONT_MUTATIONS: tuple[type, ...] = (
    AuthMutation,
    SessionMutation,
    CheckoutMutation,
    CheckoutLoginMutation,
    ReorderMutation,
    ProfileMutation,
    AddressBookMutation,
    FavouriteMutation,
    PrivacyMutation,
    SsoMutation,
    ReturnMutation,
    OrganisationMutation,
)
ADMIN_QUERIES: tuple[type, ...] = (
    AdminStorefrontQuery,
    AdminContactsQuery,
    AdminOpenIdQuery,
    AdminReturnQuery,
    AdminOrderQuery,
    AdminCatalogueQuery,
    AdminOrganisationQuery,
    AdminSellerQuery,
    AdminMailQuery,
)
ADMIN_MUTATIONS: tuple[type, ...] = (
    AdminProductMutation,
    AdminStorefrontMutation,
    AdminContactsMutation,
    AdminOrdersMutation,
    AdminInvoiceMutation,
    AdminB2BMutation,
    AdminSsoMutation,
    AdminContactsImportMutation,
    AdminOpenIdMutation,
    AdminShipmentMutation,
    AdminReturnMutation,
    AdminCatalogueMutation,
    AdminPrivacyMutation,
    AdminOrganisationMutation,
    AdminSellerMutation,
    AdminMailMutation,
)


def _build(queries: tuple[type, ...], mutations: tuple[type, ...]) -> strawberry.Schema:
    query = merge_types("Query", queries)
    mutation = merge_types("Mutation", mutations) if mutations else None
    # Every text argument checked before its resolver runs (resolvers/text_guard.py).
    return guard_text_arguments(strawberry.Schema(query=query, mutation=mutation))


storefront_schema = _build(STOREFRONT_QUERIES, STOREFRONT_MUTATIONS)
admin_schema = _build(ADMIN_QUERIES, ADMIN_MUTATIONS)
