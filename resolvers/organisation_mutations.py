"""Storefront mutations of organisations: act for one, invite, accept, manage members.

Every rule lives in `gateway.organisations` (server-side role checks, last-ADMIN rule); these
resolvers only turn arguments into domain calls and results into payloads.
"""

from __future__ import annotations

import strawberry

from gateway.errors import ProblemError
from gateway.organisations import invitations, members
from resolvers.auth import AuthPayload, caller, problems
from resolvers.b2b import OrganisationRole
from resolvers.contact import Contact
from resolvers.context import Context
from resolvers.errors import user_errors
from resolvers.organisations import Organisation, OrganisationPayload
from resolvers.profile import ContactPayload
from resolvers.sessions import remember_session


@strawberry.type
class OrganisationMutation:
    @strawberry.mutation(
        description="Act for this organisation in this session (its prices, its orders); null: "
        "as a private customer. Not a member: NOT_FOUND."
    )
    async def set_active_organisation(
        self, info: strawberry.Info[Context, None], organisation_id: strawberry.ID | None = None
    ) -> ContactPayload:
        ctx = info.context
        viewer = await ctx.require_viewer()
        session = await ctx.session()
        assert session is not None
        try:
            await members.set_active_organisation(
                ctx.pool,
                ctx.shop_id,
                session.id,
                viewer.id,
                None if organisation_id is None else str(organisation_id),
            )
        except ProblemError as error:
            return ContactPayload(contact=None, errors=user_errors(error))
        # Read the session again: its organisation, role and prices changed.
        ctx.reload_session()
        contact = await ctx.require_viewer()
        return ContactPayload(contact=Contact.from_row(contact, is_viewer=True), errors=[])

    @strawberry.mutation(
        description="Mail an invitation (accept-invitation link) to join the organisation this "
        "session acts for, with a role. ADMIN only (else FORBIDDEN); a member already: CONFLICT."
    )
    async def organisation_invite(
        self, info: strawberry.Info[Context, None], email: str, role: OrganisationRole
    ) -> OrganisationPayload:
        ctx = info.context
        viewer_id, organisation_id = await ctx.acting_for()
        if viewer_id is None:
            await ctx.require_viewer()  # UNAUTHENTICATED
        assert viewer_id is not None
        try:
            row = await invitations.invite(
                caller(ctx), viewer_id, organisation_id, email, role.value
            )
        except ProblemError as error:
            return OrganisationPayload(organisation=None, errors=problems(ctx, error))
        return OrganisationPayload(organisation=Organisation.from_row(row), errors=[])

    @strawberry.mutation(
        description="Join the inviting organisation and sign in. A new address needs fullName "
        "and password (the account is confirmed); an address with an account needs its owner "
        "signed in, or its password."
    )
    async def accept_organisation_invitation(
        self,
        info: strawberry.Info[Context, None],
        token: str,
        full_name: str | None = None,
        password: str | None = None,
        cookie: bool = False,
    ) -> AuthPayload:
        ctx = info.context
        form = invitations.Acceptance(token, full_name, password, await ctx.viewer_id())
        try:
            accepted = await invitations.accept(caller(ctx), form)
        except ProblemError as error:
            return AuthPayload(session=None, contact=None, errors=problems(ctx, error))
        ctx.forget_session()
        contact = Contact.from_row(accepted.signed_in.contact)
        contact._acting = (accepted.organisation_id, accepted.role)
        session = remember_session(ctx, accepted.signed_in.session, cookie)
        return AuthPayload(session=session, contact=contact, errors=[])

    @strawberry.mutation(description="Change a member's role (ADMIN; the last ADMIN: CONFLICT).")
    async def organisation_member_update(
        self, info: strawberry.Info[Context, None], member_id: strawberry.ID, role: OrganisationRole
    ) -> OrganisationPayload:
        ctx = info.context
        viewer = await ctx.require_viewer()
        try:
            row = await members.update_member_role(
                ctx.pool, ctx.shop_id, viewer.id, str(member_id), role.value
            )
        except ProblemError as error:
            return OrganisationPayload(organisation=None, errors=user_errors(error))
        return OrganisationPayload(organisation=Organisation.from_row(row), errors=[])

    @strawberry.mutation(description="Remove a member (ADMIN; the last ADMIN: CONFLICT).")
    async def organisation_member_remove(
        self, info: strawberry.Info[Context, None], member_id: strawberry.ID
    ) -> OrganisationPayload:
        ctx = info.context
        viewer = await ctx.require_viewer()
        try:
            row = await members.remove_member(ctx.pool, ctx.shop_id, viewer.id, str(member_id))
        except ProblemError as error:
            return OrganisationPayload(organisation=None, errors=user_errors(error))
        return OrganisationPayload(organisation=Organisation.from_row(row), errors=[])
