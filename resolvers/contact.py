"""The Contact type and Query.viewer."""

from __future__ import annotations

import strawberry

from gateway.db.contacts import Contact as ContactRow
from resolvers.context import Context
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

    @strawberry.field(description="Where this contact is signed in (only for the viewer).")
    async def sessions(self, info: strawberry.Info[Context, None]) -> list[ContactSession]:
        return await viewer_sessions(info.context, self._row.id)

    @classmethod
    def from_row(cls, row: ContactRow) -> Contact:
        return cls(
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
        return Contact.from_row(row) if row else None
