"""Organisation, its members and orders, and the Contact fields that say who acts for which.

Access is decided here, server-side, per field: on the storefront `members` is for an ADMIN of
the organisation (anyone else: a GraphQL error with code FORBIDDEN), `orders` gives an ADMIN
every order placed for the organisation and a BUYER only their own; someone who is not a
member gets FORBIDDEN for both. The admin API sees everything.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import strawberry

from gateway.db import b2b as db
from gateway.db.memberships import Membership
from gateway.pagination import to_page
from gateway.web.endpoint import PublicError
from loaders.account import OrganisationByIdLoader
from loaders.organisations import (
    MemberPagesLoader,
    MembershipsByContactLoader,
    OrganisationOrderPagesLoader,
)
from resolvers.account_orders import OrderConnection, OrderEdge
from resolvers.addresses import Address
from resolvers.b2b import OrganisationRole, PriceList
from resolvers.context import Context
from resolvers.errors import UserError
from resolvers.invoice_links import download_url_maker
from resolvers.orders import Order
from resolvers.pagination import PageInfo, requested_page


@strawberry.type
class OrganisationMember:
    id: strawberry.ID = strawberry.field(description="The membership's id (memberId).")
    email: str
    full_name: str
    role: OrganisationRole


@strawberry.type
class OrganisationMemberEdge:
    cursor: str
    node: OrganisationMember


@strawberry.type
class OrganisationMemberConnection:
    edges: list[OrganisationMemberEdge]
    page_info: PageInfo


async def _viewer_role(ctx: Context, organisation_id: UUID) -> str | None:
    """The viewer's role in this organisation (None: not a member or not signed in)."""
    viewer_id = await ctx.viewer_id()
    if viewer_id is None:
        return None
    if organisation_id == ctx.viewer_organisation_id:
        return ctx.viewer_organisation_role
    memberships = await ctx.loaders.get(MembershipsByContactLoader).load(viewer_id)
    return next((m.role for m in memberships if m.organisation_id == organisation_id), None)


def _forbidden(what: str) -> PublicError:
    return PublicError(f"Only an ADMIN of this organisation sees its {what}.", "FORBIDDEN")


@strawberry.type
class Organisation:
    _row: strawberry.Private[db.Organisation]
    id: strawberry.ID
    name: str
    vat_number: str | None
    price_list: PriceList | None
    payment_terms_days: int | None = strawberry.field(
        description="Net days for invoices (due date = issue date + days); null: paid at order."
    )
    billing_address: Address | None = strawberry.field(
        description="Where invoices of the organisation's orders are made out to."
    )

    @strawberry.field(description="The terms as text (the merchant's, else 'Net N days').")
    def payment_terms(self) -> str | None:
        if self._row.payment_terms:
            return self._row.payment_terms
        days = self._row.payment_terms_days
        return f"Net {days} days" if days is not None else None

    @strawberry.field(description="The members (ADMIN of the organisation only, else FORBIDDEN).")
    async def members(
        self,
        info: strawberry.Info[Context, None],
        first: int | None = None,
        after: str | None = None,
    ) -> OrganisationMemberConnection:
        ctx = info.context
        if ctx.storefront is not None and await _viewer_role(ctx, self._row.id) != "ADMIN":
            raise _forbidden("members")
        request = requested_page(ctx, first, after)
        key = (
            self._row.id,
            request.first + 1,
            request.after.at if request.after else None,
            request.after.key if request.after else None,
        )
        rows = await ctx.loaders.get(MemberPagesLoader).load(key)
        page = to_page(rows, request, lambda m: (m.created_at, m.id))
        return OrganisationMemberConnection(
            edges=[
                OrganisationMemberEdge(
                    cursor=c,
                    node=OrganisationMember(
                        id=strawberry.ID(str(m.id)),
                        email=m.email,
                        full_name=m.full_name,
                        role=OrganisationRole(m.role),
                    ),
                )
                for c, m in page.items
            ],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
        )

    @strawberry.field(
        description="Orders placed for the organisation, newest first: an ADMIN sees all, a "
        "BUYER only their own; not a member: FORBIDDEN."
    )
    async def orders(
        self,
        info: strawberry.Info[Context, None],
        first: int | None = None,
        after: str | None = None,
    ) -> OrderConnection:
        ctx = info.context
        only: UUID | None = None
        viewer_id = None
        if ctx.storefront is not None:
            role = await _viewer_role(ctx, self._row.id)
            if role is None:
                raise PublicError("You are not a member of this organisation.", "FORBIDDEN")
            viewer_id = await ctx.viewer_id()
            only = viewer_id if role == "BUYER" else None
        request = requested_page(ctx, first, after)
        after_pos = request.after
        key = (
            self._row.id,
            only,
            request.first + 1,
            after_pos.at if after_pos else None,
            after_pos.key if after_pos else None,
        )
        rows = await ctx.loaders.get(OrganisationOrderPagesLoader).load(key)
        page = to_page(rows, request, lambda o: (o.placed_at, o.id))
        url = await download_url_maker(ctx) if viewer_id is not None else None
        return OrderConnection(
            edges=[
                OrderEdge(cursor=c, node=Order.from_row(o, invoice_owner=viewer_id, url=url))
                for c, o in page.items
            ],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
        )

    @classmethod
    def from_row(cls, row: db.Organisation) -> Organisation:
        return cls(
            _row=row,
            id=strawberry.ID(str(row.id)),
            name=row.name,
            vat_number=row.vat_number,
            price_list=PriceList.from_row(row.price_list) if row.price_list else None,
            payment_terms_days=row.payment_terms_days,
            billing_address=Address.from_snapshot(row.billing_address, f"{row.id}:billing"),
        )


@strawberry.type
class OrganisationMembership:
    organisation: Organisation
    role: OrganisationRole


async def organisation_by_id(ctx: Context, organisation_id: UUID | None) -> Organisation | None:
    if organisation_id is None:
        return None
    row = await ctx.loaders.get(OrganisationByIdLoader).load(organisation_id)
    return Organisation.from_row(row) if row else None


async def _acting(root: Any, ctx: Context) -> tuple[UUID | None, str | None]:
    """For the viewer: the organisation its session acts for. For a contact seen otherwise
    (admin API, a sign-in's answer): its only organisation, if it has exactly one."""
    if getattr(root, "_is_viewer", False):
        return ctx.viewer_organisation_id, ctx.viewer_organisation_role
    acting = getattr(root, "_acting", None)
    if acting is not None:
        return acting  # type: ignore[no-any-return]
    memberships: list[Membership] = await ctx.loaders.get(MembershipsByContactLoader).load(
        root._row.id
    )
    if len(memberships) == 1:
        return memberships[0].organisation_id, memberships[0].role
    return None, None


async def contact_organisation(
    root: Any, info: strawberry.Info[Context, None]
) -> Organisation | None:
    organisation_id, _ = await _acting(root, info.context)
    return await organisation_by_id(info.context, organisation_id)


async def contact_organisation_role(
    root: Any, info: strawberry.Info[Context, None]
) -> OrganisationRole | None:
    _, role = await _acting(root, info.context)
    return OrganisationRole(role) if role else None


async def contact_organisations(
    root: Any, info: strawberry.Info[Context, None]
) -> list[OrganisationMembership]:
    ctx = info.context
    memberships = await ctx.loaders.get(MembershipsByContactLoader).load(root._row.id)
    loader = ctx.loaders.get(OrganisationByIdLoader)
    rows = await loader.load_many([m.organisation_id for m in memberships])
    return [
        OrganisationMembership(
            organisation=Organisation.from_row(row), role=OrganisationRole(m.role)
        )
        for m, row in zip(memberships, rows, strict=True)
        if row is not None
    ]


@strawberry.type
class OrganisationPayload:
    organisation: Organisation | None
    errors: list[UserError]
