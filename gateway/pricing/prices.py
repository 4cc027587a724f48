"""What a contact pays for a product.

Rules, in order:
1. The contact's organisation has a price list (B2B) with this SKU in the shop's currency:
   that price, as negotiated (no group discount on top).
2. Otherwise the product's base price less the contact's customer-group discount.
Amounts are exact decimals; a discounted price is rounded half-up to cents
(12.345 -> 12.35), per unit, before it is multiplied by a quantity.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

import asyncpg

from gateway.db import pricing as db
from gateway.db.products import Product

CENT = Decimal("0.01")


def discounted(base: Decimal, discount_percent: Decimal) -> Decimal:
    if discount_percent <= 0:
        return base.quantize(CENT)
    factor = (Decimal(100) - discount_percent) / Decimal(100)
    return (base * factor).quantize(CENT, rounding=ROUND_HALF_UP)


def line_total(unit_price: Decimal, quantity: int) -> Decimal:
    return (unit_price * quantity).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Pricer:
    """Prices for one contact (or for an anonymous visitor: base prices)."""

    terms: db.PriceTerms
    list_prices: dict[str, Decimal]

    def unit_price(self, product: Product) -> Decimal:
        listed = self.list_prices.get(product.sku)
        if listed is not None and self.terms.price_list_currency == product.currency:
            return listed.quantize(CENT)
        return discounted(product.price, self.terms.discount_percent)


ANONYMOUS = Pricer(db.PriceTerms(Decimal(0), None, None), {})


async def pricer_for(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID | None, skus: list[str]
) -> Pricer:
    """The prices of these SKUs for this contact, in at most two queries."""
    if contact_id is None:
        return ANONYMOUS
    terms = await db.terms_for_contact(conn, shop_id, contact_id)
    return await pricer_with_terms(conn, shop_id, terms, skus)


async def pricer_with_terms(
    conn: asyncpg.Connection, shop_id: UUID, terms: db.PriceTerms, skus: list[str]
) -> Pricer:
    """The prices of these SKUs under known terms: a query only when there is a price list."""
    listed: dict[str, Decimal] = {}
    if terms.price_list_id is not None and skus:
        listed = await db.price_list_prices(conn, shop_id, terms.price_list_id, skus)
    return Pricer(terms, listed)
