"""Order, OrderLine and Invoice types, shared by checkout, the account area and the admin API."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

import strawberry

from gateway.db import orders as db
from gateway.db.order_pages import LineSummary
from gateway.web.plain_subtrees import NOT_PREFETCHED, PREFETCHED
from resolvers.addresses import Address
from resolvers.context import Context
from resolvers.instances import instance
from resolvers.invoice_links import UrlMaker, invoice_download_url
from resolvers.returns import Return, order_returns
from resolvers.scalars import Money, money
from resolvers.shipments import Shipment, order_shipments
from resolvers.status_links import order_status_url

if TYPE_CHECKING:
    from resolvers.organisations import Organisation


@strawberry.enum
class PaymentStatus(Enum):
    PENDING = "PENDING"
    PAID = "PAID"
    PARTIALLY_PAID = "PARTIALLY_PAID"
    REFUNDED = "REFUNDED"
    CANCELLED = "CANCELLED"


@strawberry.enum
class FulfilmentStatus(Enum):
    UNFULFILLED = "UNFULFILLED"
    PARTIALLY_SHIPPED = "PARTIALLY_SHIPPED"
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"
    CANCELLED = "CANCELLED"


# Stored value -> member by a dict lookup (calling the Enum class costs several times more);
# an unknown value still goes through the class, which raises.
_PAYMENT = {m.value: m for m in PaymentStatus}
_FULFILMENT = {m.value: m for m in FulfilmentStatus}


@strawberry.type
class OrderLine:
    sku: str
    name: str
    quantity: int
    unit_price: Money
    total: Money


@strawberry.type
class Invoice:
    _row: strawberry.Private[db.Invoice]
    id: strawberry.ID
    number: str
    issued_at: datetime
    total: Money
    due_date: date | None = strawberry.field(
        description="Issue date + the organisation's paymentTermsDays; null: paid at order."
    )
    download_url: str | None = strawberry.field(
        resolver=invoice_download_url,
        description="A PDF link valid 15 minutes; null when the shop sends fiscal invoices.",
        metadata={PREFETCHED: "_download_url"},
    )
    _owner_id: strawberry.Private[UUID | None] = None  # the contact the order belongs to
    _download_url: strawberry.Private[Any] = NOT_PREFETCHED

    @classmethod
    def from_row(
        cls, row: db.Invoice, owner_id: UUID | None = None, url: UrlMaker | None = None
    ) -> Invoice:
        return instance(
            cls,
            {
                "_row": row,
                "id": strawberry.ID(str(row.id)),
                "number": row.number,
                "issued_at": row.issued_at,
                "total": money(row.total, row.currency),
                "due_date": row.due_date,
                "_owner_id": owner_id,
                "_download_url": url(row, owner_id) if url is not None else NOT_PREFETCHED,
            },
        )


@strawberry.type
class Order:
    _row: strawberry.Private[db.Order]
    id: strawberry.ID
    number: str
    placed_at: datetime
    shipping_method: str | None
    expected_delivery_date: date | None
    tracking_url: str | None
    total: Money
    amount_paid: Money
    payment_method: str | None
    payment_status: PaymentStatus
    fulfilment_status: FulfilmentStatus
    email: str
    # Lines and invoices fetched with a page of orders (NOT_PREFETCHED: load them per order);
    # the fast executor reads them as plain data.
    _lines: strawberry.Private[Any] = NOT_PREFETCHED
    _invoices: strawberry.Private[Any] = NOT_PREFETCHED
    _opened_by_status_link: strawberry.Private[bool] = False
    # After the order (resolvers/after_order.py prefetches them with a page of orders).
    _shipments: strawberry.Private[Any] = NOT_PREFETCHED
    _returns: strawberry.Private[Any] = NOT_PREFETCHED
    _status_url: strawberry.Private[Any] = NOT_PREFETCHED
    shipments: list[Shipment] = strawberry.field(
        resolver=order_shipments, metadata={PREFETCHED: "_shipments"}
    )
    returns: list[Return] = strawberry.field(
        resolver=order_returns, metadata={PREFETCHED: "_returns"}
    )
    status_url: str | None = strawberry.field(
        resolver=order_status_url, metadata={PREFETCHED: "_status_url"}
    )
    # Whose invoices these count as for download links (None: the order's own contact); an
    # organisation's ADMIN gets links to the invoices of its orders.
    _invoice_owner: strawberry.Private[UUID | None] = None
    _url: strawberry.Private[Any] = None

    @classmethod
    def from_row(
        cls,
        row: db.Order,
        lines: Sequence[db.OrderLine | LineSummary] | None = None,
        invoices: list[db.Invoice] | None = None,
        url: UrlMaker | None = None,
        invoice_owner: UUID | None = None,
    ) -> Order:
        return instance(
            cls,
            {
                "_invoice_owner": invoice_owner,
                "_url": url,
                "_lines": NOT_PREFETCHED if lines is None else _line_types(lines, row.currency),
                "_invoices": NOT_PREFETCHED
                if invoices is None
                else [Invoice.from_row(r, row.contact_id, url) for r in invoices],
                "_row": row,
                "id": strawberry.ID(str(row.id)),
                "number": row.number,
                "placed_at": row.placed_at,
                "shipping_method": row.shipping_method,
                "expected_delivery_date": row.expected_delivery_date,
                "tracking_url": row.tracking_url,
                "total": money(row.total, row.currency),
                "amount_paid": money(row.amount_paid, row.currency),
                "payment_method": row.payment_method,
                "payment_status": _PAYMENT.get(row.payment_status)
                or PaymentStatus(row.payment_status),
                "fulfilment_status": _FULFILMENT.get(row.fulfilment_status)
                or FulfilmentStatus(row.fulfilment_status),
                "email": row.email,
            },
        )

    # Read from the order's snapshot when asked (most order lists do not ask for addresses).
    @strawberry.field
    def shipping_address(self) -> Address | None:
        return Address.from_snapshot(self._row.shipping_address, f"{self._row.id}:shipping")

    @strawberry.field
    def billing_address(self) -> Address | None:
        return Address.from_snapshot(self._row.billing_address, f"{self._row.id}:billing")

    # Sync resolvers that return an awaitable only when nothing was prefetched: a list field
    # resolved without awaiting spares graphql-core a task per order.
    @strawberry.field(metadata={PREFETCHED: "_lines"})
    def lines(self, info: strawberry.Info[Context, None]) -> list[OrderLine]:
        if self._lines is NOT_PREFETCHED:
            return self._load_lines(info)  # type: ignore[return-value]
        return self._lines  # type: ignore[no-any-return]

    @strawberry.field(metadata={PREFETCHED: "_invoices"})
    def invoices(self, info: strawberry.Info[Context, None]) -> list[Invoice]:
        if self._invoices is NOT_PREFETCHED:
            return self._load_invoices(info)  # type: ignore[return-value]
        return self._invoices  # type: ignore[no-any-return]

    async def _load_lines(self, info: strawberry.Info[Context, None]) -> list[OrderLine]:
        rows = await info.context.loaders.order_lines.load(self._row.id)
        return _line_types(rows, self._row.currency)

    async def _load_invoices(self, info: strawberry.Info[Context, None]) -> list[Invoice]:
        rows = await info.context.loaders.order_invoices.load(self._row.id)
        owner = self._invoice_owner or self._row.contact_id
        return [Invoice.from_row(r, owner, self._url) for r in rows]

    @strawberry.field(description="The organisation the order was placed for; null: private.")
    async def organisation(
        self, info: strawberry.Info[Context, None]
    ) -> Annotated[Organisation, strawberry.lazy("resolvers.organisations")] | None:
        from resolvers.organisations import organisation_by_id

        return await organisation_by_id(info.context, self._row.organisation_id)


def _line_types(rows: Sequence[db.OrderLine | LineSummary], currency: str) -> list[OrderLine]:
    """The lines as OrderLine objects (amounts in the order's currency)."""
    return [
        instance(
            OrderLine,
            {
                "sku": r.sku,
                "name": r.name,
                "quantity": r.quantity,
                "unit_price": money(r.unit_price, currency),
                "total": money(r.total, currency),
            },
        )
        for r in rows
    ]
