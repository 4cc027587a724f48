"""Postal addresses typed at checkout or sent with an admin order, checked and kept as a snapshot.

The snapshot is the `{name, street, postalCode, city, country}` shape of
`gateway.db.addresses.Address.as_snapshot`, stored as jsonb on checkouts and orders.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.errors import Problem
from gateway.validation import ValidationProblem, normalise_country

LIMITS = {"name": 200, "street": 300, "postalCode": 20, "city": 100}
LABELS = {"name": "name", "street": "street", "postalCode": "postal code", "city": "city"}


@dataclass(frozen=True)
class AddressData:
    name: str
    street: str
    postal_code: str
    city: str
    country: str


def check_address(
    address: AddressData, path: list[str]
) -> tuple[dict[str, str] | None, list[Problem]]:
    """The snapshot, or the problems with each field (path + field name)."""
    values = {
        "name": address.name.strip(),
        "street": address.street.strip(),
        "postalCode": address.postal_code.strip(),
        "city": address.city.strip(),
    }
    problems: list[Problem] = []
    for key, value in values.items():
        if not value:
            problems.append(Problem("INVALID", [*path, key], f"Fill in the {LABELS[key]}."))
        elif len(value) > LIMITS[key] or any(ord(c) < 32 for c in value):
            problems.append(
                Problem(
                    "INVALID",
                    [*path, key],
                    f"The {LABELS[key]} has at most {LIMITS[key]} characters on one line.",
                )
            )
    try:
        values["country"] = normalise_country(address.country)
    except ValidationProblem as problem:
        problems.append(Problem(problem.code, [*path, "country"], problem.message))
    return (None, problems) if problems else (values, [])
