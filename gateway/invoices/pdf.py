"""Render an invoice to PDF bytes with fpdf2 and the Helvetica core font."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from gateway.invoices.labels import LABELS
from gateway.invoices.vat import VatTotals, vat_totals

CENT = Decimal("0.01")
_ENCODING = "cp1252"  # fpdf2 declares core fonts with WinAnsiEncoding (cp1252)
# Letters that do not decompose to an ASCII base, and dashes outside cp1252.
_FALLBACKS = {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "\u0131": "i", "Ħ": "H", "ħ": "h"}
_FALLBACKS |= {"\u2010": "-", "\u2011": "-", "\u2212": "-"}


# Column widths in mm for SKU, description, quantity, unit price, VAT rate and amount
# (sum = 180).
_COLUMNS = (28.0, 66.0, 14.0, 28.0, 16.0, 28.0)
_ROW_HEIGHT = 6.0


@dataclass(frozen=True)
class InvoiceLine:
    """One order line as it appears on the invoice."""

    sku: str
    name: str
    quantity: int
    unit_price: Decimal
    total: Decimal
    vat_rate: Decimal | None = None  # the line's own rate; None: the document's `vat_rate`


@dataclass(frozen=True)
class InvoiceDocument:
    """Everything printed on an invoice; line prices include VAT if `prices_include_vat`."""

    number: str
    issued_at: datetime
    shop_name: str
    shop_address: str | None
    shop_vat_number: str | None
    customer_name: str
    customer_email: str
    customer_vat_number: str | None
    billing_address: list[str]
    order_number: str
    currency: str
    lines: list[InvoiceLine]
    vat_rate: Decimal
    prices_include_vat: bool
    payment_terms: str | None
    locale: str
    supply_date: date | None = None
    due_date: date | None = None
    attention: str | None = None  # the person who ordered, on an organisation's invoice
    reverse_charge: bool = False


@dataclass(frozen=True)
class InvoiceTotals:
    """Amounts rounded half-up to cents; subtotal + vat == total."""

    subtotal: Decimal
    vat: Decimal
    total: Decimal


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _rate(doc: InvoiceDocument, line: InvoiceLine) -> Decimal:
    return line.vat_rate if line.vat_rate is not None else doc.vat_rate


def vat_breakdown(doc: InvoiceDocument) -> VatTotals:
    """VAT per rate from each line's own rate (none under the reverse charge)."""
    pairs = [(line.total, _rate(doc, line)) for line in doc.lines]
    return vat_totals(pairs, doc.prices_include_vat, doc.reverse_charge)


def invoice_totals(doc: InvoiceDocument) -> InvoiceTotals:
    """Compute subtotal excl. VAT, VAT and total from the line totals."""
    totals = vat_breakdown(doc)
    return InvoiceTotals(subtotal=totals.subtotal, vat=totals.vat, total=totals.total)


def _encodable(char: str) -> bool:
    try:
        char.encode(_ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def pdf_text(text: str) -> str:
    """Make text printable with a core font: replace what cp1252 cannot encode."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        category = unicodedata.category(char)
        if category.startswith("Z") or char in "\t\r\n":
            out.append(" ")
        elif category in ("Cc", "Cf"):
            continue
        elif _encodable(char):
            out.append(char)
        elif char in _FALLBACKS:
            out.append(_FALLBACKS[char])
        elif category in ("Mn", "Me", "Sk"):
            continue  # combining marks, emoji variation selectors and skin tones
        else:
            base = unicodedata.normalize("NFKD", char)
            base = "".join(c for c in base if not unicodedata.combining(c))
            out.append(base if base and all(_encodable(c) for c in base) else "?")
    return "".join(out)


def format_money(amount: Decimal, currency: str, locale: str) -> str:
    """Format like "EUR 1,234.50" (en) or "EUR 1.234,50" (nl)."""
    text = f"{_cents(amount):,.2f}"
    if locale == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{currency.upper()} {text}"


def _format_rate(rate: Decimal, locale: str) -> str:
    text = f"{rate.normalize():f}"
    return (text.replace(".", ",") if locale == "nl" else text) + "%"


def _format_date(issued_at: date | datetime, locale: str) -> str:
    return issued_at.strftime("%d-%m-%Y" if locale == "nl" else "%Y-%m-%d")


class _InvoicePdf(FPDF):
    """FPDF with a footer that numbers the pages."""

    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        text = self.footer_text.replace("{page}", str(self.page_no()))
        self.cell(0, 8, text, align="C")


class _Renderer:
    """Lays out one invoice document."""

    def __init__(self, doc: InvoiceDocument, compress: bool) -> None:
        self.doc = doc
        self.labels = LABELS.get(doc.locale, LABELS["en"])
        footer = f"{self.labels['title']} {doc.number} - {self.labels['page']} {{page}}"
        footer += f" {self.labels['of']} {{nb}}"
        self.pdf = _InvoicePdf(pdf_text(footer))
        self.pdf.core_fonts_encoding = _ENCODING
        self.pdf.set_compression(compress)
        self.pdf.set_margins(15, 15, 15)
        self.pdf.set_auto_page_break(auto=True, margin=20)
        self.pdf.set_title(pdf_text(f"{self.labels['title']} {doc.number}"))
        self.pdf.set_author(pdf_text(doc.shop_name))
        self.pdf.set_creation_date(doc.issued_at)

    def money(self, amount: Decimal) -> str:
        return format_money(amount, self.doc.currency, self.doc.locale)

    def line(self, text: str, *, size: float = 10, style: str = "", height: float = 5) -> None:
        """Write one line, cut to the page width."""
        self.pdf.set_font("Helvetica", style=style, size=size)
        width = self.pdf.epw
        self.pdf.cell(width, height, self.fit(text, width), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def fit(self, text: str, width: float) -> str:
        """Sanitise `text` and shorten it with "..." until it fits `width` mm."""
        text = pdf_text(text)
        limit = width - 2 * self.pdf.c_margin
        if self.pdf.get_string_width(text) <= limit:
            return text
        while text and self.pdf.get_string_width(text + "...") > limit:
            text = text[:-1]
        return text.rstrip() + "..."

    def render(self) -> bytes:
        self.pdf.add_page()
        self.header_block()
        self.table()
        self.totals_block()
        return bytes(self.pdf.output())

    def header_block(self) -> None:
        doc, labels = self.doc, self.labels
        self.line(doc.shop_name, size=16, style="B", height=8)
        for part in (doc.shop_address or "").splitlines():
            self.line(part)
        if doc.shop_vat_number:
            self.line(f"{labels['vat_number']}: {doc.shop_vat_number}")
        self.pdf.ln(6)
        self.line(labels["title"], size=20, style="B", height=10)
        self.line(f"{labels['number']}: {doc.number}")
        self.line(f"{labels['date']}: {_format_date(doc.issued_at, doc.locale)}")
        self.line(f"{labels['order']}: {doc.order_number}")
        if doc.supply_date:
            self.line(f"{labels['supply_date']}: {_format_date(doc.supply_date, doc.locale)}")
        if doc.due_date:
            self.line(f"{labels['due_date']}: {_format_date(doc.due_date, doc.locale)}")
        self.pdf.ln(4)
        self.line(labels["bill_to"], style="B")
        self.line(doc.customer_name)
        if doc.attention:
            self.line(f"{labels['attention']} {doc.attention}")
        for part in doc.billing_address:
            self.line(part)
        self.line(doc.customer_email)
        if doc.customer_vat_number:
            self.line(f"{labels['vat_number']}: {doc.customer_vat_number}")
        self.pdf.ln(6)

    def row(self, cells: tuple[str, ...], *, style: str = "", border: str = "") -> None:
        """Write one table row, starting a new page (with header) when needed."""
        if style != "B" and self.pdf.will_page_break(_ROW_HEIGHT):
            self.pdf.add_page()
            self.table_header()
        self.pdf.set_font("Helvetica", style=style, size=9)
        aligns = ("L", "L", "R", "R", "R", "R")
        for text, width, align in zip(cells, _COLUMNS, aligns, strict=True):
            self.pdf.cell(width, _ROW_HEIGHT, self.fit(text, width), border=border, align=align)
        self.pdf.ln(_ROW_HEIGHT)

    def table_header(self) -> None:
        labels = self.labels
        keys = ("sku", "description", "quantity", "unit_price", "vat", "amount")
        self.row(tuple(labels[key] for key in keys), style="B", border="B")

    def table(self) -> None:
        if self.pdf.will_page_break(_ROW_HEIGHT * 3):
            self.pdf.add_page()
        self.table_header()
        for item in self.doc.lines:
            rate = _format_rate(_rate(self.doc, item), self.doc.locale)
            cells = (self.money(item.unit_price), rate, self.money(item.total))
            self.row((item.sku, item.name, str(item.quantity), *cells))

    def totals_block(self) -> None:
        doc, labels = self.doc, self.labels
        totals = vat_breakdown(doc)
        rows = [(labels["subtotal"], self.money(totals.subtotal), "")]
        for rate in totals.rates:
            label = f"{labels['vat']} {_format_rate(rate.rate, doc.locale)}"
            if doc.reverse_charge:
                label = f"{labels['vat']} 0% ({_format_rate(rate.rate, doc.locale)})"
            rows.append((label, self.money(rate.vat), ""))
        rows.append((labels["total"], self.money(totals.total), "B"))
        if self.pdf.will_page_break(_ROW_HEIGHT * (4 + len(rows))):
            self.pdf.add_page()
        self.pdf.ln(4)
        label_width, amount_width = sum(_COLUMNS[:5]), _COLUMNS[5]
        for label, amount, style in rows:
            self.pdf.set_font("Helvetica", style=style, size=10)
            self.pdf.cell(label_width, _ROW_HEIGHT, self.fit(label, label_width), align="R")
            self.pdf.cell(amount_width, _ROW_HEIGHT, self.fit(amount, amount_width), align="R")
            self.pdf.ln(_ROW_HEIGHT)
        self.pdf.ln(4)
        if doc.reverse_charge:
            self.pdf.set_font("Helvetica", style="B", size=9)
            text = pdf_text(labels["reverse_charge"])
            self.pdf.multi_cell(
                self.pdf.epw, 5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
        else:
            self.line(labels["incl"] if doc.prices_include_vat else labels["excl"], size=9)
        if doc.payment_terms:
            self.pdf.set_font("Helvetica", size=9)
            text = pdf_text(f"{labels['terms']}: {doc.payment_terms}")
            self.pdf.multi_cell(self.pdf.epw, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_invoice_pdf(doc: InvoiceDocument, compress: bool = True) -> bytes:
    """Render `doc` as a PDF; `compress=False` keeps page streams readable for tests."""
    return _Renderer(doc, compress).render()
