"""Storefront settings for the hosted account pages: handle, logo, accent colour, shop links."""

from __future__ import annotations

import re
from typing import Any

from gateway.errors import Problem
from gateway.tenancy.handles import validate_handle

_COLOUR = re.compile(r"^#(?:[0-9a-f]{3}|[0-9a-f]{6})$")
_URL_FIELDS = {
    "logo_url": "logoUrl",
    "shop_url": "shopUrl",
    "checkout_url": "checkoutUrl",
}
MAX_URL = 500


def _url(raw: str, field: str) -> str:
    url = raw.strip()
    if (
        not url.startswith(("https://", "http://"))
        or len(url) > MAX_URL
        or any(c.isspace() or c in "\"'<>\\" for c in url)
    ):
        raise ValueError(f"{field} must be an http(s) URL of at most {MAX_URL} characters.")
    return url


def colour(raw: str) -> str:
    """`#1A7F5A` -> `#1a7f5a`; `#abc` -> `#aabbcc`."""
    value = raw.strip().lower()
    if not _COLOUR.match(value):
        raise ValueError("An accent colour is written #rrggbb, e.g. #1a7f5a.")
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value


def look_changes(changes: Any, out: dict[str, object]) -> list[Problem]:
    """Validate the page settings in `changes` into `out`; "" clears an optional one."""
    problems: list[Problem] = []
    if changes.handle is not None:
        try:
            out["handle"] = validate_handle(changes.handle)
        except ValueError as error:
            problems.append(Problem("INVALID", ["input", "handle"], str(error)))
    if changes.accent_color is not None:
        try:
            out["accent_color"] = colour(changes.accent_color) if changes.accent_color else None
        except ValueError as error:
            problems.append(Problem("INVALID", ["input", "accentColor"], str(error)))
    for column, name in _URL_FIELDS.items():
        raw = getattr(changes, column)
        if raw is None:
            continue
        try:
            out[column] = _url(raw, name) if raw.strip() else None
        except ValueError as error:
            problems.append(Problem("INVALID", ["input", name], str(error)))
            continue
        if column == "checkout_url" and out[column] and "{checkoutId}" not in str(out[column]):
            problems.append(
                Problem(
                    "INVALID",
                    ["input", name],
                    "checkoutUrl must contain {checkoutId}, e.g. https://shop.example/cart/{checkoutId}.",
                )
            )
    return problems
