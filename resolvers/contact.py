"""The Contact type and Query.viewer."""

from __future__ import annotations

import strawberry

from gateway.db.contacts import Contact as ContactRow
from resolvers.account_fields import (
    Preferences,
    contact_default_billing_address,
    contact_default_shipping_address,
    contact_preferences,
)
from resolvers.account_orders import (
    InvoiceConnection,
    OrderConnection,
    contact_invoices,
    contact_orders,
)
from resolvers.addresses import Address
from resolvers.b2b import CustomerGroup, OrganisationRole, contact_customer_group
from resolvers.context import Context
from resolvers.favourites import FavouriteConnection, contact_favourites
from resolvers.organisations import (
    Organisation,
    OrganisationMembership,
    contact_organisation,
    contact_organisation_role,
    contact_organisations,
)
from resolvers.sessions import ContactSession, viewer_sessions


@strawberry.type
class Contact:
    _row: strawberry.Private[ContactRow]
    id: strawberry.ID
    email: str
    full_name: str
    is_guest: bool
    email_confirmed: bool
    phone: str | None
    locale: str
    vat_number: str | None
    _is_viewer: strawberry.Private[bool] = False  # the request's one viewer (no batching needed)
    # (organisation id, role) this contact acts for when known otherwise than from the session.
    _acting: strawberry.Private[object] = None
    preferences: Preferences = strawberry.field(resolver=contact_preferences)
    default_shipping_address: Address | None = strawberry.field(
        resolver=contact_default_shipping_address
    )
    default_billing_address: Address | None = strawberry.field(
        resolver=contact_default_billing_address
    )
    organisation: Organisation | None = strawberry.field(
        resolver=contact_organisation,
        description="The organisation this session acts for; null: a private customer.",
    )
    organisation_role: OrganisationRole | None = strawberry.field(
        resolver=contact_organisation_role, description="The role in that organisation."
    )
    organisations: list[OrganisationMembership] = strawberry.field(
        resolver=contact_organisations,
        description="Every organisation the contact belongs to, oldest membership first.",
    )
    customer_group: CustomerGroup | None = strawberry.field(resolver=contact_customer_group)
    orders: OrderConnection = strawberry.field(
        resolver=contact_orders, description="Newest first; at most 100 a page."
    )
    invoices: InvoiceConnection = strawberry.field(
        resolver=contact_invoices, description="Newest first; at most 100 a page."
    )
    favourites: FavouriteConnection = strawberry.field(
        resolver=contact_favourites, description="Newest first; at most 100 a page."
    )

    @strawberry.field
    async def addresses(self, info: strawberry.Info[Context, None]) -> list[Address]:
        rows = await info.context.loaders.addresses.load(self._row.id)
        return [Address.from_row(r) for r in rows]

    @strawberry.field(description="Where this contact is signed in (only for the viewer).")
    async def sessions(self, info: strawberry.Info[Context, None]) -> list[ContactSession]:
        return await viewer_sessions(info.context, self._row.id)

    @classmethod
    def from_row(cls, row: ContactRow, is_viewer: bool = False) -> Contact:
        return cls(
            _is_viewer=is_viewer,
            _row=row,
            id=strawberry.ID(str(row.id)),
            email=row.email,
            full_name=row.full_name,
            is_guest=row.is_guest,
            email_confirmed=row.email_confirmed,
            phone=row.phone,
            locale=row.locale,
            vat_number=row.vat_number,
        )


@strawberry.type
class ViewerQuery:
    @strawberry.field(description="The signed-in contact; null when not signed in.")
    async def viewer(self, info: strawberry.Info[Context, None]) -> Contact | None:
        row = await info.context.viewer()
        return Contact.from_row(row, is_viewer=True) if row else None
