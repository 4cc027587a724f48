"""The organisation (B2B): details, switching between organisations, its orders (an ADMIN all,
a BUYER their own), members and invitations for ADMINs. Every check is the API's: a BUYER who
forces a member action gets its FORBIDDEN shown."""

from __future__ import annotations

from starlette.responses import Response

from pages import operations as ops
from pages.site import Visit
from pages.views.public import _field_errors

ROLES = ("ADMIN", "BUYER")


async def _act(visit: Visit) -> tuple[list, str | None]:
    action = visit.form.get("action")
    member = visit.field("memberId")[:100]
    role = visit.form.get("role") if visit.form.get("role") in ROLES else "BUYER"
    if action == "switch" and visit.site.has_field("Mutation", "setActiveOrganisation"):
        chosen = visit.field("organisationId")[:100] or None
        _, errors = await visit.api.mutate(
            ops.SET_ACTIVE_ORGANISATION, {"id": chosen}, "setActiveOrganisation"
        )
        return errors, "organisation-switched"
    if action == "invite" and visit.site.has_field("Mutation", "organisationInvite"):
        _, errors = await visit.api.mutate(
            ops.ORGANISATION_INVITE,
            {"email": visit.field("email"), "role": role},
            "organisationInvite",
        )
        return errors, "invitation-sent"
    if action == "role" and visit.site.has_field("Mutation", "organisationMemberUpdate"):
        _, errors = await visit.api.mutate(
            ops.MEMBER_UPDATE, {"id": member, "role": role}, "organisationMemberUpdate"
        )
        return errors, "member-updated"
    if action == "remove" and visit.site.has_field("Mutation", "organisationMemberRemove"):
        _, errors = await visit.api.mutate(
            ops.MEMBER_REMOVE, {"id": member}, "organisationMemberRemove"
        )
        return errors, "member-removed"
    return [], None


async def organisation(visit: Visit) -> Response:
    errors: list = []
    if visit.request.method == "POST":
        errors, done = await _act(visit)
        if not errors:
            return visit.redirect("organisation", done=done)
    viewer = (await visit.api.run(ops.ORGANISATION))["viewer"]
    visit.locale = viewer["locale"]
    memberships = []
    if visit.site.has_field("Contact", "organisations"):
        memberships = (await visit.api.run(ops.MEMBERSHIPS))["viewer"]["organisations"]
    members = None
    is_admin = viewer["organisationRole"] == "ADMIN" and viewer["organisation"] is not None
    if is_admin and visit.site.has_field("Organisation", "members"):
        found = (await visit.api.run(ops.MEMBERS))["viewer"]["organisation"]
        members = [e["node"] for e in found["members"]["edges"]] if found else []
    orders, own_email = None, None
    if viewer["organisation"] is not None and visit.site.has_field("Organisation", "orders"):
        found = (await visit.api.run(ops.ORGANISATION_ORDERS))["viewer"]
        own_email = found["email"]
        placed = (found["organisation"] or {}).get("orders") or {"edges": []}
        orders = [e["node"] for e in placed["edges"]]  # an ADMIN: all; a BUYER: their own
    return visit.render(
        "organisation.html",
        400 if errors else 200,
        orders=orders,
        own_email=own_email,
        organisation=viewer["organisation"],
        role=viewer["organisationRole"],
        memberships=memberships,
        members=members,
        can_switch=visit.site.has_field("Mutation", "setActiveOrganisation"),
        can_invite=is_admin and visit.site.has_field("Mutation", "organisationInvite"),
        errors=_field_errors(visit, errors),
        section="organisation",
    )
