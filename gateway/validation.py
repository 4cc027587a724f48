"""Normalisation and validation of customer input: VAT numbers, countries, e-mail addresses."""

from __future__ import annotations

import functools
import importlib
import re
import unicodedata
from uuid import UUID

import email_validator
import pycountry
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError
from stdnum.gb import vat as gb_vat

from gateway.lookalikes import compatibility_variant, invisible_character, mixed_script_label
from gateway.text import text_fault

INVALID = "INVALID"
EMAIL_INVALID = "EMAIL_INVALID"
MAX_EMAIL_LENGTH = 254

_VAT_PREFIX_ALIASES = {"GR": "EL"}
_VAT_PREFIXES = frozenset({code.upper() for code in eu_vat.MEMBER_STATES} | {"EL", "GB"})


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


def _email_problem(field: str, message: str | None = None) -> ValidationProblem:
    return ValidationProblem(field, EMAIL_INVALID, message or "This is not a valid e-mail address.")


# email-validator checks the domain of every address it sees (IDNA 2008, UTS #46, special-use
# names), which is most of its cost (~0.15 ms of ~0.2 ms an address). Without deliverability
# checks that is a pure function of the domain and the two flags, and real address lists repeat
# few domains, so it is memoised here (a CSV import of 100,000 contacts checks each domain once).
# The library's `validate_email` calls it through its own module's name, which is what this
# replaces; the dict it returns is only read.
_email_module = importlib.import_module("email_validator.validate_email")
_email_module.validate_email_domain_name = functools.lru_cache(maxsize=8192)(
    _email_module.validate_email_domain_name
)

# RFC 2606 / RFC 6761 names that never receive mail: accepted outside production so that tests
# and demos can use them (`example.test`, `shop.example`), refused in production.
RESERVED_TEST_SUFFIXES = ("test", "example", "invalid", "localhost")
_rules = {"allow_reserved_test_domains": True}


def configure_email_rules(*, production: bool) -> None:
    """Set once per process from the settings (the app and the CLI call it)."""
    _rules["allow_reserved_test_domains"] = not production


def _is_reserved_test_domain(domain: str) -> bool:
    name, dot, last = domain.rpartition(".")
    return bool(name and dot) and last.lower() in RESERVED_TEST_SUFFIXES


def normalise_email(raw: str, field: str = "email") -> str:
    """Check an e-mail address and return its one stored spelling.

    Uses `email-validator` (syntax of RFC 5321/5322 with SMTPUTF8 (RFC 6531), no network):
    the local part in Unicode NFC, the domain lower-cased in its Unicode form (IDNA 2008, UTS
    #46), so `jürgen@bücher.de`, `ju\u0308rgen@BÜCHER.de` and `jürgen@xn--bcher-kva.de` are one
    address. Lookups compare `lower(email)`, so the local part's case does not matter either.
    Quoted local parts, IP-address domains and display names are refused (EMAIL_INVALID), and
    so are lookalike addresses (gateway/lookalikes.py, UTS #39): invisible or direction-changing
    characters anywhere, scripts mixed within one label (`p\u0430ypal@...`, a Cyrillic 'a' U+0430),
    compatibility forms (full-width `\uff43`, mathematical bold letters) that NFKC folds;
    an address in one script per label (`иван@пример.рф`) is fine. NUL and other control
    characters: the text rule's message (gateway/text.py).
    """
    address = raw.strip()
    if not address or len(address) > 4 * MAX_EMAIL_LENGTH:
        raise _email_problem(field)
    fault = text_fault(address)
    if fault is not None:
        raise _email_problem(field, fault)
    invisible = invisible_character(address)
    if invisible is not None:
        raise _email_problem(
            field, f"An e-mail address cannot contain invisible characters ({invisible})."
        )
    domain = address.rpartition("@")[2]
    test_domain = _is_reserved_test_domain(domain)
    if test_domain and not _rules["allow_reserved_test_domains"]:
        raise _email_problem(field, "This e-mail address cannot receive mail.")
    try:
        checked = email_validator.validate_email(
            address,
            check_deliverability=False,
            test_environment=test_domain,
            globally_deliverable=not test_domain,
            allow_quoted_local=False,
            allow_domain_literal=False,
            allow_display_name=False,
            strict=True,  # RFC 5321 length limits (64 before the @, 254 in all)
        )
    except email_validator.EmailNotValidError as error:
        raise _email_problem(field, _customer_message(error)) from None
    normalised = unicodedata.normalize("NFC", checked.normalized)
    mixed = mixed_script_label(normalised)
    if mixed is not None:
        raise _email_problem(
            field,
            f"“{mixed}” mixes letters of different alphabets; "
            "write each part of the address in one alphabet.",
        )
    variant = compatibility_variant(normalised)
    if variant is not None:
        raise _email_problem(
            field,
            f"The address uses a look-alike form of a character ({variant}); "
            "type it as an ordinary letter or digit.",
        )
    if len(normalised.encode()) > MAX_EMAIL_LENGTH * 2 or len(normalised) > MAX_EMAIL_LENGTH:
        raise _email_problem(field, "This e-mail address is too long.")
    return normalised


def _customer_message(error: Exception) -> str:
    """email-validator's explanation, which is written for people ("The part after the
    @-sign is not valid. It should have a period.")."""
    text = str(error).strip()
    if not text or len(text) > 200:
        return "This is not a valid e-mail address."
    return text


def smtp_address(email: str) -> str:
    """The address as SMTP carries it: the domain in its ASCII (IDNA 2008) form, so mail to
    `jan@bücher.de` goes out as `jan@xn--bcher-kva.de` to any server; a non-ASCII local part
    still needs a server with SMTPUTF8 (RFC 6531). Unparseable input is returned as it is."""
    local, at, domain = email.rpartition("@")
    if not at or domain.isascii():
        return email
    try:
        checked = email_validator.validate_email(
            email, check_deliverability=False, test_environment=True, globally_deliverable=False
        )
    except email_validator.EmailNotValidError:
        return email
    return f"{local}@{checked.ascii_domain}"


def uuid_or_none(raw: object) -> UUID | None:
    """An id given by a client as a UUID, or None for anything that is not one (callers answer
    NOT_FOUND alike for a malformed and an unknown id)."""
    try:
        return UUID(str(raw).strip())
    except ValueError:
        return None
