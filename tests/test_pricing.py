"""Price rules: group discount rounded half-up per unit; an organisation's price list wins."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

from gateway.db.pricing import PriceTerms
from gateway.db.products import Product
from gateway.pricing.prices import ANONYMOUS, Pricer, discounted, line_total


def _product(price: str, sku: str = "S") -> Product:
    return Product(uuid4(), uuid4(), sku, "N", Decimal(price), "EUR", True)


def test_discount_rounds_half_up_to_cents() -> None:
    assert discounted(Decimal("10.00"), Decimal("12.5")) == Decimal("8.75")
    assert discounted(Decimal("0.99"), Decimal("50")) == Decimal("0.50")  # 0.495 -> 0.50
    assert discounted(Decimal("19.99"), Decimal("0")) == Decimal("19.99")
    assert discounted(Decimal("19.99"), Decimal("100")) == Decimal("0.00")


def test_line_total_is_unit_price_times_quantity() -> None:
    assert line_total(Decimal("0.50"), 3) == Decimal("1.50")


def test_price_list_wins_over_group_discount() -> None:
    pricer = Pricer(PriceTerms(Decimal("10"), uuid4(), "EUR"), {"A": ((1, Decimal("7.00")),)})
    assert pricer.unit_price(_product("10.00", "A")) == Decimal("7.00")
    assert pricer.unit_price(_product("10.00", "B")) == Decimal("9.00")


def test_price_list_in_another_currency_is_ignored() -> None:
    pricer = Pricer(PriceTerms(Decimal("0"), uuid4(), "USD"), {"A": ((1, Decimal("7.00")),)})
    assert pricer.unit_price(_product("10.00", "A")) == Decimal("10.00")


def test_anonymous_pays_base_price() -> None:
    assert ANONYMOUS.unit_price(_product("4.20")) == Decimal("4.20")
