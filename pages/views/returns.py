"""An order's page with its return form, and sending the form (`returnRequest`).

What can be sent back is worked out from what the order's page already reads: per SKU, what
shipped minus what is being or was returned (a REJECTED return gives its units back), and only
within the storefront's `returnWindowDays` after the last shipment. The API decides in the end
(quantities, window, who may return the order); the form only avoids offering the impossible.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.responses import Response

from pages import operations as ops
from pages.site import Visit

REASONS = ("DAMAGED", "WRONG_ITEM", "DOES_NOT_FIT", "NOT_AS_DESCRIBED", "CHANGED_MIND", "OTHER")
MAX_LINES = 100
MAX_COMMENT = 2000


def returnable_lines(order: dict[str, Any], window_days: int) -> list[dict[str, Any]]:
    """[{sku, name, left}] of the lines with something left to send back, now."""
    shipments = order.get("shipments") or []
    if window_days <= 0 or not shipments:
        return []
    last = max(datetime.fromisoformat(s["shippedAt"]) for s in shipments)
    if last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    if datetime.now(UTC) > last + timedelta(days=window_days):
        return []
    shipped: Counter[str] = Counter()
    for shipment in shipments:
        for line in shipment["lines"]:
            shipped[line["sku"]] += line["quantity"]
    returning: Counter[str] = Counter()
    for ret in order.get("returns") or []:
        if ret["status"] != "REJECTED":
            for line in ret["lines"]:
                returning[line["sku"]] += line["quantity"]
    lines = []
    for line in order["lines"]:
        left = shipped[line["sku"]] - returning[line["sku"]]
        if left > 0:
            lines.append({"sku": line["sku"], "name": line["name"], "left": left})
    return lines[:MAX_LINES]


async def render_order(
    visit: Visit,
    order: dict[str, Any],
    status: int = 200,
    return_errors: list[str] | None = None,
    chosen: dict[str, tuple[str, str]] | None = None,
) -> Response:
    """The signed-in order page; with the return form when something can be sent back."""
    lines: list[dict[str, Any]] = []
    if order.get("shipments") and visit.site.has_field("Mutation", "returnRequest"):
        window = (await visit.api.run(ops.RETURN_WINDOW))["storefront"]["returnWindowDays"]
        lines = returnable_lines(order, window)
    return visit.render(
        "order.html",
        status,
        order=order,
        section="orders",
        public=False,
        return_lines=lines,
        return_errors=return_errors or [],
        chosen=chosen or {},
        comment=visit.form.get("comment", "")[:MAX_COMMENT],
        reasons=REASONS,
    )


def _chosen(visit: Visit) -> tuple[list[dict[str, Any]], dict[str, tuple[str, str]], bool]:
    """(lines to return, what the form said per SKU, whether everything read well)."""
    lines: list[dict[str, Any]] = []
    said: dict[str, tuple[str, str]] = {}
    ok = True
    for index in range(MAX_LINES):
        sku = visit.form.get(f"sku-{index}")
        if sku is None:
            break
        raw = visit.field(f"quantity-{index}") or "0"
        reason = visit.form.get(f"reason-{index}", "")
        said[sku] = (raw[:6], reason)
        try:
            quantity = int(raw)
        except ValueError:
            ok = False
            continue
        if quantity < 0 or (quantity > 0 and reason not in REASONS):
            ok = False
        elif quantity > 0:
            lines.append({"sku": sku[:100], "quantity": quantity, "reason": reason})
    return lines, said, ok


async def request_return(visit: Visit) -> Response:
    """POST orders/<number>/return: a return of the chosen lines (quantity, reason) and a
    comment; back to the order with a message, or the form again with the API's errors."""
    number = str(visit.request.path_params["number"])[:40]
    if visit.request.method != "POST":
        return visit.redirect(f"orders/{number}")
    data = await visit.api.run(ops.order_query(visit.site.order_extra), {"number": number})
    visit.locale = data["viewer"]["locale"]
    order = data["order"]
    if order is None or not visit.site.has_field("Mutation", "returnRequest"):
        return visit.render("not_found.html", 404, section="orders")
    lines, said, ok = _chosen(visit)
    if not ok:
        return await render_order(visit, order, 400, [visit.t("error.generic")], said)
    if not lines:
        return await render_order(visit, order, 400, [visit.t("return.none-chosen")], said)
    comment = visit.field("comment")[:MAX_COMMENT] or None
    variables = {"orderId": order["id"], "input": {"lines": lines, "comment": comment}}
    _, errors = await visit.api.mutate(ops.RETURN_REQUEST, variables, "returnRequest")
    if errors:
        messages = list(dict.fromkeys(visit.t.error(e) for e in errors))
        return await render_order(visit, order, 400, messages, said)
    return visit.redirect(f"orders/{number}", done="return-requested")
