"""Signing in, signing up, confirming, resetting, signing out: pages anyone can open."""

from __future__ import annotations

import contextlib
import re
import secrets
from typing import Any

from starlette.responses import Response

from pages import operations as ops
from pages.client import SignedOut
from pages.site import Visit


def _field_errors(visit: Visit, errors: list[dict[str, Any]]) -> dict[str, str]:
    """Errors by form field (the last part of the error's field path); '' for the rest."""
    out: dict[str, str] = {}
    for error in errors:
        name = (error.get("field") or [""])[-1]
        out.setdefault(name, visit.t.error(error))
    return out


_PAGE_PATH = re.compile(r"^(?:[A-Za-z0-9_-]+/?)*$")


def _next(visit: Visit) -> str:
    """Where to go after signing in: a path of these pages only (no other site, no `..`)."""
    wanted = visit.form.get("next") or visit.request.query_params.get("next") or ""
    rest = wanted.removeprefix(visit.base + "/") if wanted.startswith(visit.base + "/") else None
    if rest is not None and len(rest) < 200 and _PAGE_PATH.match(rest):
        return rest
    return ""


async def _methods(visit: Visit) -> list[str]:
    return (await visit.api.run(ops.LOGIN_METHODS))["storefront"]["loginMethods"]


async def sign_in(visit: Visit) -> Response:
    methods = await _methods(visit)
    token = visit.request.query_params.get("token") or visit.form.get("token")
    context: dict[str, Any] = {"methods": methods, "next": _next(visit), "errors": {}}
    if token:  # a mailed sign-in link: one click more, so mail scanners cannot use it up
        if visit.request.method == "GET":
            return visit.render("link_sign_in.html", token=token, errors={})
        payload, errors = await visit.api.mutate(
            ops.SIGN_IN_WITH_LINK, {"token": token}, "signInWithLink"
        )
        if errors:
            return visit.render(
                "link_sign_in.html", 400, token=None, errors=_field_errors(visit, errors)
            )
        visit.sign_in(payload["session"])
        return visit.redirect(_next(visit), done="signed-in")
    if visit.request.method == "GET":
        if visit.session:
            return visit.redirect("")
        return visit.render("sign_in.html", **context)
    email = visit.field("email")
    if visit.form.get("action") == "link":
        _, errors = await visit.api.mutate(ops.REQUEST_LINK, {"email": email}, "requestSignInLink")
        if errors:
            return visit.render(
                "sign_in.html",
                400,
                email=email,
                **{**context, "errors": _field_errors(visit, errors)},
            )
        return visit.render("check_mail.html", email=email, kind="sign-in")
    payload, errors = await visit.api.mutate(
        ops.LOGIN, {"email": email, "password": visit.form.get("password", "")}, "login"
    )
    if errors:
        return visit.render(
            "sign_in.html", 400, email=email, **{**context, "errors": _field_errors(visit, errors)}
        )
    visit.sign_in(payload["session"])
    return visit.redirect(_next(visit), done="signed-in")


async def sign_up(visit: Visit) -> Response:
    methods = await _methods(visit)
    with_password = "PASSWORD" in methods
    if visit.request.method == "GET":
        return visit.render("sign_up.html", with_password=with_password, errors={}, values={})
    if visit.form.get("action") == "resend":
        email = visit.field("email")
        _, errors = await visit.api.mutate(ops.RESEND, {"email": email}, "resendConfirmation")
        if errors:
            return visit.render(
                "check_mail.html",
                400,
                email=email,
                kind="sign-up",
                errors=_field_errors(visit, errors),
            )
        return visit.render("check_mail.html", email=email, kind="sign-up", resent=True)
    values = {k: visit.field(k) for k in ("email", "fullName")}
    # Sign-in by link only: the account gets a random password nobody knows; the customer
    # confirms the address and signs in with links from then on.
    password = visit.form.get("password", "") if with_password else secrets.token_urlsafe(32)
    _, errors = await visit.api.mutate(
        ops.REGISTER, {"input": {**values, "password": password, "locale": visit.lang}}, "register"
    )
    if errors:
        return visit.render(
            "sign_up.html",
            400,
            with_password=with_password,
            errors=_field_errors(visit, errors),
            values=values,
        )
    return visit.render("check_mail.html", email=values["email"], kind="sign-up")


async def confirm(visit: Visit) -> Response:
    """Every /confirm token: the e-mail address, an e-mail change, an account deletion."""
    token = visit.request.query_params.get("token") or visit.form.get("token") or ""
    if not token:
        return visit.render(
            "confirm.html", 400, kind=None, token=None, errors={"": visit.t("confirm.no-token")}
        )
    kind = (await visit.api.run(ops.CONFIRMATION_KIND, {"token": token}))["confirmationKind"]
    if visit.request.method == "GET":
        return visit.render("confirm.html", kind=kind, token=token, errors={})
    if kind == "ACCOUNT_DELETION":
        _, errors = await visit.api.mutate(
            ops.CONFIRM_DELETION, {"token": token}, "confirmAccountDeletion"
        )
        if not errors:
            visit.sign_out()
            return visit.redirect("sign-in", done="account-deleted")
    elif kind == "EMAIL_CHANGE":
        payload, errors = await visit.api.mutate(
            ops.CONFIRM_EMAIL_CHANGE, {"token": token}, "confirmEmailChange"
        )
        if not errors:
            return visit.redirect("profile" if visit.session else "sign-in", done="email-changed")
    else:
        payload, errors = await visit.api.mutate(
            ops.CONFIRM_EMAIL, {"token": token}, "confirmEmail"
        )
        if not errors:
            visit.sign_in(payload["session"])
            return visit.redirect("", done="email-confirmed")
    return visit.render(
        "confirm.html", 400, kind=kind, token=None, errors=_field_errors(visit, errors)
    )


async def reset_password(visit: Visit) -> Response:
    token = visit.request.query_params.get("token") or visit.form.get("token")
    if not token:  # "forgot your password?": ask for the address
        if visit.request.method == "GET":
            return visit.render("reset_request.html", errors={})
        email = visit.field("email")
        _, errors = await visit.api.mutate(
            ops.REQUEST_RESET, {"email": email}, "requestPasswordReset"
        )
        if errors:
            return visit.render(
                "reset_request.html", 400, email=email, errors=_field_errors(visit, errors)
            )
        return visit.render("check_mail.html", email=email, kind="reset")
    if visit.request.method == "GET":
        return visit.render("reset_password.html", token=token, errors={})
    payload, errors = await visit.api.mutate(
        ops.RESET_PASSWORD,
        {"token": token, "password": visit.form.get("password", "")},
        "resetPassword",
    )
    if errors:
        return visit.render(
            "reset_password.html", 400, token=token, errors=_field_errors(visit, errors)
        )
    visit.sign_in(payload["session"])
    return visit.redirect("", done="password-reset")


async def sign_out(visit: Visit) -> Response:
    """POST only (a link or an image on another page must not sign anyone out)."""
    if visit.request.method != "POST":
        return visit.redirect("")
    if visit.session:
        with contextlib.suppress(SignedOut):  # already ended elsewhere: the cookie goes anyway
            await visit.api.mutate(ops.LOGOUT, {}, "logout")
    visit.sign_out()
    return visit.redirect("sign-in", done="signed-out")
