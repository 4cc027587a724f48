"""SQL for the account area's order and invoice lists: keyset pages per contact, batched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from gateway.db.orders import (
    INVOICE_COLUMNS,
    ORDER_COLUMNS,
    Invoice,
    Order,
    invoice_from_row,
    order_from_row,
)

# A page key: whose list, how many rows (page size + 1), and the position to start after.
PageKey = tuple[UUID, int, datetime | None, str | None]

_KEYS = """unnest($2::uuid[], $3::int[], $4::timestamptz[], $5::text[])
           with ordinality as k(contact_id, lim, after_at, after_key, n)"""
_AFTER_AT = "coalesce(k.after_at, 'infinity'::timestamptz)"


def _key_arrays(keys: list[PageKey]) -> list[list[Any]]:
    return [[k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys], [k[3] for k in keys]]


def _grouped(rows: list[asyncpg.Record], count: int, make: Any) -> list[list[Any]]:
    out: list[list[Any]] = [[] for _ in range(count)]
    for row in rows:
        out[row["n"] - 1].append(make(row))
    return out


def order_pages_sql(shop_id: UUID, keys: list[PageKey], extra: str = "") -> tuple[str, list[Any]]:
    """The statement of `order_pages` and its arguments; `extra` adds columns over `o`."""
    query = f"""select k.n, o.*{extra} from {_KEYS}
            cross join lateral (
                select {ORDER_COLUMNS} from orders
                where shop_id = $1 and contact_id = k.contact_id
                  and (placed_at, id) < ({_AFTER_AT},
                       coalesce(k.after_key::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
                order by placed_at desc, id desc limit k.lim
            ) o
            order by k.n, o.placed_at desc, o.id desc"""
    return query, [shop_id, *_key_arrays(keys)]


async def order_pages(
    conn: asyncpg.Connection, shop_id: UUID, keys: list[PageKey]
) -> list[list[Order]]:
    """For each key, the contact's orders newest first (placed_at desc, id desc)."""
    query, args = order_pages_sql(shop_id, keys)
    return _grouped(await conn.fetch(query, *args), len(keys), order_from_row)


@dataclass(frozen=True)
class ContactInvoice:
    invoice: Invoice
    contact_id: UUID


async def invoice_pages(
    conn: asyncpg.Connection, shop_id: UUID, keys: list[PageKey]
) -> list[list[ContactInvoice]]:
    """For each key, the invoices of the contact's orders, newest first (issued_at, id)."""
    columns = ", ".join(f"i.{c.strip()}" for c in INVOICE_COLUMNS.split(","))
    rows = await conn.fetch(
        f"""select k.n, x.* from {_KEYS}
            cross join lateral (
                select {columns}, o.contact_id from invoices i
                join orders o on o.id = i.order_id and o.shop_id = i.shop_id
                where i.shop_id = $1 and o.contact_id = k.contact_id
                  and (i.issued_at, i.id) < ({_AFTER_AT},
                       coalesce(k.after_key::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
                order by i.issued_at desc, i.id desc limit k.lim
            ) x
            order by k.n, x.issued_at desc, x.id desc""",
        shop_id,
        *_key_arrays(keys),
    )
    return _grouped(rows, len(keys), lambda r: ContactInvoice(invoice_from_row(r), r["contact_id"]))


async def order_by_number(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, number: str
) -> Order | None:
    row = await conn.fetchrow(
        f"""select {ORDER_COLUMNS} from orders
            where shop_id = $1 and contact_id = $2 and number = $3""",
        shop_id,
        contact_id,
        number,
    )
    return order_from_row(row) if row else None


@dataclass(frozen=True)
class InvoiceSource:
    """What invoiceCreate copies from an order."""

    order: Order
    customer_name: str | None
    customer_vat_number: str | None
    locale: str
    payment_terms: str | None
    organisation: dict[str, Any] | None = None  # name, vatNumber, billingAddress, terms
    seller_vat_number: str | None = None
    prices_include_vat: bool = True
    shop_vat_rate: Decimal = Decimal(0)


async def lock_order_for_invoice(
    conn: asyncpg.Connection, shop_id: UUID, order_id: UUID
) -> InvoiceSource | None:
    row = await conn.fetchrow(
        f"""select {", ".join(f"o.{c.strip()}" for c in ORDER_COLUMNS.split(","))},
                   c.full_name as customer_name, c.vat_number as customer_vat_number,
                   coalesce(c.locale, 'en') as locale, org.payment_terms,
                   case when org.id is not null then jsonb_build_object(
                       'name', org.name, 'vatNumber', org.vat_number,
                       'billingAddress', org.billing_address,
                       'paymentTerms', org.payment_terms,
                       'paymentTermsDays', org.payment_terms_days) end as organisation,
                   s.vat_number as seller_vat_number, s.prices_include_vat,
                   s.vat_rate as shop_vat_rate
            from orders o
            join shops s on s.id = o.shop_id
            left join contacts c on c.id = o.contact_id and c.shop_id = o.shop_id
            left join organisations org on org.id = o.organisation_id and org.shop_id = o.shop_id
            where o.shop_id = $1 and o.id = $2
            for update of o""",
        shop_id,
        order_id,
    )
    if row is None:
        return None
    return InvoiceSource(
        order_from_row(row),
        row["customer_name"],
        row["customer_vat_number"],
        row["locale"],
        row["payment_terms"],
        row["organisation"],
        row["seller_vat_number"],
        row["prices_include_vat"],
        row["shop_vat_rate"],
    )


async def insert_invoice(
    conn: asyncpg.Connection,
    shop_id: UUID,
    order_id: UUID,
    number: str,
    currency: str,
    total: Decimal,
    customer: dict[str, Any],
    due_days: int | None = None,
    supply_date: Any = None,
) -> Invoice:
    """The due date is the issue date + `due_days` (None: no due date)."""
    row = await conn.fetchrow(
        f"""insert into invoices (shop_id, order_id, number, currency, total, customer,
                                  due_date, supply_date)
            values ($1, $2, $3, $4, $5, $6, current_date + $7::int, $8)
            returning {INVOICE_COLUMNS}""",
        shop_id,
        order_id,
        number,
        currency,
        total,
        customer,
        due_days,
        supply_date,
    )
    return invoice_from_row(row)


@dataclass(frozen=True)
class InvoiceForPdf:
    id: UUID
    shop_id: UUID
    order_id: UUID
    number: str
    issued_at: datetime
    currency: str
    customer: dict[str, Any]
    order_number: str
    shop_name: str
    shop_address: str | None
    shop_vat_number: str | None
    vat_rate: Decimal
    prices_include_vat: bool
    due_date: Any = None
    supply_date: Any = None
    seller_name: str | None = None


async def invoice_for_pdf(conn: asyncpg.Connection, invoice_id: UUID) -> InvoiceForPdf | None:
    """By id alone: the caller has checked a signature that names the shop."""
    row = await conn.fetchrow(
        """select i.id, i.shop_id, i.order_id, i.number, i.issued_at, i.currency, i.customer,
                  o.number as order_number, s.name as shop_name, s.address as shop_address,
                  s.vat_number as shop_vat_number, s.vat_rate, s.prices_include_vat,
                  i.due_date, i.supply_date, s.legal_name as seller_name
           from invoices i
           join orders o on o.id = i.order_id and o.shop_id = i.shop_id
           join shops s on s.id = i.shop_id
           where i.id = $1""",
        invoice_id,
    )
    return InvoiceForPdf(**dict(row.items())) if row else None


async def insert_order(
    conn: asyncpg.Connection,
    shop_id: UUID,
    contact_id: UUID,
    number: str,
    placed_days_ago: int,
    lines: list[tuple[str, str, int, Decimal]],
    fields: dict[str, Any],
) -> UUID:
    """An order with its lines (sku, name, quantity, unit price), for the demo shop."""
    total = sum((price * qty for _, _, qty, price in lines), Decimal(0))
    order_id = await conn.fetchval(
        """insert into orders (shop_id, number, contact_id, email, full_name, placed_at,
               currency, total, amount_paid, shipping_method, payment_method, shipping_address,
               billing_address, expected_delivery_date, tracking_url, payment_status,
               fulfilment_status, source)
           select $1, $2, c.id, c.email, c.full_name, now() - make_interval(days => $4),
                  s.currency, $5, $6, $7, $8, $9, $9, $10, $11, $12, $13, 'demo'
           from contacts c join shops s on s.id = c.shop_id
           where c.shop_id = $1 and c.id = $3
           returning id""",
        shop_id,
        number,
        contact_id,
        placed_days_ago,
        total,
        total if fields["payment_status"] == "PAID" else Decimal(0),
        fields["shipping_method"],
        fields["payment_method"],
        fields["address"],
        fields.get("expected_delivery_date"),
        fields.get("tracking_url"),
        fields["payment_status"],
        fields["fulfilment_status"],
    )
    await conn.executemany(
        """insert into order_lines (shop_id, order_id, position, sku, name, quantity, unit_price,
                                    total)
           values ($1, $2, $3, $4, $5, $6, $7, $8)""",
        [
            (shop_id, order_id, i, sku, name, qty, price, price * qty)
            for i, (sku, name, qty, price) in enumerate(lines, 1)
        ],
    )
    return order_id


async def registered_contact_id(conn: asyncpg.Connection, shop_id: UUID, email: str) -> UUID | None:
    return await conn.fetchval(
        """select id from contacts
           where shop_id = $1 and lower(email) = lower($2) and not is_guest""",
        shop_id,
        email,
    )


async def insert_demo_contact(
    conn: asyncpg.Connection, shop_id: UUID, email: str, name: str, password_hash: str
) -> UUID:
    return await conn.fetchval(
        """insert into contacts (shop_id, email, full_name, is_guest, email_confirmed_at,
                                 password_hash, password_changed_at)
           values ($1, $2, $3, false, now(), $4, now()) returning id""",
        shop_id,
        email,
        name,
        password_hash,
    )


async def order_ids_of(conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID) -> list[UUID]:
    rows = await conn.fetch(
        "select id from orders where shop_id = $1 and contact_id = $2 order by placed_at",
        shop_id,
        contact_id,
    )
    return [r["id"] for r in rows]
