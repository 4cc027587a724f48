"""Inviting colleagues: `organisationInvite` and `acceptOrganisationInvitation`.

An ADMIN of the organisation the session acts for invites an address with a role. The mail
carries `<accountUrl>/accept-invitation?token=<token>`: a single-use token of purpose
`organisation_invitation` (gateway.accounts.tokens: 256 bits, stored hashed, valid 14 days),
which dies with the other sign-in-capable tokens when the password or e-mail address changes.

Accepting:
- an address without an account: `fullName` and `password` make a confirmed account (the link
  proves the address), which joins the organisation and is signed in;
- an address with an account nobody has confirmed yet: the link is the first proof of the address,
  so a password set before is dropped (it may be a stranger's) and `password` becomes the
  account's; it joins and is signed in;
- an address with a confirmed account: its owner must be signed in as it, or give its password (with
  `login`'s rules and throttles); then the account joins and is signed in. A refused attempt
  leaves the link usable.
A contact who is already a member keeps its role. Invitations are throttled like other mails
(per address and per IP).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from gateway.accounts import throttle
from gateway.accounts.caller import TOKEN_INVALID, Caller, SignedIn
from gateway.accounts.login import login
from gateway.accounts.password_policy import check_password
from gateway.accounts.proof import email_proven
from gateway.accounts.tokens import ORGANISATION_INVITATION, issue_token, use_token
from gateway.contacts.fields import check_email, check_name
from gateway.db import b2b as b2b_db
from gateway.db import contacts as contacts_db
from gateway.db import identity as identity_db
from gateway.db import invitations as db
from gateway.db import memberships as members_db
from gateway.errors import Problem, ProblemError
from gateway.mail.outbox import account_link, enqueue
from gateway.organisations.b2b import ROLES
from gateway.organisations.members import forbidden
from gateway.secrets import hash_token

INVITATION_TTL = timedelta(days=14)
TEMPLATE = "organisation-invitation"
PAGE = "accept-invitation"
# How the mail names a role, in the invitee's language.
ROLE_NAMES = {
    "en": {"ADMIN": "an administrator", "BUYER": "a buyer"},
    "nl": {"ADMIN": "beheerder", "BUYER": "inkoper"},
}


def role_name(role: str, locale: str) -> str:
    return ROLE_NAMES.get(locale, ROLE_NAMES["en"]).get(role, role)


async def invite(
    caller: Caller, viewer_id: UUID, organisation_id: UUID | None, raw_email: str, role: str
) -> b2b_db.Organisation:
    """Mail an invitation to join the organisation the viewer acts for (ADMIN only)."""
    if organisation_id is None:
        raise forbidden(
            ["email"], "Act for an organisation first (setActiveOrganisation) to invite to it."
        )
    if role not in ROLES:
        raise ProblemError(Problem("INVALID", ["role"], "ADMIN or BUYER."))
    email, problems = check_email(raw_email, ["email"])
    if problems:
        raise ProblemError(*problems)
    shop_id = caller.shop_id
    async with caller.pool.acquire() as conn:
        mine = await members_db.find(conn, shop_id, organisation_id, viewer_id)
        if mine is None or mine.role != "ADMIN":
            raise forbidden(["email"], "Only an ADMIN of the organisation can invite colleagues.")
        await throttle.mail_request(
            conn, caller.settings, shop_id, "organisation_invite", email, caller.ip
        )
        async with conn.transaction():
            about = await db.invitation_context(conn, shop_id, organisation_id, viewer_id)
            if about is None:
                raise forbidden(["email"], "This organisation no longer exists.")
            holder = await db.invitee(conn, shop_id, email, caller.storefront.default_locale)
            if holder.registered and await members_db.find(
                conn, shop_id, organisation_id, holder.contact_id
            ):
                raise ProblemError(
                    Problem("CONFLICT", ["email"], "This address is a member already.")
                )
            token = await issue_token(
                conn,
                shop_id,
                holder.contact_id,
                ORGANISATION_INVITATION,
                INVITATION_TTL,
                {
                    "email": email,
                    "organisation_id": str(organisation_id),
                    "role": role,
                    "invited_by": str(viewer_id),
                },
            )
            await enqueue(
                conn,
                shop_id=shop_id,
                to=email,
                template=TEMPLATE,
                locale=holder.locale,
                params={
                    "shop": caller.storefront.shop_name,
                    "organisation": about.organisation_name,
                    "inviter": about.inviter_name or about.organisation_name,
                    "role": role_name(role, holder.locale),
                    "link": account_link(caller.storefront.account_url, PAGE, token),
                    "days": str(INVITATION_TTL.days),
                },
            )
        organisation = (await b2b_db.organisations_by_ids(conn, shop_id, [organisation_id]))[0]
    caller.mail_queued()
    return organisation


@dataclass(frozen=True)
class Accepted:
    signed_in: SignedIn  # a new session, acting for the organisation
    organisation_id: UUID
    role: str  # the role in it (an existing member keeps theirs)


@dataclass(frozen=True)
class Acceptance:
    token: str
    full_name: str | None
    password: str | None
    viewer_id: UUID | None  # the session's contact, if signed in


async def accept(caller: Caller, form: Acceptance) -> Accepted:
    """Join the inviting organisation and sign in (see the module's rules)."""
    shop_id = caller.shop_id
    token = form.token or ""
    async with caller.pool.acquire() as conn:
        pending = None
        if 0 < len(token) <= 200:
            pending = await identity_db.peek_invitation(
                conn, shop_id, ORGANISATION_INVITATION, hash_token(token)
            )
        if pending is None:
            raise ProblemError(TOKEN_INVALID)
        email = str(pending.payload.get("email", ""))
        existing = await contacts_db.registered_by_email(conn, shop_id, email)
    signed_in: SignedIn | None = None
    new_password_hash: str | None = None
    if existing is not None and not existing.contact.email_confirmed:
        # The invitation is the first proof of this address, so a password set on the account
        # before may be a stranger's and is dropped (gateway/accounts/proof.py): the person
        # accepting sets their own, as for a new account.
        weak = check_password(form.password or "", email)
        if weak is not None:
            raise ProblemError(Problem(weak.code, ["password"], weak.message))
        new_password_hash = await caller.services.passwords.hash(form.password or "")
        contact_id = existing.contact.id
    elif existing is not None:
        if form.viewer_id != existing.contact.id:
            if not form.password:
                raise ProblemError(
                    Problem(
                        "INVALID_CREDENTIALS",
                        ["password"],
                        "This address has an account: sign in first, or give its password.",
                    )
                )
            signed_in = await login(caller, email, form.password)
        contact_id = existing.contact.id
    else:
        name, problems = check_name(form.full_name or "", ["fullName"])
        weak = check_password(form.password or "", email)
        if weak is not None:
            problems.append(Problem(weak.code, ["password"], weak.message))
        if problems:
            raise ProblemError(*problems)
        password_hash = await caller.services.passwords.hash(form.password or "")
        contact_id = None
    async with caller.pool.acquire() as conn, conn.transaction():
        used = await use_token(conn, shop_id, ORGANISATION_INVITATION, token)
        if used is None:
            raise ProblemError(TOKEN_INVALID)
        if contact_id is None:
            made = await identity_db.insert_registered_contact(
                conn,
                shop_id,
                email,
                name,
                caller.storefront.default_locale,
                password_hash,
                confirmed=True,
            )
            if made is None:
                raise ProblemError(
                    Problem(
                        "CONFLICT",
                        ["token"],
                        "This address got an account meanwhile: sign in, then open the link again.",
                    )
                )
            contact_id = made.id
        await email_proven(conn, shop_id, contact_id, email, ORGANISATION_INVITATION)
        if new_password_hash is not None:
            await identity_db.set_password_hash(
                conn, shop_id, contact_id, new_password_hash, changed=True
            )
        organisation_id = UUID(str(used.payload["organisation_id"]))
        if not await members_db.lock_organisation(conn, shop_id, organisation_id):
            raise ProblemError(TOKEN_INVALID)
        await members_db.insert(conn, shop_id, organisation_id, contact_id, used.payload["role"])
        membership = await members_db.find(conn, shop_id, organisation_id, contact_id)
        assert membership is not None
        session = signed_in.session if signed_in else await caller.open_session(conn, contact_id)
        # The session the person signs in with acts for the organisation that invited them.
        await members_db.set_session_organisation(
            conn, shop_id, session.id, contact_id, organisation_id
        )
        contact = await contacts_db.by_id(conn, shop_id, contact_id)
    assert contact is not None
    return Accepted(SignedIn(contact, session), organisation_id, membership.role)
