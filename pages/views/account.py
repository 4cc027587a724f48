"""The dashboard, the order list, an order's page, its invoice and "order again"."""

from __future__ import annotations

from starlette.responses import RedirectResponse, Response

from pages import operations as ops
from pages.site import Visit
from pages.views import returns
from pages.views.public import _field_errors


async def dashboard(visit: Visit) -> Response:
    viewer = (await visit.api.run(ops.DASHBOARD))["viewer"]
    visit.locale = viewer["locale"]
    orders = [edge["node"] for edge in viewer["orders"]["edges"]]
    return visit.render("dashboard.html", viewer=viewer, orders=orders, section="dashboard")


async def orders(visit: Visit) -> Response:
    after = visit.request.query_params.get("after") or None
    if after is not None and len(after) > 200:
        after = None
    viewer = (await visit.api.run(ops.ORDERS, {"after": after}))["viewer"]
    visit.locale = viewer["locale"]
    page = viewer["orders"]
    return visit.render(
        "orders.html",
        orders=[edge["node"] for edge in page["edges"]],
        page=page["pageInfo"],
        section="orders",
    )


def _number(visit: Visit) -> str:
    return str(visit.request.path_params["number"])[:40]


async def order(visit: Visit) -> Response:
    data = await visit.api.run(ops.order_query(visit.site.order_extra), {"number": _number(visit)})
    visit.locale = data["viewer"]["locale"]
    if data["order"] is None:
        return visit.render("not_found.html", 404, section="orders")
    return await returns.render_order(visit, data["order"])


async def invoice(visit: Visit) -> Response:
    """A fresh 15-minute download link from the API, then the PDF itself."""
    data = await visit.api.run(ops.INVOICE_LINKS, {"number": _number(visit)})
    wanted = visit.request.path_params["invoice_id"]
    invoices = (data["order"] or {}).get("invoices") or []
    found = next((i for i in invoices if i["id"] == wanted and i["downloadUrl"]), None)
    if found is None:
        return visit.render("not_found.html", 404, section="orders")
    return visit.finish(RedirectResponse(found["downloadUrl"], status_code=303))


async def order_again(visit: Visit) -> Response:
    """POST: a new checkout with the order's lines (reorder); shows it, with the shop's link."""
    if visit.request.method != "POST":
        return visit.redirect(f"orders/{_number(visit)}")
    found = (await visit.api.run(ops.ORDER_ID, {"number": _number(visit)}))["order"]
    if found is None:
        return visit.render("not_found.html", 404, section="orders")
    payload, errors = await visit.api.mutate(ops.REORDER, {"orderId": found["id"]}, "reorder")
    checkout = payload["checkout"]
    checkout_url = None
    if checkout and visit.storefront.checkout_url:
        checkout_url = visit.storefront.checkout_url.replace("{checkoutId}", checkout["id"])
    return visit.render(
        "order_again.html",
        400 if checkout is None else 200,
        number=_number(visit),
        checkout=checkout,
        checkout_url=checkout_url,
        left_out=[e for e in errors if e.get("code") == "UNAVAILABLE"],
        errors=_field_errors(visit, [e for e in errors if e.get("code") != "UNAVAILABLE"]),
        section="orders",
    )
