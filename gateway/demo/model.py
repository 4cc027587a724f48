"""What a demo run made: the shop, its keys and the sign-ins worth printing."""

from __future__ import annotations

from dataclasses import dataclass, field

from gateway.tenancy.shops import CreatedShop


@dataclass
class Demo:
    shop: CreatedShop
    sign_ins: list[str] = field(default_factory=list)
    account_url: str = ""  # the hosted account pages of the demo storefront
    notes: list[str] = field(default_factory=list)  # other lines worth printing once

    @property
    def storefront_key(self) -> str:
        return self.shop.storefront_key

    def describe(self) -> str:
        lines = [
            "Demo shop ready.",
            f"  shop id:         {self.shop.shop_id}",
            f"  storefront key:  {self.shop.storefront_key}   (header X-Storefront-Key)",
            f"  admin key:       {self.shop.admin_key}",
            "                   (Authorization: Bearer <admin key> on /admin/graphql)",
        ]
        if self.shop.sso_secret:
            lines.append(f"  SSO secret:      {self.shop.sso_secret}   (signInWithSso, see README)")
        if self.account_url:
            lines.append(f"  account pages:   {self.account_url}/")
        lines += [f"  sign in:         {s}" for s in self.sign_ins]
        lines += [f"  {note}" for note in self.notes]
        return "\n".join(lines)
