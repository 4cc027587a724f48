"""The address book: add, change, delete, and the defaults for shipping and billing."""

from __future__ import annotations

from starlette.responses import Response

from pages import operations as ops
from pages.site import Visit
from pages.views.public import _field_errors

FIELDS = ("name", "street", "postalCode", "city", "country")


def _input(visit: Visit) -> dict[str, str]:
    return {name: visit.field(name) for name in FIELDS}


async def _book(visit: Visit) -> dict:
    viewer = (await visit.api.run(ops.ADDRESSES))["viewer"]
    visit.locale = viewer["locale"]
    return viewer


def _render_book(visit: Visit, viewer: dict, status: int = 200, **context: object) -> Response:
    return visit.render(
        "addresses.html",
        status,
        addresses=viewer["addresses"],
        shipping_id=(viewer["defaultShippingAddress"] or {}).get("id"),
        billing_id=(viewer["defaultBillingAddress"] or {}).get("id"),
        section="addresses",
        **{"errors": {}, "values": {"country": _home_country(visit, viewer)}, **context},
    )


def _home_country(visit: Visit, viewer: dict) -> str:
    """A new address starts in the country of the saved ones (else NL on Dutch pages)."""
    saved = viewer["addresses"]
    return saved[0]["country"] if saved else ("NL" if visit.lang == "nl" else "")


async def address_book(visit: Visit) -> Response:
    if visit.request.method == "POST":
        values = _input(visit)
        _, errors = await visit.api.mutate(ops.ADDRESS_CREATE, {"input": values}, "addressCreate")
        if not errors:
            return visit.redirect("addresses", done="address-saved")
        viewer = await _book(visit)
        return _render_book(visit, viewer, 400, errors=_field_errors(visit, errors), values=values)
    return _render_book(visit, await _book(visit))


async def address(visit: Visit) -> Response:
    """One address: its edit form; POST saves, deletes or makes it a default."""
    address_id = str(visit.request.path_params["address_id"])[:100]
    viewer = await _book(visit)
    current = next((a for a in viewer["addresses"] if a["id"] == address_id), None)
    if current is None:
        return visit.render("not_found.html", 404, section="addresses")
    if visit.request.method == "GET":
        return visit.render(
            "address_edit.html", address=current, values=current, errors={}, section="addresses"
        )
    action = visit.form.get("action")
    if action == "delete":
        _, errors = await visit.api.mutate(ops.ADDRESS_DELETE, {"id": address_id}, "addressDelete")
        done = "address-deleted"
    elif action in ("SHIPPING", "BILLING"):
        _, errors = await visit.api.mutate(
            ops.SET_DEFAULT, {"id": address_id, "kind": action}, "setDefaultAddress"
        )
        done = "default-set"
    else:
        values = _input(visit)
        _, errors = await visit.api.mutate(
            ops.ADDRESS_UPDATE, {"id": address_id, "input": values}, "addressUpdate"
        )
        if errors:
            return visit.render(
                "address_edit.html",
                400,
                address=current,
                values=values,
                errors=_field_errors(visit, errors),
                section="addresses",
            )
        done = "address-saved"
    if errors:
        return _render_book(visit, viewer, 400, errors=_field_errors(visit, errors))
    return visit.redirect("addresses", done=done)
