"""Order and checkout lines: what a line may ask for, and what it costs.

Shared by the storefront checkout and the admin `orderCreate`. Errors name the line by its index
in the input, e.g. ["input", "lines", "0", "quantity"].
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import asyncpg

from gateway.db import products as products_db
from gateway.db.order_writes import NewOrderLine
from gateway.db.products import Product
from gateway.errors import Problem, ProblemError
from gateway.pricing.prices import CENT, Pricer, line_total

MIN_QUANTITY = 1
MAX_QUANTITY = 9_999
MAX_LINES = 100
MAX_SKU_LENGTH = 100
MAX_UNIT_PRICE = Decimal("9999999999.99")


@dataclass(frozen=True)
class LineRequest:
    sku: str
    quantity: int
    unit_price: Decimal | None = None  # admin orders may bring their own price


def _shape_problems(lines: list[LineRequest], path: list[str]) -> list[Problem]:
    if not lines:
        return [Problem("INVALID", path, "Add at least one line.")]
    if len(lines) > MAX_LINES:
        return [Problem("INVALID", path, f"A basket holds at most {MAX_LINES} lines.")]
    problems: list[Problem] = []
    first_index: dict[str, int] = {}
    for index, line in enumerate(lines):
        at = [*path, str(index)]
        sku = line.sku.strip()
        if not sku or len(sku) > MAX_SKU_LENGTH:
            problems.append(Problem("INVALID", [*at, "sku"], "Give the product's SKU."))
        elif sku in first_index:
            problems.append(
                Problem(
                    "INVALID",
                    [*at, "sku"],
                    f"This SKU is already on line {first_index[sku]}; list each SKU once.",
                )
            )
        else:
            first_index[sku] = index
        if not MIN_QUANTITY <= line.quantity <= MAX_QUANTITY:
            problems.append(
                Problem(
                    "INVALID",
                    [*at, "quantity"],
                    f"The quantity must be between {MIN_QUANTITY} and {MAX_QUANTITY:,}.",
                )
            )
        if line.unit_price is not None and (
            not line.unit_price.is_finite()
            or line.unit_price < 0
            or line.unit_price > MAX_UNIT_PRICE
            or line.unit_price != line.unit_price.quantize(CENT)
        ):
            problems.append(
                Problem(
                    "INVALID",
                    [*at, "unitPrice"],
                    "A unit price is 0 or more, with at most two decimals.",
                )
            )
    return problems


async def resolve_lines(
    conn: asyncpg.Connection,
    shop_id: UUID,
    lines: list[LineRequest],
    path: list[str],
    require_active: bool = True,
) -> list[tuple[LineRequest, Product]]:
    """Check the lines and find their products; raise every problem at once."""
    problems = _shape_problems(lines, path)
    if len(lines) > MAX_LINES:
        raise ProblemError(*problems)  # one answer, no work per line of an oversized list
    lines = [LineRequest(li.sku.strip(), li.quantity, li.unit_price) for li in lines]
    found: dict[str, Product] = {}
    if lines:
        skus = [li.sku for li in lines if li.sku]
        found = {p.sku: p for p in await products_db.by_skus(conn, shop_id, skus)}
    for index, line in enumerate(lines):
        product = found.get(line.sku)
        if line.sku and (product is None or (require_active and not product.active)):
            problems.append(
                Problem(
                    "INVALID",
                    [*path, str(index), "sku"],
                    f"There is no product with SKU {line.sku[:MAX_SKU_LENGTH]!r} for sale.",
                )
            )
    if problems:
        raise ProblemError(*problems)
    return [(line, found[line.sku]) for line in lines]


def priced_lines(resolved: list[tuple[LineRequest, Product]], pricer: Pricer) -> list[NewOrderLine]:
    """Lines at the buyer's prices (or the price the line brings), totals exact to the cent."""
    out = []
    for line, product in resolved:
        unit = (
            line.unit_price
            if line.unit_price is not None
            else pricer.unit_price(product, line.quantity)
        )
        unit = unit.quantize(CENT)
        out.append(
            NewOrderLine(
                sku=product.sku,
                name=product.name,
                quantity=line.quantity,
                unit_price=unit,
                total=line_total(unit, line.quantity),
                vat_rate=product.vat_rate,
            )
        )
    return out


def total_of(lines: list[NewOrderLine]) -> Decimal:
    return sum((line.total for line in lines), Decimal("0.00")).quantize(CENT)
