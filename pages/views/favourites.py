"""Favourites: the list, removing one, and a read-only share link."""

from __future__ import annotations

from starlette.responses import Response

from pages import operations as ops
from pages.site import Visit
from pages.views.public import _field_errors


async def favourites(visit: Visit) -> Response:
    share_token = None
    errors: list = []
    if visit.request.method == "POST":
        action = visit.form.get("action")
        if action == "remove":
            _, errors = await visit.api.mutate(
                ops.FAVOURITE_REMOVE, {"sku": visit.field("sku")[:100]}, "favouriteRemove"
            )
            if not errors:
                return visit.redirect("favourites", done="favourite-removed")
        elif action == "share":
            payload, errors = await visit.api.mutate(ops.SHARE_FAVOURITES, {}, "shareFavourites")
            share_token = payload.get("token")
        elif action == "unshare":
            _, errors = await visit.api.mutate(ops.REVOKE_SHARE, {}, "revokeFavouritesShare")
            if not errors:
                return visit.redirect("favourites", done="share-ended")
    after = visit.request.query_params.get("after") or None
    viewer = (await visit.api.run(ops.FAVOURITES, {"after": after[:200] if after else None}))[
        "viewer"
    ]
    visit.locale = viewer["locale"]
    share_url = None
    if share_token:  # shown once: only its hash is kept
        share_url = str(visit.request.base_url).rstrip("/") + visit.url(
            "shared-favourites", token=share_token
        )
    return visit.render(
        "favourites.html",
        400 if errors else 200,
        favourites=[e["node"] for e in viewer["favourites"]["edges"]],
        page=viewer["favourites"]["pageInfo"],
        share_url=share_url,
        errors=_field_errors(visit, errors),
        section="favourites",
    )
