"""Admin: `mailFailures(first, after)`, the shop's dead letters, and `mailRetry(id)`."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gateway.db.mail_failures import MailFailure as Row
from gateway.errors import ProblemError
from gateway.mail.failures import list_failures, retry_failure
from resolvers.context import Context
from resolvers.errors import UserError, user_errors
from resolvers.pagination import PageInfo, query_error


@strawberry.type(description="A mail the gateway gave up on: refused for good or failing too long.")
class MailFailure:
    id: strawberry.ID
    to: str
    subject: str
    template: str
    created_at: datetime
    failing_since: datetime | None = strawberry.field(
        description="The first failure of the run of failures that ended in this one."
    )
    failed_at: datetime = strawberry.field(description="When the gateway gave up.")
    attempts: int
    last_error: str | None = strawberry.field(description="What the SMTP server last said.")

    @classmethod
    def from_row(cls, row: Row) -> MailFailure:
        return cls(
            id=strawberry.ID(str(row.id)),
            to=row.to_address,
            subject=row.subject,
            template=row.template,
            created_at=row.created_at,
            failing_since=row.failing_since,
            failed_at=row.failed_at,
            attempts=row.attempts,
            last_error=row.last_error,
        )


@strawberry.type
class MailFailureEdge:
    cursor: str
    node: MailFailure


@strawberry.type
class MailFailureConnection:
    edges: list[MailFailureEdge]
    page_info: PageInfo
    total_count: int = strawberry.field(description="All of the shop's dead letters.")


@strawberry.type
class MailRetryPayload:
    errors: list[UserError]


@strawberry.type
class AdminMailQuery:
    @strawberry.field(
        description="The shop's dead letters, newest failure first: mails refused for good "
        "(5xx) or failing for MAIL_DEAD_AFTER_HOURS. They are not retried unless mailRetry asks."
    )
    async def mail_failures(
        self,
        info: strawberry.Info[Context, None],
        first: int | None = None,
        after: str | None = None,
    ) -> MailFailureConnection:
        ctx = info.context
        try:
            found = await list_failures(
                ctx.pool, ctx.shop_id, first, after, ctx.settings.max_page_size
            )
        except ProblemError as error:
            raise query_error(error) from None
        return MailFailureConnection(
            edges=[
                MailFailureEdge(cursor=c, node=MailFailure.from_row(r)) for c, r in found.page.items
            ],
            page_info=PageInfo(
                has_next_page=found.page.has_next_page, end_cursor=found.page.end_cursor
            ),
            total_count=found.total_count,
        )


@strawberry.type
class AdminMailMutation:
    @strawberry.mutation(
        description="Send a dead letter again: due now, with a new run of attempts. NOT_FOUND "
        "for an id that is not one of the shop's dead letters."
    )
    async def mail_retry(
        self, info: strawberry.Info[Context, None], id: strawberry.ID
    ) -> MailRetryPayload:
        ctx = info.context
        try:
            await retry_failure(ctx.pool, ctx.shop_id, str(id), ctx.services.mail_wakeup)
        except ProblemError as error:
            return MailRetryPayload(errors=user_errors(error))
        return MailRetryPayload(errors=[])
