"""Sign-in by mailed link: request one (answers alike for any address), redeem it once."""

from __future__ import annotations

from datetime import timedelta

from gateway.accounts.caller import Caller, SignedIn
from gateway.accounts.mailing import mail_link_if_registered
from gateway.accounts.proof import redeem_proof
from gateway.accounts.registration import checked_email
from gateway.accounts.tokens import SIGN_IN
from gateway.db import contacts as contacts_db

TEMPLATE = "sign-in-link"


async def request_sign_in_link(caller: Caller, raw_email: str) -> None:
    """Mail a sign-in link to the registered contact with this address, if there is one.

    Unknown addresses and guests get no mail and the same (empty) answer.
    """
    caller.require_login_method("SIGN_IN_LINK", "email")
    email = checked_email(raw_email, ["email"])
    await mail_link_if_registered(
        caller,
        email,
        throttle_kind="sign_in",
        purpose=SIGN_IN,
        ttl=timedelta(days=caller.storefront.sign_in_link_ttl_days),
        template=TEMPLATE,
        page="sign-in",
    )


async def sign_in_with_link(caller: Caller, token: str) -> SignedIn:
    """Redeem a link once (the database settles concurrent redemptions); it also proves the
    address, so an unconfirmed contact becomes confirmed."""
    async with caller.pool.acquire() as conn, conn.transaction():
        credentials = await redeem_proof(conn, caller.shop_id, SIGN_IN, token)
        session = await caller.open_session(conn, credentials.contact.id)
        contact = await contacts_db.by_id(conn, caller.shop_id, credentials.contact.id)
    assert contact is not None
    return SignedIn(contact, session)
