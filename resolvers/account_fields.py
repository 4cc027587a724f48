"""Contact fields of the account area that need no query of their own (or the address loader)."""

from __future__ import annotations

from typing import Any

import strawberry

from resolvers.addresses import Address
from resolvers.context import Context


@strawberry.type
class Preferences:
    newsletter: bool
    review_requests: bool


@strawberry.input
class PreferencesInput:
    newsletter: bool | None = None
    review_requests: bool | None = None


def contact_preferences(root: Any) -> Preferences:
    stored = root._row.preferences
    if not isinstance(stored, dict):  # a hand-written row: the defaults (nothing sent)
        stored = {}
    return Preferences(
        newsletter=bool(stored.get("newsletter", False)),
        review_requests=bool(stored.get("reviewRequests", False)),
    )


async def _default(
    root: Any, info: strawberry.Info[Context, None], address_id: Any
) -> Address | None:
    if address_id is None:
        return None
    rows = await info.context.loaders.addresses.load(root._row.id)
    return next((Address.from_row(r) for r in rows if r.id == address_id), None)


async def contact_default_shipping_address(
    root: Any, info: strawberry.Info[Context, None]
) -> Address | None:
    return await _default(root, info, root._row.default_shipping_address_id)


async def contact_default_billing_address(
    root: Any, info: strawberry.Info[Context, None]
) -> Address | None:
    return await _default(root, info, root._row.default_billing_address_id)
