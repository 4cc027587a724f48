"""Query.storefront: the public settings a storefront needs to draw its sign-in pages."""

from __future__ import annotations

from enum import Enum

import strawberry

from gateway.db.shops import Storefront as StorefrontRow
from resolvers.context import Context


@strawberry.enum
class LoginMethod(Enum):
    PASSWORD = "PASSWORD"
    SIGN_IN_LINK = "SIGN_IN_LINK"
    SSO = "SSO"
    OPENID_CONNECT = "OPENID_CONNECT"


@strawberry.enum
class AccountCreation(Enum):
    OPT_IN = "OPT_IN"
    ON_ORDER = "ON_ORDER"


_LOGIN_METHODS = frozenset(m.value for m in LoginMethod)


@strawberry.type
class Storefront:
    name: str
    login_methods: list[LoginMethod]
    require_login_for_catalogue: bool
    account_creation: AccountCreation
    sign_in_link_ttl_days: int
    default_locale: str
    invoice_download_enabled: bool
    currency: str
    handle: str = strawberry.field(
        description="Short name of the storefront: its hosted account pages are /account/<handle>/."
    )
    account_url: str = strawberry.field(
        description="Where mailed links point: the storefront's own account URL, else the "
        "gateway's hosted pages <public URL>/account/<handle>."
    )
    logo_url: str | None = strawberry.field(description="Logo shown on the hosted pages.")
    accent_color: str | None = strawberry.field(
        description="Accent colour of the hosted pages, #rrggbb."
    )
    shop_url: str | None = strawberry.field(description="The shop's home page.")
    checkout_url: str | None = strawberry.field(
        description="The shop's checkout page; {checkoutId} stands for a checkout's id."
    )
    return_window_days: int = strawberry.field(
        description="Days after an order's last shipment to ask for a return; 0: no returns."
    )

    @classmethod
    def from_row(cls, row: StorefrontRow) -> Storefront:
        return cls(
            name=row.name,
            # A value no code writes (a hand-edited row) is left out, not a failed storefront.
            login_methods=[LoginMethod(m) for m in row.login_methods if m in _LOGIN_METHODS],
            require_login_for_catalogue=row.require_login_for_catalogue,
            account_creation=AccountCreation(row.account_creation),
            sign_in_link_ttl_days=row.sign_in_link_ttl_days,
            default_locale=row.default_locale,
            invoice_download_enabled=row.invoice_download_enabled,
            currency=row.currency,
            handle=row.handle,
            account_url=row.account_url,
            logo_url=row.logo_url,
            accent_color=row.accent_color,
            shop_url=row.shop_url,
            checkout_url=row.checkout_url,
            return_window_days=row.return_window_days,
        )


@strawberry.type
class StorefrontQuery:
    @strawberry.field(description="The storefront named by the X-Storefront-Key header.")
    def storefront(self, info: strawberry.Info[Context, None]) -> Storefront:
        return Storefront.from_row(info.context.require_storefront())
