"""The words on an invoice, per locale (nl, en)."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Factuur", "number": "Factuurnummer", "date": "Datum",
        "order": "Bestelnummer", "vat": "BTW", "vat_number": "BTW-nummer",
        "bill_to": "Factuuradres", "sku": "Artikelnr.", "description": "Omschrijving",
        "quantity": "Aantal", "unit_price": "Prijs per stuk", "amount": "Bedrag",
        "subtotal": "Subtotaal excl. BTW", "total": "Totaal",
        "incl": "Prijzen zijn inclusief BTW.", "excl": "Prijzen zijn exclusief BTW.",
        "terms": "Betalingsvoorwaarden", "page": "Pagina", "of": "van",
        "supply_date": "Leverdatum", "due_date": "Vervaldatum", "attention": "T.a.v.",
        "reverse_charge": "BTW verlegd (art. 196 Richtlijn 2006/112/EG): de afnemer draagt "
        "de BTW af.",
    },
    "en": {
        "title": "Invoice", "number": "Invoice number", "date": "Date",
        "order": "Order number", "vat": "VAT", "vat_number": "VAT number",
        "bill_to": "Billing address", "sku": "SKU", "description": "Description",
        "quantity": "Qty", "unit_price": "Unit price", "amount": "Amount",
        "subtotal": "Subtotal excl. VAT", "total": "Total",
        "incl": "Prices include VAT.", "excl": "Prices exclude VAT.",
        "terms": "Payment terms", "page": "Page", "of": "of",
        "supply_date": "Date of supply", "due_date": "Due date", "attention": "Attn.",
        "reverse_charge": "Reverse charge (art. 196 Directive 2006/112/EC): VAT is to be "
        "accounted for by the recipient.",
    },
}  # fmt: skip
