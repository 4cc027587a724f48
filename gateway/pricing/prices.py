"""What a contact pays for a product: the one pricing function of the gateway.

Used by `product`, `products`, `prices`, favourites, checkout lines and orders. Rules, in order:
1. The session acts for an organisation whose price list (in the shop's currency) has this SKU
   with a break at or below the quantity: the price of the largest such break, as negotiated
   (no group discount on top).
2. Otherwise the product's base price less the contact's customer-group discount.
3. Otherwise (anonymous, no group) the base price.
Amounts are exact decimals; a discounted price is rounded half-up to cents (12.345 -> 12.35),
per unit, before it is multiplied by a quantity; a line total is unit price x quantity.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

import asyncpg

from gateway.db import pricing as db
from gateway.db.pricing import Break, PriceTerms
from gateway.db.products import Product

CENT = Decimal("0.01")


def discounted(base: Decimal, discount_percent: Decimal) -> Decimal:
    if discount_percent <= 0:
        return base.quantize(CENT)
    factor = (Decimal(100) - discount_percent) / Decimal(100)
    return (base * factor).quantize(CENT, rounding=ROUND_HALF_UP)


def line_total(unit_price: Decimal, quantity: int) -> Decimal:
    return (unit_price * quantity).quantize(CENT, rounding=ROUND_HALF_UP)


def unit_price(
    product: Product, terms: PriceTerms, breaks: tuple[Break, ...], quantity: int = 1
) -> Decimal:
    """The unit price of `quantity` of this product under these terms and price-list breaks
    (lowest min_quantity first). Breaks in another currency than the product's never apply."""
    if breaks and terms.price_list_currency == product.currency:
        listed = None
        for min_quantity, price in breaks:
            if min_quantity > quantity:
                break
            listed = price
        if listed is not None:
            return listed.quantize(CENT, rounding=ROUND_HALF_UP)
    return discounted(product.price, terms.discount_percent)


def applicable_breaks(
    product: Product, terms: PriceTerms, breaks: tuple[Break, ...]
) -> tuple[Break, ...]:
    """The breaks the viewer sees for a product (none when the list's currency differs)."""
    return breaks if terms.price_list_currency == product.currency else ()


@dataclass(frozen=True)
class Pricer:
    """Prices of a set of SKUs for one viewer (or an anonymous visitor: base prices)."""

    terms: PriceTerms
    breaks: dict[str, tuple[Break, ...]]

    def unit_price(self, product: Product, quantity: int = 1) -> Decimal:
        return unit_price(product, self.terms, self.breaks.get(product.sku, ()), quantity)

    def breaks_of(self, product: Product) -> tuple[Break, ...]:
        return applicable_breaks(product, self.terms, self.breaks.get(product.sku, ()))


NO_TERMS = PriceTerms(Decimal(0), None, None)
ANONYMOUS = Pricer(NO_TERMS, {})


async def pricer_for(
    conn: asyncpg.Connection,
    shop_id: UUID,
    contact_id: UUID | None,
    skus: list[str],
    organisation_id: UUID | None = None,
) -> Pricer:
    """The prices of these SKUs for this contact acting for this organisation (None: as a
    private customer), in at most two queries."""
    if contact_id is None:
        return ANONYMOUS
    terms = await db.terms_for(conn, shop_id, contact_id, organisation_id)
    return await pricer_with_terms(conn, shop_id, terms, skus)


async def pricer_with_terms(
    conn: asyncpg.Connection, shop_id: UUID, terms: PriceTerms, skus: list[str]
) -> Pricer:
    """The prices of these SKUs under known terms: a query only when there is a price list."""
    breaks: dict[str, tuple[Break, ...]] = {}
    if terms.price_list_id is not None and skus:
        breaks = await db.price_breaks(conn, shop_id, terms.price_list_id, skus)
    return Pricer(terms, breaks)
