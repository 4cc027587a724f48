"""Which contact an OpenID sign-in is: by the provider's subject, else by a verified address.

1. A provider account (issuer's `sub`) that signed in before is the contact it was linked to.
2. Otherwise only an address the provider says it verified (`email_verified` true) is used:
   the registered contact with it (linked from now on), or a new confirmed contact. The
   address counts as proven (it is confirmed and takes over its guest orders).
3. Never by an unverified address: that sign-in is refused (`email_not_verified`), so no one
   can reach an account by putting its address, unverified, on a provider account.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from gateway.accounts.proof import email_proven
from gateway.contacts.fields import check_email, check_name
from gateway.db import contacts as contacts_db
from gateway.db import identity as identity_db
from gateway.db import oidc as db
from gateway.db.shops import Storefront
from gateway.oidc.id_token import email_verified

# How the address was proven (gateway/accounts/proof.py): a first proof this way drops a
# password set before it and ends older sessions, as a sign-in link does.
OPENID_CONNECT_ROUTE = "openid_connect"


class SignInRefused(Exception):
    """The sign-in cannot go on; `reason` goes to the storefront's sign-in page as `error`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def contact_for(
    conn: asyncpg.Connection, storefront: Storefront, provider: db.Provider, claims: dict[str, Any]
) -> UUID:
    """Call inside the transaction that issues the sign-in."""
    subject = str(claims["sub"])
    linked = await db.linked_contact(conn, provider, subject)
    if linked is not None:
        return linked
    if not email_verified(claims) or not isinstance(claims.get("email"), str):
        raise SignInRefused("email_not_verified")
    email, problems = check_email(claims["email"], ["email"])
    if problems:
        raise SignInRefused("email_invalid")
    name = ""
    if isinstance(claims.get("name"), str) and claims["name"].strip():
        checked, problems = check_name(claims["name"], ["name"])
        name = "" if problems else checked
    contact_id = await _registered(conn, storefront, email, name)
    await db.link_identity(conn, provider, subject, contact_id, email)
    await email_proven(conn, storefront.shop_id, contact_id, email, OPENID_CONNECT_ROUTE)
    return contact_id


async def _registered(
    conn: asyncpg.Connection, storefront: Storefront, email: str, name: str
) -> UUID:
    found = await contacts_db.registered_by_email(conn, storefront.shop_id, email)
    if found is not None:
        return found.contact.id
    made = await identity_db.insert_registered_contact(
        conn, storefront.shop_id, email, name, storefront.default_locale, None, confirmed=True
    )
    if made is not None:
        return made.id
    found = await contacts_db.registered_by_email(conn, storefront.shop_id, email)
    assert found is not None  # made a moment ago by a concurrent sign-in
    return found.contact.id
