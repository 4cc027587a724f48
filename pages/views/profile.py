"""Profile: details, e-mail and password changes, sessions, data export, account deletion."""

from __future__ import annotations

import orjson
from starlette.responses import Response

from pages import operations as ops
from pages import security
from pages.i18n import pick
from pages.site import Visit
from pages.views.public import _field_errors

DETAILS = ("fullName", "phone", "locale", "vatNumber")


async def _render(visit: Visit, status: int = 200, **context: object) -> Response:
    data = await visit.api.run(ops.PROFILE)
    viewer = data["viewer"]
    visit.locale = viewer["locale"]
    return visit.render(
        "profile.html",
        status,
        viewer=viewer,
        with_password="PASSWORD" in data["storefront"]["loginMethods"],
        section="profile",
        **{"errors": {}, "form": None, "values": viewer, **context},
    )


async def profile(visit: Visit) -> Response:
    if visit.request.method == "GET":
        return await _render(visit)
    action = visit.form.get("action")
    if action == "details":
        values = {name: visit.field(name) for name in DETAILS}
        payload, errors = await visit.api.mutate(
            ops.UPDATE_PROFILE, {"input": values}, "updateProfile"
        )
        if not errors:
            locale = pick(payload["contact"]["locale"])
            if locale:  # the pages follow the language just chosen
                visit.cookies.append((security.LANG_COOKIE, locale, 365 * 24 * 3600))
            return visit.redirect("profile", done="profile-saved")
        return await _render(
            visit, 400, errors=_field_errors(visit, errors), form=action, values=values
        )
    if action == "email":
        variables = {
            "newEmail": visit.field("newEmail"),
            "currentPassword": visit.form.get("currentPassword") or None,
        }
        _, errors = await visit.api.mutate(
            ops.REQUEST_EMAIL_CHANGE, variables, "requestEmailChange"
        )
        done = "email-change-sent"
    elif action == "password":
        variables = {
            "currentPassword": visit.form.get("currentPassword", ""),
            "newPassword": visit.form.get("newPassword", ""),
        }
        _, errors = await visit.api.mutate(ops.CHANGE_PASSWORD, variables, "changePassword")
        done = "password-changed"
    elif action == "delete":
        _, errors = await visit.api.mutate(ops.REQUEST_DELETION, {}, "requestAccountDeletion")
        done = "deletion-mail-sent"
    else:
        return visit.redirect("profile")
    if errors:
        return await _render(visit, 400, errors=_field_errors(visit, errors), form=action)
    return visit.redirect("profile", done=done)


async def sessions(visit: Visit) -> Response:
    if visit.request.method == "POST":
        if visit.form.get("action") == "others":
            _, errors = await visit.api.mutate(ops.SIGN_OUT_OTHERS, {}, "signOutEverywhereElse")
        else:
            _, errors = await visit.api.mutate(
                ops.SESSION_REVOKE, {"id": visit.field("id")[:100]}, "sessionRevoke"
            )
        if not errors:
            return visit.redirect("profile/sessions", done="sessions-ended")
    else:
        errors = []
    viewer = (await visit.api.run(ops.SESSIONS))["viewer"]
    visit.locale = viewer["locale"]
    return visit.render(
        "sessions.html",
        400 if errors else 200,
        sessions=viewer["sessions"],
        errors=_field_errors(visit, errors),
        section="profile",
    )


async def export(visit: Visit) -> Response:
    """exportMyData as a JSON file download."""
    data = (await visit.api.run(ops.EXPORT))["exportMyData"]
    response = Response(
        orjson.dumps(data, option=orjson.OPT_INDENT_2),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-data.json"'},
    )
    return visit.finish(response)
