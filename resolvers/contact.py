"""The Contact type and Query.viewer."""

from __future__ import annotations

import strawberry

from gateway.db.contacts import Contact as ContactRow
from resolvers.addresses import Address
from resolvers.context import Context


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

    @strawberry.field
    async def addresses(self, info: strawberry.Info[Context, None]) -> list[Address]:
        rows = await info.context.loaders.addresses.load(self._row.id)
        return [Address.from_row(r) for r in rows]

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
