"""Admin `contactsImport(csv, invite)`: the command line's import for a back office."""

from __future__ import annotations

import io

import strawberry

from gateway.contacts.importer import ImportRefused, ImportSummary, import_contacts
from gateway.errors import Problem
from resolvers.context import Context
from resolvers.errors import UserError, user_errors


@strawberry.type
class ContactsImportRowError:
    line: int = strawberry.field(description="The file's line (the header is line 1).")
    field: str | None = strawberry.field(description="The column, e.g. email; null: the row.")
    message: str


@strawberry.type
class ContactsImportResult:
    created: int
    updated: int
    unchanged: int
    failed: int
    row_errors: list[ContactsImportRowError]
    row_errors_left_out: int = strawberry.field(description="Errors beyond the first 10,000.")
    customer_groups_created: list[str]
    organisations_created: list[str]
    invited: int
    ignored_columns: list[str]

    @classmethod
    def from_summary(cls, summary: ImportSummary) -> ContactsImportResult:
        return cls(
            created=summary.created,
            updated=summary.updated,
            unchanged=summary.unchanged,
            failed=summary.failed,
            row_errors=[
                ContactsImportRowError(line=e.line, field=e.field, message=e.message)
                for e in summary.errors
            ],
            row_errors_left_out=summary.errors_left_out,
            customer_groups_created=summary.customer_groups_created,
            organisations_created=summary.organisations_created,
            invited=summary.invited,
            ignored_columns=summary.ignored_columns,
        )


@strawberry.type
class ContactsImportPayload:
    result: ContactsImportResult | None
    errors: list[UserError]


@strawberry.type
class AdminContactsImportMutation:
    @strawberry.mutation(
        description="Import contacts from CSV text (header row; columns email, full_name, "
        "phone, locale, vat_number, customer_group, organisation, organisation_role), "
        "upserting by e-mail address, as `gateway import-contacts` does. At most "
        "IMPORT_MAX_BYTES (2 MiB by default); larger files through the command line. "
        "`invite` mails each new contact a link to set a password. Bad rows are in "
        "result.rowErrors; INVALID when the whole text cannot be imported."
    )
    async def contacts_import(
        self, info: strawberry.Info[Context, None], csv: str, invite: bool = False
    ) -> ContactsImportPayload:
        ctx = info.context
        cap = ctx.services.settings.import_max_bytes
        if len(csv.encode("utf-8", "surrogatepass")) > cap:
            message = f"Send at most {cap} bytes here; import larger files with the command line."
            return ContactsImportPayload(
                result=None, errors=user_errors([Problem("INVALID", ["csv"], message)])
            )
        text = csv.removeprefix("\ufeff")
        try:
            summary = await import_contacts(
                ctx.pool, ctx.shop_id, io.StringIO(text, newline=""), invite=invite
            )
        except ImportRefused as refused:
            problem = Problem("INVALID", ["csv"], f"The file cannot be imported: {refused}.")
            return ContactsImportPayload(result=None, errors=user_errors([problem]))
        if summary.invited:
            ctx.services.mail_wakeup.set()
        return ContactsImportPayload(result=ContactsImportResult.from_summary(summary), errors=[])
