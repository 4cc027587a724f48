"""Normalisation and validation of customer input: VAT numbers, countries, e-mail addresses."""

from __future__ import annotations

import re

import pycountry
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError
from stdnum.gb import vat as gb_vat

INVALID = "INVALID"
EMAIL_INVALID = "EMAIL_INVALID"
MAX_EMAIL_LENGTH = 254
MAX_LOCAL_PART_LENGTH = 64

_VAT_PREFIX_ALIASES = {"GR": "EL"}
_VAT_PREFIXES = frozenset({code.upper() for code in eu_vat.MEMBER_STATES} | {"EL", "GB"})
_LOCAL_FORBIDDEN = re.compile(r'[\s\x00-\x1f\x7f<>()\[\]\\,;:"@]')
_DOMAIN_LABEL = re.compile(r"^[^\W_](?:(?:[^\W_]|-)*[^\W_])?$")


class ValidationProblem(Exception):
    """A field of the input was refused; `message` can be shown to a customer."""

    def __init__(self, field: str, code: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.code = code
        self.message = message

    def __reduce__(self) -> tuple[type[ValidationProblem], tuple[str, str, str]]:
        return (type(self), (self.field, self.code, self.message))


def normalise_vat_number(raw: str, field: str = "vatNumber") -> str:
    """Return the compact VAT number with its country prefix, e.g. "NL004495445B01"."""
    cleaned = re.sub(r"[\s.,\-/]", "", raw).upper()
    prefix = cleaned[:2]
    invalid = ValidationProblem(field, INVALID, "This is not a valid VAT number.")
    if not (len(cleaned) > 2 and prefix.isascii() and prefix.isalpha()):
        raise invalid
    if prefix not in _VAT_PREFIXES:
        raise ValidationProblem(
            field, INVALID, "Start the VAT number with a supported EU or GB country code."
        )
    try:
        if prefix == "GB":
            return "GB" + gb_vat.validate(cleaned)
        number = eu_vat.validate(cleaned)
    except ValidationError as exc:
        raise invalid from exc
    return _VAT_PREFIX_ALIASES.get(number[:2], number[:2]) + number[2:]


def normalise_country(raw: str, field: str = "country") -> str:
    """Return the ISO 3166-1 alpha-2 code for an alpha-2 or alpha-3 code."""
    code = raw.strip().upper()
    country = None
    if code.isascii() and code.isalpha():
        if len(code) == 2:
            country = pycountry.countries.get(alpha_2=code)
        elif len(code) == 3:
            country = pycountry.countries.get(alpha_3=code)
    if country is None:
        raise ValidationProblem(field, INVALID, "This is not a known country code.")
    return str(country.alpha_2)


def _email_problem(field: str) -> ValidationProblem:
    return ValidationProblem(field, EMAIL_INVALID, "This is not a valid e-mail address.")


def _valid_local_part(local: str) -> bool:
    return (
        0 < len(local) <= MAX_LOCAL_PART_LENGTH
        and not _LOCAL_FORBIDDEN.search(local)
        and not local.startswith(".")
        and not local.endswith(".")
        and ".." not in local
    )


def _valid_domain(domain: str) -> bool:
    labels = domain.split(".")
    return (
        len(labels) >= 2
        and all(0 < len(label) <= 63 and _DOMAIN_LABEL.match(label) for label in labels)
        and not labels[-1].isdigit()
    )


def normalise_email(raw: str, field: str = "email") -> str:
    """Strip and check an e-mail address; return it with the domain lower-cased."""
    address = raw.strip()
    if len(address) > MAX_EMAIL_LENGTH or address.count("@") != 1:
        raise _email_problem(field)
    local, domain = address.split("@")
    if not _valid_local_part(local) or not _valid_domain(domain):
        raise _email_problem(field)
    return f"{local}@{domain.lower()}"
