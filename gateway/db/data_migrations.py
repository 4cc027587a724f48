"""Data steps that a migration's SQL cannot do alone; each runs right after the SQL of its
migration version, in the same transaction (see `gateway.database.migrate`)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import asyncpg

from gateway.validation import ValidationProblem, normalise_email

log = logging.getLogger(__name__)

DataStep = Callable[[asyncpg.Connection], Awaitable[None]]

# Rows whose address may not be in its one spelling: anything beyond ASCII, an IDNA label, or
# an upper-case domain. Plain ASCII addresses with a lower-case domain are already normalised.
_MAYBE_UNNORMALISED = r"""(email ~ '[^\x01-\x7f]' or email ilike '%xn--%'
                          or split_part(email, '@', 2) <> lower(split_part(email, '@', 2)))"""


def _normalised(email: str) -> str | None:
    try:
        return normalise_email(email)
    except ValidationProblem:
        return None  # stored before the current rules; left as it is


async def normalise_stored_emails(conn: asyncpg.Connection) -> None:
    """Rewrite contacts, orders, checkouts and outstanding tokens in the one spelling.

    Two registered contacts of a shop whose addresses turn out to be one address cannot both
    take it (the unique index): the oldest takes it, the others keep their spelling and are
    logged for the merchant to merge. Tokens are not revoked by this rewrite (same address).
    """
    await conn.execute("alter table contacts disable trigger contacts_credentials_changed")
    rows = await conn.fetch(
        f"""select id, shop_id, email, is_guest from contacts where {_MAYBE_UNNORMALISED}
            order by created_at, id"""
    )
    for row in rows:
        new = _normalised(row["email"])
        if new is None or new == row["email"]:
            continue
        try:
            async with conn.transaction():
                await conn.execute("update contacts set email = $2 where id = $1", row["id"], new)
        except asyncpg.UniqueViolationError:
            log.warning(
                "contact %s of shop %s: its address is another account's in another spelling;"
                " left as it is (merge them)",
                row["id"],
                row["shop_id"],
            )
    await conn.execute("alter table contacts enable trigger contacts_credentials_changed")
    for table in ("orders", "checkouts"):
        for row in await conn.fetch(
            f"select id, email from {table} where email is not null and {_MAYBE_UNNORMALISED}"
        ):
            new = _normalised(row["email"])
            if new is not None and new != row["email"]:
                await conn.execute(f"update {table} set email = $2 where id = $1", row["id"], new)
    for row in await conn.fetch(
        """select id, payload->>'email' as email from auth_tokens
           where used_at is null and payload ? 'email'"""
    ):
        new = _normalised(row["email"] or "")
        if new is not None and new != row["email"]:
            await conn.execute(
                "update auth_tokens set payload = jsonb_set(payload, '{email}', to_jsonb($2::text))"
                " where id = $1",
                row["id"],
                new,
            )


DATA_STEPS: dict[str, DataStep] = {"0007_account_trust": normalise_stored_emails}
