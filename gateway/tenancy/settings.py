"""Storefront settings: validation of a change and writing it."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import asyncpg

from gateway.db import shops as db
from gateway.errors import Problem, ProblemError
from gateway.tenancy.look import look_changes
from gateway.tenancy.shops import validate_account_url


@dataclass(frozen=True)
class StorefrontChanges:
    storefront_id: str | None = None
    login_methods: list[str] | None = None
    require_login_for_catalogue: bool | None = None
    account_creation: str | None = None
    sign_in_link_ttl_days: int | None = None
    default_locale: str | None = None
    invoice_download_enabled: bool | None = None
    account_url: str | None = None  # "" goes back to the hosted pages
    cors_origins: list[str] | None = None
    handle: str | None = None
    logo_url: str | None = None  # "" clears (also the three below)
    accent_color: str | None = None
    shop_url: str | None = None
    checkout_url: str | None = None
    return_window_days: int | None = None


def _validate(changes: StorefrontChanges) -> dict[str, object]:
    problems: list[Problem] = []
    out: dict[str, object] = {}
    if changes.login_methods is not None:
        if not changes.login_methods:
            problems.append(
                Problem("INVALID", ["input", "loginMethods"], "Keep at least one login method.")
            )
        out["login_methods"] = sorted(set(changes.login_methods))
    if changes.sign_in_link_ttl_days is not None:
        if not 1 <= changes.sign_in_link_ttl_days <= 365:
            problems.append(
                Problem(
                    "INVALID",
                    ["input", "signInLinkTtlDays"],
                    "A sign-in link lives 1 to 365 days.",
                )
            )
        out["sign_in_link_ttl_days"] = changes.sign_in_link_ttl_days
    if changes.default_locale is not None:
        if changes.default_locale not in ("nl", "en"):
            problems.append(
                Problem("INVALID", ["input", "defaultLocale"], "The locale is nl or en.")
            )
        out["default_locale"] = changes.default_locale
    if changes.account_url is not None:
        try:
            out["account_url"] = (
                validate_account_url(changes.account_url) if changes.account_url.strip() else None
            )
        except ValueError as error:
            problems.append(Problem("INVALID", ["input", "accountUrl"], str(error)))
    problems += look_changes(changes, out)
    if changes.cors_origins is not None:
        origins = [o.strip().rstrip("/") for o in changes.cors_origins if o.strip()]
        if any(not o.startswith(("https://", "http://")) for o in origins):
            problems.append(
                Problem(
                    "INVALID", ["input", "corsOrigins"], "Origins look like https://shop.example."
                )
            )
        out["cors_origins"] = origins
    if changes.return_window_days is not None:
        if not 0 <= changes.return_window_days <= 365:
            problems.append(
                Problem(
                    "INVALID",
                    ["input", "returnWindowDays"],
                    "0 (no returns) to 365 days after shipping.",
                )
            )
        out["return_window_days"] = changes.return_window_days
    for name in ("require_login_for_catalogue", "account_creation", "invoice_download_enabled"):
        value = getattr(changes, name)
        if value is not None:
            out[name] = value
    if problems:
        raise ProblemError(*problems)
    return out


async def update_storefront(
    pool: asyncpg.Pool, shop_id: UUID, changes: StorefrontChanges
) -> db.Storefront:
    values = _validate(changes)
    async with pool.acquire() as conn:
        return await _write(conn, shop_id, changes, values)


async def _write(
    conn: asyncpg.Connection, shop_id: UUID, changes: StorefrontChanges, values: dict[str, object]
) -> db.Storefront:
    target: UUID | None = None
    if changes.storefront_id is None:
        storefronts = await db.storefronts_of_shop(conn, shop_id)
        target = storefronts[0].id if storefronts else None
    else:
        try:
            target = UUID(changes.storefront_id)
        except ValueError:
            target = None
    row = None
    if target is not None:
        try:
            row = await db.update_storefront_settings(conn, shop_id, target, values)
        except asyncpg.UniqueViolationError:
            raise ProblemError(
                Problem("CONFLICT", ["input", "handle"], "Another storefront has this handle.")
            ) from None
    if row is None:
        raise ProblemError(
            Problem("NOT_FOUND", ["input", "storefrontId"], "There is no such storefront.")
        )
    return row


async def list_storefronts(pool: asyncpg.Pool, shop_id: UUID) -> list[db.Storefront]:
    async with pool.acquire() as conn:
        return await db.storefronts_of_shop(conn, shop_id)
