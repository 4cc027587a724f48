"""Reading a contacts CSV file row by row, and checking each row with the sign-up field checks.

The header row names the columns in any order: `email` (required), `full_name`, `phone`,
`locale`, `vat_number`, `customer_group`, `organisation`, `organisation_role`. Names are
matched case-insensitively, with spaces or hyphens read as underscores ("Full Name"; also
"E-mail" and "Name"); other columns are ignored (and listed). UTF-8 with or without a byte
order mark; a header with semicolons and no commas (Excel in many European locales) is read as
semicolon-separated.
Line numbers are the file's physical lines (the header is line 1).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from gateway.contacts.fields import (
    check_email,
    check_free_text,
    check_locale,
    check_name,
    check_phone,
    check_vat_number,
)

COLUMNS = (
    "email",
    "full_name",
    "phone",
    "locale",
    "vat_number",
    "customer_group",
    "organisation",
    "organisation_role",
)
ROLES = ("ADMIN", "BUYER")
MAX_GROUP_NAME = 200
MAX_ORGANISATION_NAME = 300
MAX_CELL = 10_000


class HeaderProblem(ValueError):
    """The file cannot be imported at all (no header, no `email` column, ...)."""


@dataclass(frozen=True)
class RowError:
    line: int
    field: str | None
    message: str

    def as_json(self) -> dict[str, object]:
        return {"line": self.line, "field": self.field, "message": self.message}


# A checked row as staged: (line, email, full_name, phone, locale, vat_number,
# customer_group, organisation, organisation_role); None leaves a field as it is.
StagedRow = tuple[int, str, str | None, str | None, str | None, str | None, str | None,
                  str | None, str | None]  # fmt: skip


@dataclass(frozen=True)
class Header:
    positions: dict[str, int]
    ignored: list[str]
    width: int


ALIASES = {
    "e_mail": "email",
    "email_address": "email",
    "name": "full_name",
    "fullname": "full_name",
}


def _column_name(raw: str) -> str:
    name = "_".join(raw.strip().lower().replace("-", " ").split())
    return ALIASES.get(name, name)


def read_header(cells: list[str]) -> Header:
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, raw in enumerate(cells):
        name = _column_name(raw)
        if name in COLUMNS:
            if name in positions:
                raise HeaderProblem(f"the column {name} appears twice in the header")
            positions[name] = index
        elif name:
            ignored.append(raw.strip())
    if "email" not in positions:
        raise HeaderProblem("the header row (line 1) has no email column")
    return Header(positions, ignored, len(cells))


def rows(stream: TextIO) -> Iterator[tuple[int, list[str]]]:
    """(first line of the record, cells) for every record, the header included."""
    first = stream.readline()
    if not first:
        raise HeaderProblem("the file is empty")
    delimiter = ";" if ";" in first and "," not in first else ","

    def lines() -> Iterator[str]:
        yield first
        yield from stream

    reader = csv.reader(lines(), delimiter=delimiter, strict=True)
    last = 0
    try:
        for cells in reader:
            yield last + 1, cells
            last = reader.line_num
    except csv.Error as error:
        raise HeaderProblem(f"line {last + 1}: the CSV cannot be read ({error})") from None


def _unreadable(cells: list[str]) -> bool:
    """A cell too long, or bytes that were not UTF-8 (read with surrogateescape)."""
    for cell in cells:
        if len(cell) > MAX_CELL:
            return True
        if not cell.isascii():
            try:
                cell.encode("utf-8")
            except UnicodeEncodeError:
                return True
    return False


def check_row(line: int, cells: list[str], header: Header) -> StagedRow | list[RowError]:
    """The staged row, or every problem of the row (field = the column name)."""
    if len(cells) > header.width:
        return [RowError(line, None, "This row has more cells than the header.")]
    if _unreadable(cells):
        return [RowError(line, None, "This row is not UTF-8 text (or a cell is too long).")]
    width = len(cells)
    value: dict[str, str | None] = {}
    for column, index in header.positions.items():
        cell = cells[index].strip() if index < width else ""
        value[column] = cell or None
    errors: list[RowError] = []
    email, found = check_email(value["email"] or "", ["email"])
    errors += [RowError(line, "email", p.message) for p in found]
    name = value.get("full_name")
    if name is not None:
        name, found = check_name(name, ["full_name"])
        errors += [RowError(line, "full_name", p.message) for p in found]
    phone = value.get("phone")
    if phone is not None:
        phone, found = check_phone(phone, ["phone"])
        errors += [RowError(line, "phone", p.message) for p in found]
    locale = value.get("locale")
    if locale is not None:
        locale, found = check_locale(locale, ["locale"])
        errors += [RowError(line, "locale", p.message) for p in found]
    vat = value.get("vat_number")
    if vat is not None:
        vat, found = check_vat_number(vat, ["vat_number"])
        errors += [RowError(line, "vat_number", p.message) for p in found]
    group = _named(value.get("customer_group"), "customer_group", MAX_GROUP_NAME, errors, line)
    organisation = _named(
        value.get("organisation"), "organisation", MAX_ORGANISATION_NAME, errors, line
    )
    role = value.get("organisation_role")
    if role is not None:
        role = role.upper()
        if role not in ROLES:
            errors.append(RowError(line, "organisation_role", "The role is ADMIN or BUYER."))
        elif organisation is None:
            errors.append(
                RowError(line, "organisation_role", "A role needs an organisation in this row.")
            )
    if errors:
        return errors
    return (line, email, name, phone, locale, vat, group, organisation, role)


def _named(
    raw: str | None, column: str, limit: int, errors: list[RowError], line: int
) -> str | None:
    if raw is None:
        return None
    name, problems = check_free_text(" ".join(raw.split()), [column], limit, multiline=False)
    errors += [RowError(line, column, p.message) for p in problems]
    return name
