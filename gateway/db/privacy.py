"""SQL for a contact's own data: the export (everything we hold) and anonymisation."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg


def _records(rows: list[asyncpg.Record]) -> list[dict[str, Any]]:
    return [dict(r.items()) for r in rows]


async def export_rows(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID
) -> dict[str, Any] | None:
    """Every row about the contact, as plain dicts (run in one repeatable-read transaction)."""
    profile = await conn.fetchrow(
        """select c.id, c.email, c.full_name, c.is_guest, c.email_confirmed_at, c.phone, c.locale,
                  c.vat_number, c.preferences, c.created_at, c.updated_at,
                  c.password_hash is not null as has_password, c.password_changed_at,
                  c.default_shipping_address_id, c.default_billing_address_id,
                  g.name as customer_group, g.discount_percent as customer_group_discount,
                  (select coalesce(jsonb_agg(jsonb_build_object('organisation', o.name,
                                                                'role', m.role)
                                             order by m.created_at), '[]')
                   from organisation_members m join organisations o on o.id = m.organisation_id
                   where m.contact_id = c.id) as organisations
           from contacts c
           left join customer_groups g on g.id = c.customer_group_id
           where c.shop_id = $1 and c.id = $2""",
        shop_id,
        contact_id,
    )
    if profile is None:
        return None
    out: dict[str, Any] = {"profile": dict(profile.items())}
    queries = {
        "addresses": """select id, name, street, postal_code, city, country_area, country,
                               created_at
                        from addresses where shop_id = $1 and contact_id = $2
                        order by created_at, id""",
        "orders": """select id, number, placed_at, email, full_name, currency, total, amount_paid,
                            shipping_method, payment_method, shipping_address, billing_address,
                            expected_delivery_date, tracking_url, payment_status,
                            fulfilment_status
                     from orders where shop_id = $1 and contact_id = $2
                     order by placed_at, id""",
        "order_lines": """select l.order_id, l.position, l.sku, l.name, l.quantity, l.unit_price,
                                 l.total
                          from order_lines l join orders o on o.id = l.order_id
                          where o.shop_id = $1 and o.contact_id = $2
                          order by l.order_id, l.position""",
        "invoices": """select i.id, i.number, i.issued_at, i.currency, i.total, i.customer,
                              o.number as order_number
                       from invoices i join orders o on o.id = i.order_id
                       where o.shop_id = $1 and o.contact_id = $2 order by i.issued_at, i.id""",
        "shipments": """select s.order_id, o.number as order_number, s.carrier,
                              s.tracking_number, s.tracking_url, s.shipped_at
                         from shipments s join orders o on o.id = s.order_id
                         where o.shop_id = $1 and o.contact_id = $2
                         order by s.shipped_at, s.id""",
        "returns": """select r.number, o.number as order_number, r.status, r.comment, r.note,
                            r.requested_at, r.updated_at,
                            (select jsonb_agg(jsonb_build_object('sku', l.sku, 'quantity',
                                    l.quantity, 'reason', l.reason) order by l.position)
                             from return_lines l where l.return_id = r.id) as lines
                     from returns r join orders o on o.id = r.order_id
                     where o.shop_id = $1 and o.contact_id = $2
                     order by r.requested_at, r.id""",
        "favourites": """select sku, added_at from favourites
                         where shop_id = $1 and contact_id = $2 order by added_at, sku""",
        "favourite_shares": """select created_at, revoked_at from favourite_shares
                               where shop_id = $1 and contact_id = $2 order by created_at""",
        "sessions": """select created_at, last_used_at, expires_at, revoked_at, user_agent,
                              host(ip) as ip
                       from sessions where shop_id = $1 and contact_id = $2
                       order by created_at""",
        "tokens": """select purpose, created_at, expires_at, used_at from auth_tokens
                     where shop_id = $1 and contact_id = $2 order by created_at""",
    }
    for key, sql in queries.items():
        out[key] = _records(await conn.fetch(sql, shop_id, contact_id))
    out["mails"] = _records(
        await conn.fetch(
            """select subject, template, created_at, sent_at from mail_outbox
               where shop_id = $1 and lower(to_address) = lower($2) order by id""",
            shop_id,
            profile["email"],
        )
    )
    return out


async def anonymise(
    conn: asyncpg.Connection, shop_id: UUID, contact_id: UUID, placeholder: str
) -> bool:
    """Strip the contact's personal data; keep orders and invoices for the books.

    Call inside a transaction. Guest records of the same e-mail address in this shop (checkouts
    made before the account existed) are the same person and are anonymised along with it.
    """
    email = await conn.fetchval(
        """select email from contacts
           where shop_id = $1 and id = $2 and anonymised_at is null for update""",
        shop_id,
        contact_id,
    )
    if email is None:
        return False
    ids: list[UUID] = [
        r["id"]
        for r in await conn.fetch(
            """select id from contacts where shop_id = $1
               and (id = $2 or (is_guest and lower(email) = lower($3)))""",
            shop_id,
            contact_id,
            email,
        )
    ]
    await conn.execute(
        """update contacts set email = $3, full_name = '', phone = null, vat_number = null,
               preferences = '{}', password_hash = null, password_changed_at = null,
               email_confirmed_at = null, customer_group_id = null,
               default_shipping_address_id = null,
               default_billing_address_id = null, anonymised_at = now(), updated_at = now()
           where shop_id = $1 and id = any($2::uuid[])""",
        shop_id,
        ids,
        placeholder,
    )
    for table in (
        "addresses",
        "favourites",
        "favourite_shares",
        "sessions",
        "auth_tokens",
        "organisation_members",
    ):
        await conn.execute(
            f"delete from {table} where shop_id = $1 and contact_id = any($2::uuid[])",
            shop_id,
            ids,
        )
    await conn.execute(
        """update invoices i set customer = i.customer - 'email'
           from orders o
           where o.id = i.order_id and o.shop_id = $1
             and (o.contact_id = any($2::uuid[]) or lower(o.email) = lower($3))""",
        shop_id,
        ids,
        email,
    )
    await conn.execute(
        """update orders set email = $4, full_name = null, shipping_address = null,
               billing_address = null, tracking_url = null, updated_at = now()
           where shop_id = $1 and (contact_id = any($2::uuid[]) or lower(email) = lower($3))""",
        shop_id,
        ids,
        email,
        placeholder,
    )
    # After the order: what identifies the parcel or speaks for the person goes; quantities,
    # statuses and return numbers stay with the order for the books. Status links die.
    for statement in (
        "update shipments set tracking_number = null, tracking_url = null",
        "update returns set comment = null, note = null",
        "delete from order_status_tokens",
    ):
        await conn.execute(
            f"""{statement} where shop_id = $1 and order_id in
                (select id from orders where shop_id = $1 and contact_id = any($2::uuid[]))""",
            shop_id,
            ids,
        )
    await conn.execute(
        """update checkouts set email = null, full_name = null, phone = null,
               shipping_address = null, billing_address = null, password_hash = null,
               updated_at = now()
           where shop_id = $1 and (lower(email) = lower($3) or order_id in
                 (select id from orders where shop_id = $1 and contact_id = any($2::uuid[])))""",
        shop_id,
        ids,
        email,
    )
    await conn.execute(
        "delete from mail_outbox where shop_id = $1 and lower(to_address) = lower($2)",
        shop_id,
        email,
    )
    return True
