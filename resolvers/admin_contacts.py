"""Admin contacts: `contacts` (guests and registered), `contactCreate`, `contactUpdate`."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

import strawberry

from gateway.contacts.admin import ContactChanges, ContactRequest, create_contact, update_contact
from gateway.contacts.listing import list_contacts
from gateway.errors import ProblemError
from gateway.updates import KEEP
from resolvers.b2b import OrganisationRole
from resolvers.contact import Contact
from resolvers.context import Context
from resolvers.errors import UserError, user_errors
from resolvers.pagination import PageInfo, query_error


@strawberry.type
class ContactEdge:
    cursor: str
    node: Contact


@strawberry.type
class ContactConnection:
    edges: list[ContactEdge]
    page_info: PageInfo


@strawberry.input
class ContactCreateInput:
    email: str
    full_name: str
    password: str | None = strawberry.field(
        default=None, description="Left out: the contact is mailed an invitation to choose one."
    )
    email_confirmed: bool = False
    locale: str | None = None
    phone: str | None = None


@strawberry.input(description="Fields left out are kept; null clears where that makes sense.")
class ContactUpdateInput:
    full_name: strawberry.Maybe[str]
    phone: strawberry.Maybe[str | None]
    locale: strawberry.Maybe[str]
    vat_number: strawberry.Maybe[str | None]
    customer_group_id: strawberry.Maybe[strawberry.ID | None]
    organisation_id: strawberry.Maybe[strawberry.ID | None]
    organisation_role: strawberry.Maybe[OrganisationRole | None]
    email_confirmed: strawberry.Maybe[bool]


@strawberry.type
class ContactPayload:
    contact: Contact | None
    errors: list[UserError]


def given(value: Any) -> Any:
    """A Maybe input field as the domain wants it: KEEP when left out, else its value."""
    if value is None:
        return KEEP
    inner = value.value
    return inner.value if isinstance(inner, Enum) else inner


@strawberry.type
class AdminContactsQuery:
    @strawberry.field(description="Guests and registered contacts, newest first.")
    async def contacts(
        self,
        info: strawberry.Info[Context, None],
        first: int | None = None,
        after: str | None = None,
        search: Annotated[
            str | None, strawberry.argument(description="Part of the e-mail address or name.")
        ] = None,
        is_guest: bool | None = None,
    ) -> ContactConnection:
        ctx = info.context
        try:
            page = await list_contacts(
                ctx.pool, ctx.shop_id, first, after, search, is_guest, ctx.settings.max_page_size
            )
        except ProblemError as error:
            raise query_error(error) from None
        return ContactConnection(
            edges=[ContactEdge(cursor=c, node=Contact.from_row(row)) for c, row in page.contacts],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
        )


@strawberry.type
class AdminContactsMutation:
    @strawberry.mutation(description="Add a registered contact (invited by mail without password).")
    async def contact_create(
        self, info: strawberry.Info[Context, None], input: ContactCreateInput
    ) -> ContactPayload:
        ctx = info.context
        request = ContactRequest(
            email=input.email,
            full_name=input.full_name,
            password=input.password,
            email_confirmed=input.email_confirmed,
            locale=input.locale,
            phone=input.phone,
        )
        try:
            row = await create_contact(ctx.pool, ctx.shop_id, request, ctx.services.passwords.hash)
        except ProblemError as error:
            return ContactPayload(contact=None, errors=user_errors(error))
        ctx.services.mail_wakeup.set()
        return ContactPayload(contact=Contact.from_row(row), errors=[])

    @strawberry.mutation(description="Change a contact's details, group or organisation.")
    async def contact_update(
        self, info: strawberry.Info[Context, None], id: strawberry.ID, input: ContactUpdateInput
    ) -> ContactPayload:
        ctx = info.context
        changes = ContactChanges(
            full_name=given(input.full_name),
            phone=given(input.phone),
            locale=given(input.locale),
            vat_number=given(input.vat_number),
            customer_group_id=given(input.customer_group_id),
            organisation_id=given(input.organisation_id),
            organisation_role=given(input.organisation_role),
            email_confirmed=given(input.email_confirmed),
        )
        try:
            row = await update_contact(ctx.pool, ctx.shop_id, id, changes)
        except ProblemError as error:
            return ContactPayload(contact=None, errors=user_errors(error))
        return ContactPayload(contact=Contact.from_row(row), errors=[])
