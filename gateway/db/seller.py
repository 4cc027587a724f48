"""SQL for the seller as printed on a shop's invoices."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg


@dataclass(frozen=True)
class Seller:
    name: str  # the legal name (the shop's name until one is set)
    address: str | None
    vat_number: str | None
    vat_rate: Decimal  # the shop's VAT rate, for products without their own
    prices_include_vat: bool


_COLUMNS = "coalesce(legal_name, name) as name, address, vat_number, vat_rate, prices_include_vat"


async def seller(conn: asyncpg.Connection, shop_id: UUID) -> Seller:
    row = await conn.fetchrow(f"select {_COLUMNS} from shops where id = $1", shop_id)
    return Seller(**dict(row.items()))


async def update_seller(conn: asyncpg.Connection, shop_id: UUID, values: dict[str, Any]) -> Seller:
    allowed = {"legal_name", "address", "vat_number", "vat_rate", "prices_include_vat"}
    params: list[Any] = [shop_id]
    assignments = []
    for column, value in values.items():
        if column not in allowed:
            raise ValueError(f"unknown seller column {column}")
        params.append(value)
        assignments.append(f"{column} = ${len(params)}")
    if assignments:
        await conn.execute(f"update shops set {', '.join(assignments)} where id = $1", *params)
    return await seller(conn, shop_id)
