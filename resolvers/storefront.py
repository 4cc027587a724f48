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

    @classmethod
    def from_row(cls, row: StorefrontRow) -> Storefront:
        return cls(
            name=row.name,
            login_methods=[LoginMethod(m) for m in row.login_methods],
            require_login_for_catalogue=row.require_login_for_catalogue,
            account_creation=AccountCreation(row.account_creation),
            sign_in_link_ttl_days=row.sign_in_link_ttl_days,
            default_locale=row.default_locale,
            invoice_download_enabled=row.invoice_download_enabled,
            currency=row.currency,
        )


@strawberry.type
class StorefrontQuery:
    @strawberry.field(description="The storefront named by the X-Storefront-Key header.")
    def storefront(self, info: strawberry.Info[Context, None]) -> Storefront:
        return Storefront.from_row(info.context.require_storefront())
