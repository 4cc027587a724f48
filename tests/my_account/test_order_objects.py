"""Orders, lines, invoices, products and favourites are made by `resolvers.instances.instance`:
each must equal what the dataclass `__init__` makes from the same row, so a field added to a
type but not to its fast constructor is caught here rather than as a missing attribute."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import uuid4

import strawberry

from gateway.db import orders as db
from gateway.db.order_pages import LineSummary
from resolvers.orders import (
    _FULFILMENT,
    _PAYMENT,
    Invoice,
    Order,
    OrderLine,
    _line_types,
)
from resolvers.scalars import money

ORDER = db.Order(
    uuid4(), uuid4(), "ORD-1", uuid4(), "ann@example.com", "Ann", datetime.now(UTC), "EUR",
    Decimal("29.85"), Decimal("10.00"), "PostNL", "iDEAL", {"city": "Utrecht"}, None,
    date(2026, 12, 3), "https://track.example/1", "PAID", "SHIPPED",
)  # fmt: skip
LINE = db.OrderLine(uuid4(), ORDER.id, 1, "TEA", "Tea", 3, Decimal("4.98"), Decimal("14.94"))
INVOICE = db.Invoice(uuid4(), ORDER.shop_id, ORDER.id, "INV-1", datetime.now(UTC), "EUR",
                     Decimal("29.85"), date(2026, 12, 30))  # fmt: skip


def _same(fast: object, slow: object) -> dict[str, object]:
    """Every attribute `__init__` set, read off the fast object (which may leave a default to
    its class attribute), must equal; returns the fast object's values by name."""
    assert set(vars(fast)) <= set(vars(slow))
    got = {name: getattr(fast, name) for name in vars(slow)}
    return got


def _url(row: db.Invoice, owner: object) -> str:
    return f"/invoices/{row.id}?owner={owner}"


def test_lines_equal_the_dataclass_constructor() -> None:
    for row in (LINE, LineSummary(LINE.sku, LINE.name, 3, LINE.unit_price, LINE.total)):
        (fast,) = _line_types([row], "EUR")
        slow = OrderLine(
            sku=row.sku,
            name=row.name,
            quantity=row.quantity,
            unit_price=money(row.unit_price, "EUR"),
            total=money(row.total, "EUR"),
        )
        assert type(fast) is OrderLine
        assert _same(fast, slow) == vars(slow)


def test_an_invoice_equals_the_dataclass_constructor() -> None:
    for owner, url in ((None, None), (uuid4(), _url)):
        fast = Invoice.from_row(INVOICE, owner, url)
        slow = Invoice(
            _row=INVOICE,
            id=strawberry.ID(str(INVOICE.id)),
            number=INVOICE.number,
            issued_at=INVOICE.issued_at,
            total=money(INVOICE.total, INVOICE.currency),
            due_date=INVOICE.due_date,
            _owner_id=owner,
            **({"_download_url": url(INVOICE, owner)} if url else {}),
        )
        assert _same(fast, slow) == vars(slow)


def test_an_order_equals_the_dataclass_constructor() -> None:
    owner = uuid4()
    for lines, invoices, url, invoice_owner in (
        (None, None, None, None),
        ([LINE], [INVOICE], _url, owner),
    ):
        fast = Order.from_row(ORDER, lines, invoices, url, invoice_owner)
        slow = Order(
            _row=ORDER,
            id=strawberry.ID(str(ORDER.id)),
            number=ORDER.number,
            placed_at=ORDER.placed_at,
            shipping_method=ORDER.shipping_method,
            expected_delivery_date=ORDER.expected_delivery_date,
            tracking_url=ORDER.tracking_url,
            total=money(ORDER.total, ORDER.currency),
            amount_paid=money(ORDER.amount_paid, ORDER.currency),
            payment_method=ORDER.payment_method,
            payment_status=_PAYMENT[ORDER.payment_status],
            fulfilment_status=_FULFILMENT[ORDER.fulfilment_status],
            email=ORDER.email,
            _invoice_owner=invoice_owner,
            _url=url,
        )
        expected = vars(slow)
        got = _same(fast, slow)
        if lines is not None:  # lists of new objects: compared by their contents
            assert [vars(x) for x in got.pop("_lines")] == [
                vars(x) for x in _line_types(lines, "EUR")
            ]
            assert [vars(x) for x in got.pop("_invoices")] == [
                vars(Invoice.from_row(i, ORDER.contact_id, url)) for i in invoices or []
            ]
            expected = {k: v for k, v in expected.items() if k not in ("_lines", "_invoices")}
        assert got == expected


def test_a_product_and_a_favourite_equal_the_dataclass_constructor() -> None:
    from gateway.db.favourites import Favourite as FavouriteRow
    from gateway.db.pricing import CatalogueRow
    from gateway.db.products import Product as ProductRow
    from resolvers.favourites import Favourite
    from resolvers.products import Product, price_breaks

    stored = ProductRow(uuid4(), uuid4(), "TEA", "Tea", Decimal("5.00"), "EUR", False)
    priced = CatalogueRow("TEA", "Tea", Decimal("5.00"), "EUR", ())
    breaks = ((10, Decimal("4.50")),)
    for row, price, with_breaks in ((stored, None, ()), (priced, Decimal("4.75"), breaks)):
        fast = Product.from_row(row, price, with_breaks)
        base = money(row.price, row.currency)
        slow = Product(
            sku=row.sku,
            name=row.name,
            price=money(price, row.currency) if price is not None else base,
            base_price=base,
            price_breaks=price_breaks(with_breaks, row.currency),
            active=getattr(row, "active", True),
        )
        assert _same(fast, slow) == vars(slow)
    favourite = FavouriteRow(uuid4(), stored, datetime.now(UTC))
    unpriced = Favourite(_row=favourite, added_at=favourite.added_at)
    assert _same(Favourite.from_row(favourite), unpriced) == vars(unpriced)
    fast = Favourite.from_row(favourite, (Decimal("4.75"), breaks))
    slow = Favourite(
        _row=favourite,
        added_at=favourite.added_at,
        _product=Product.from_row(stored, Decimal("4.75"), breaks),
    )
    got = _same(fast, slow)
    assert vars(got.pop("_product")) == vars(slow._product)
    assert got == {k: v for k, v in vars(slow).items() if k != "_product"}
