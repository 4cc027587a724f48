"""Postal addresses typed at checkout, sent with an admin order or kept in the address book.

One checker for all three: `check_address` applies the per-country rules of
`gateway.addresses.rules` (Google's address dataset) and returns the snapshot shape of
`gateway.db.addresses.Address.as_snapshot`, `{name, street, postalCode, city, countryArea,
country}`, stored as jsonb on checkouts and orders and as columns in the address book.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.addresses.rules import (
    CountryRules,
    area_examples,
    area_name,
    fits,
    match_area,
    normalise_postal_code,
    postal_code_hint,
    rules_for,
)
from gateway.errors import Problem
from gateway.text import text_fault
from gateway.validation import ValidationProblem, normalise_country

LIMITS = {"name": 200, "street": 300, "postalCode": 20, "city": 100, "countryArea": 100}
LABELS = {"name": "name", "street": "street", "postalCode": "postal code", "city": "city"}


@dataclass(frozen=True)
class AddressData:
    name: str
    street: str
    postal_code: str
    city: str
    country: str
    country_area: str | None = None


def _too_long(key: str, value: str) -> bool:
    return len(value) > LIMITS[key]


def _country(raw: str, path: list[str], problems: list[Problem]) -> CountryRules | None:
    try:
        code = normalise_country(raw)
        return rules_for(code)
    except ValidationProblem as problem:
        problems.append(Problem(problem.code, [*path, "country"], problem.message))
    except ValueError:  # a code ISO knows and the address dataset does not
        problems.append(Problem("INVALID", [*path, "country"], "We cannot ship to this country."))
    return None


def _area(
    value: str, rules: CountryRules, path: list[str], problems: list[Problem]
) -> tuple[str, CountryRules]:
    """The area as stored, and the rules sharpened for it (postal code prefix, examples)."""
    if not value or not rules.area_choices:
        return value, rules
    matched = match_area(rules, value)
    if matched is None:
        problems.append(
            Problem(
                "INVALID",
                [*path, "countryArea"],
                f"Choose a {rules.area_label} of {rules.name}, such as {area_examples(rules)}.",
            )
        )
        return value, rules
    key, stored = matched
    return stored, rules_for(rules.code, key)


def _postal_code(
    value: str, rules: CountryRules, area: str, path: list[str], problems: list[Problem]
) -> str:
    field = [*path, "postalCode"]
    if not rules.postal_code_used:
        return value  # kept as typed: the country has none, nothing is lost
    if not value:
        if rules.postal_code_required:
            problems.append(Problem("INVALID", field, f"Fill in the {rules.postal_code_label}."))
        return value
    normalised = normalise_postal_code(value, rules)
    if not fits(normalised, rules):
        where = rules.name if not area else f"{area_name(rules, area)}, {rules.name}"
        problems.append(Problem("INVALID", field, postal_code_hint(rules, where)))
    return normalised


def check_address(
    address: AddressData, path: list[str]
) -> tuple[dict[str, str] | None, list[Problem]]:
    """The snapshot, or the problems with each field (path + field name)."""
    values = {
        "name": address.name.strip(),
        "street": address.street.strip(),
        "postalCode": address.postal_code.strip(),
        "city": address.city.strip(),
        "countryArea": (address.country_area or "").strip(),
    }
    problems: list[Problem] = []
    rules = _country(address.country, path, problems)
    required = {"name", "street"} | ({"city"} if rules is None or rules.city_required else set())
    for key, value in values.items():
        if not value:
            if key in required:
                label = rules.city_label if key == "city" and rules else LABELS[key]
                problems.append(Problem("INVALID", [*path, key], f"Fill in the {label}."))
        elif (fault := text_fault(value)) is not None:
            problems.append(Problem("INVALID", [*path, key], fault))
        elif _too_long(key, value):
            label = LABELS.get(key, "region")
            problems.append(
                Problem(
                    "INVALID",
                    [*path, key],
                    f"The {label} has at most {LIMITS[key]} characters on one line.",
                )
            )
    if rules is None:
        return None, problems
    refused = {tuple(p.field or []) for p in problems}
    if (*path, "countryArea") not in refused:
        values["countryArea"], rules = _area(values["countryArea"], rules, path, problems)
    if (*path, "postalCode") not in refused:
        values["postalCode"] = _postal_code(
            values["postalCode"], rules, values["countryArea"], path, problems
        )
    values["country"] = rules.code
    return (None, problems) if problems else (values, [])
