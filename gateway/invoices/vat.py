"""VAT on invoices: per-rate amounts from each line's own rate, and the reverse charge.

EU VAT directive 2006/112/EC: an invoice shows the VAT rate per line and the VAT amount per
rate (art. 226 (8), (10)); for an intra-EU supply of goods to a business customer with a valid
VAT number in another member state than the seller's, no VAT is charged and the invoice says
"reverse charge" (art. 196, 226 (11a)). Amounts are exact decimals, rounded half-up to cents
per rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
EU = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "EL",
        "ES",
        "FI",
        "FR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
        "XI",
    ]
)


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def reverse_charge(seller_vat_number: str | None, customer_vat_number: str | None) -> bool:
    """True for a business customer with a (validated, stored compact) EU VAT number of another
    member state than the seller's EU VAT number."""
    if not seller_vat_number or not customer_vat_number:
        return False
    seller, customer = seller_vat_number[:2].upper(), customer_vat_number[:2].upper()
    return seller in EU and customer in EU and seller != customer


@dataclass(frozen=True)
class RateAmount:
    rate: Decimal
    base: Decimal  # excl. VAT
    vat: Decimal


@dataclass(frozen=True)
class VatTotals:
    """subtotal (excl. VAT) + vat == total; `rates` lowest rate first."""

    subtotal: Decimal
    vat: Decimal
    total: Decimal
    rates: list[RateAmount]


def vat_totals(
    lines: list[tuple[Decimal, Decimal]], prices_include_vat: bool, reverse: bool
) -> VatTotals:
    """From (line total, VAT rate) pairs. With the reverse charge the VAT is 0 and the total is
    the amount excl. VAT."""
    groups: dict[Decimal, Decimal] = {}
    for total, rate in lines:
        groups[rate] = groups.get(rate, Decimal(0)) + total
    rates = []
    for rate in sorted(groups):
        amount = _cents(groups[rate])
        if prices_include_vat:
            vat = _cents(amount * rate / (Decimal(100) + rate))
            base = amount - vat
        else:
            base = amount
            vat = _cents(amount * rate / Decimal(100))
        rates.append(RateAmount(rate, base, Decimal("0.00") if reverse else vat))
    subtotal = sum((r.base for r in rates), Decimal("0.00"))
    vat_sum = sum((r.vat for r in rates), Decimal("0.00"))
    return VatTotals(subtotal, vat_sum, subtotal + vat_sum, rates)
