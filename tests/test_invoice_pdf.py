"""Tests for gateway.invoices.pdf."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from gateway.invoices.pdf import (
    InvoiceDocument,
    InvoiceLine,
    InvoiceTotals,
    format_money,
    invoice_totals,
    pdf_text,
    render_invoice_pdf,
)


def make_line(total: str, quantity: int = 1, name: str = "Canvas tote bag") -> InvoiceLine:
    amount = Decimal(total)
    return InvoiceLine("SKU-1", name, quantity, amount / quantity, amount)


def make_doc(**changes: object) -> InvoiceDocument:
    doc = InvoiceDocument(
        number="INV-2025-0042",
        issued_at=datetime(2025, 11, 23, 10, 30, tzinfo=UTC),
        shop_name="De Fietsenwinkel",
        shop_address="Kerkstraat 1\n1234 AB Amsterdam",
        shop_vat_number="NL004495445B01",
        customer_name="Jan Jansen",
        customer_email="jan@example.nl",
        customer_vat_number=None,
        billing_address=["Dorpsstraat 5", "5678 CD Utrecht", "Nederland"],
        order_number="ORD-1001",
        currency="EUR",
        lines=[make_line("121.00")],
        vat_rate=Decimal("21"),
        prices_include_vat=True,
        payment_terms="Betalen binnen 14 dagen.",
        locale="nl",
    )
    return replace(doc, **changes)  # type: ignore[arg-type]


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_totals_prices_including_vat() -> None:
    totals = invoice_totals(make_doc())
    assert totals == InvoiceTotals(Decimal("100.00"), Decimal("21.00"), Decimal("121.00"))


def test_totals_prices_excluding_vat() -> None:
    doc = make_doc(lines=[make_line("100.00"), make_line("50.00")], prices_include_vat=False)
    totals = invoice_totals(doc)
    assert totals == InvoiceTotals(Decimal("150.00"), Decimal("31.50"), Decimal("181.50"))


def test_totals_round_half_up_excluding_vat() -> None:
    # 10.50 * 21% = 2.205 exactly: half-up gives 2.21 (banker's rounding would give 2.20).
    doc = make_doc(lines=[make_line("10.50")], prices_include_vat=False)
    assert invoice_totals(doc) == InvoiceTotals(Decimal("10.50"), Decimal("2.21"), Decimal("12.71"))


def test_totals_rounding_including_vat() -> None:
    # VAT share of 0.21 incl. 21% is 0.0364... -> 0.04; the subtotal takes the remainder.
    doc = make_doc(lines=[make_line("0.21")])
    totals = invoice_totals(doc)
    assert totals == InvoiceTotals(Decimal("0.17"), Decimal("0.04"), Decimal("0.21"))
    assert totals.subtotal + totals.vat == totals.total


def test_totals_zero_rate_and_no_lines() -> None:
    doc = make_doc(vat_rate=Decimal("0"))
    assert invoice_totals(doc) == InvoiceTotals(
        Decimal("121.00"), Decimal("0.00"), Decimal("121.00")
    )
    empty = invoice_totals(make_doc(lines=[]))
    assert empty == InvoiceTotals(Decimal("0.00"), Decimal("0.00"), Decimal("0.00"))


@pytest.mark.parametrize(
    ("amount", "locale", "expected"),
    [
        ("12.5", "en", "EUR 12.50"),
        ("12.5", "nl", "EUR 12,50"),
        ("1234.565", "en", "EUR 1,234.57"),
        ("1234.565", "nl", "EUR 1.234,57"),
    ],
)
def test_format_money(amount: str, locale: str, expected: str) -> None:
    assert format_money(Decimal(amount), "eur", locale) == expected


def test_pdf_starts_with_header_and_contains_dutch_text() -> None:
    pdf = render_invoice_pdf(make_doc(), compress=False)
    assert pdf.startswith(b"%PDF-")
    for text in (b"Factuur", b"Factuurnummer", b"INV-2025-0042", b"Datum", b"23-11-2025"):
        assert text in pdf
    for text in (b"BTW 21%", b"EUR 121,00", b"EUR 21,00", b"EUR 100,00", b"Jan Jansen"):
        assert text in pdf
    assert page_count(pdf) == 1


def test_pdf_contains_english_labels() -> None:
    doc = make_doc(locale="en", payment_terms=None, vat_rate=Decimal("5.5"))
    pdf = render_invoice_pdf(doc, compress=False)
    for text in (b"Invoice", b"Invoice number", b"Date", b"2025-11-23", b"VAT 5.5%"):
        assert text in pdf
    assert b"Factuur" not in pdf


def test_compressed_pdf_is_valid_and_smaller() -> None:
    doc = make_doc(lines=[make_line("1.00")] * 50)
    compressed = render_invoice_pdf(doc)
    assert compressed.startswith(b"%PDF-")
    assert len(compressed) < len(render_invoice_pdf(doc, compress=False))


def test_many_lines_flow_onto_more_pages() -> None:
    lines = [make_line("2.50", name=f"Product number {i}") for i in range(200)]
    pdf = render_invoice_pdf(make_doc(lines=lines), compress=False)
    assert page_count(pdf) > 1
    assert b"Product number 0)" in pdf
    assert b"Product number 199)" in pdf
    assert b"EUR 500,00" in pdf


def test_weird_characters_do_not_crash() -> None:
    weird = "Zoë Łukasz Żółć 😀👍🏽 中文 \u200b\u2028 e\u0301 “quotes” — €"
    doc = make_doc(
        shop_name=weird,
        shop_address=weird,
        customer_name=weird,
        customer_email="zoë@exämple.nl",
        billing_address=[weird, "Ünïcödé straße 1"],
        lines=[make_line("9.99", name=weird), make_line("1.01", name="x" * 500)],
        payment_terms=weird,
    )
    pdf = render_invoice_pdf(doc, compress=False)
    assert pdf.startswith(b"%PDF-")
    assert "Zoë".encode("cp1252") in pdf
    assert b"Lukasz" in pdf


def test_pdf_text_replaces_unencodable_characters() -> None:
    assert pdf_text("Zoë") == "Zoë"
    assert pdf_text("Łukasz Żółć") == "Lukasz Zólc"
    assert pdf_text("e\u0301") == "é"
    assert pdf_text("hi 😀") == "hi ?"
    assert pdf_text("ok 👍🏽") == "ok ?"
    assert pdf_text("a\nb\u200bc") == "a bc"
    assert pdf_text("€ “x” — ß") == "€ “x” — ß"
