"""The invitation mail for a contact the merchant added (admin `contactCreate`, the import).

A `reset_password` token valid 14 days (marked as an invitation), mailed as a link to the
storefront's `reset-password` page; `resetPassword` sets the password and confirms the address.
Call inside the transaction that made the contact.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import asyncpg

from gateway.accounts import tokens
from gateway.db.shops import Storefront
from gateway.mail.outbox import account_link, enqueue

INVITATION_TTL = timedelta(days=14)


async def queue_invitation(
    conn: asyncpg.Connection,
    storefront: Storefront,
    contact_id: UUID,
    email: str,
    name: str,
    locale: str,
) -> None:
    token = await tokens.issue_token(
        conn,
        storefront.shop_id,
        contact_id,
        tokens.RESET_PASSWORD,
        INVITATION_TTL,
        {"email": email, "invitation": True},
    )
    params = {
        "name": name,
        "shop": storefront.shop_name,
        "link": account_link(storefront.account_url, "reset-password", token),
        "days": str(INVITATION_TTL.days),
    }
    await enqueue(
        conn,
        shop_id=storefront.shop_id,
        to=email,
        template="invitation",
        locale=locale,
        params=params,
    )
