"""Pages opened from a mailed or shared link without signing in: an invitation to an
organisation, an order's status, a shared favourites list."""

from __future__ import annotations

from starlette.responses import Response

from pages import operations as ops
from pages.client import SignedOut
from pages.site import Visit
from pages.views.public import _field_errors


def _token(visit: Visit) -> str:
    return (visit.request.query_params.get("token") or visit.form.get("token") or "")[:200]


async def accept_invitation(visit: Visit) -> Response:
    """acceptOrganisationInvitation: joins and signs in; a name and password make an account
    for an address that has none."""
    if not visit.site.has_field("Mutation", "acceptOrganisationInvitation"):
        return visit.render("unavailable.html", 404)
    token = _token(visit)
    values = {"fullName": visit.field("fullName")}
    signed_in_as = await _signed_in_as(visit)
    page = {"token": token, "values": values, "signed_in_as": signed_in_as}
    if visit.request.method == "GET" or not token:
        return visit.render("accept_invitation.html", errors={}, **page)
    variables = {
        "token": token,
        "fullName": values["fullName"] or None,
        "password": visit.form.get("password") or None,
    }
    payload, errors = await visit.api.mutate(
        ops.ACCEPT_INVITATION, variables, "acceptOrganisationInvitation"
    )
    if errors:
        if any(e.get("code") == "INVALID_CREDENTIALS" for e in errors):
            page["signed_in_as"] = None  # signed in as another account: ask for the password
        return visit.render(
            "accept_invitation.html", 400, errors=_field_errors(visit, errors), **page
        )
    visit.sign_in(payload["session"])
    return visit.redirect("organisation", done="invitation-accepted")


async def _signed_in_as(visit: Visit) -> str | None:
    """The e-mail address of the account this browser is signed in to, if any: that account
    joins by accepting (the API checks it is the invited address, else asks for its password)."""
    if not visit.session:
        return None
    try:
        viewer = (await visit.api.run(ops.SIGNED_IN_AS))["viewer"]
    except SignedOut:
        visit.sign_out()
        return None
    visit.locale = viewer["locale"]
    return str(viewer["email"])


async def order_status(visit: Visit) -> Response:
    """orderStatus(token): the order's page for whoever holds its link."""
    if not visit.site.has_field("Query", "orderStatus"):
        return visit.render("unavailable.html", 404)
    token = _token(visit)
    found = None
    if token:
        query = ops.order_status_query(visit.site.order_extra)
        found = (await visit.api.run(query, {"token": token}))["orderStatus"]
    if found is None:
        return visit.render("not_found.html", 404)
    return visit.render("order.html", order=found, public=True, section=None)


async def shared_favourites(visit: Visit) -> Response:
    token = _token(visit)
    found = None
    if token:
        found = (await visit.api.run(ops.SHARED_FAVOURITES, {"token": token}))["sharedFavourites"]
    if found is None:
        return visit.render("not_found.html", 404)
    return visit.render("shared_favourites.html", items=[e["node"] for e in found["edges"]])
