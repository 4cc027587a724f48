"""Tests for gateway.validation."""

from __future__ import annotations

import contextlib
import pickle
from collections.abc import Iterator

import pytest
from stdnum.eu import vat as eu_vat
from stdnum.gb import vat as gb_vat

from gateway.validation import (
    EMAIL_INVALID,
    INVALID,
    ValidationProblem,
    normalise_country,
    normalise_email,
    normalise_vat_number,
)

# Known-valid numbers; each is checked against stdnum below before the tests rely on it.
VALID_EU = ["NL004495445B01", "DE136695976", "BE0403019261", "FR40303265045", "EL094259216"]
VALID_GB = "GB980780684"


def test_example_numbers_are_valid_according_to_stdnum() -> None:
    for number in VALID_EU:
        assert eu_vat.is_valid(number), number
    assert gb_vat.is_valid(VALID_GB)
    assert not eu_vat.is_valid("NL001234567B01")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" nl 0044.95.445.B01 ", "NL004495445B01"),
        ("NL004495445b01", "NL004495445B01"),
        ("DE 136 695 976", "DE136695976"),
        ("BE 0403.019.261", "BE0403019261"),
        ("FR 40 303 265 045", "FR40303265045"),
        ("el094259216", "EL094259216"),
        ("GR094259216", "EL094259216"),
        ("GB 980 7806 84", "GB980780684"),
        ("gb980780684", "GB980780684"),
    ],
)
def test_valid_vat_numbers_are_normalised(raw: str, expected: str) -> None:
    assert normalise_vat_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["NL001234567B01", "NL004495446B01", "DE136695977", "GB123456789", "NL12", "", "  ", "12345"],
)
def test_invalid_vat_numbers_are_refused(raw: str) -> None:
    with pytest.raises(ValidationProblem) as info:
        normalise_vat_number(raw)
    assert info.value.code == INVALID
    assert info.value.field == "vatNumber"
    assert info.value.message == "This is not a valid VAT number."


@pytest.mark.parametrize("raw", ["US123456789", "CH123456789", "XX004495445B01"])
def test_unknown_vat_country_prefix_is_refused(raw: str) -> None:
    with pytest.raises(ValidationProblem) as info:
        normalise_vat_number(raw, field="customerVatNumber")
    assert info.value.code == INVALID
    assert info.value.field == "customerVatNumber"
    assert "country code" in info.value.message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("nl", "NL"), ("NL", "NL"), (" de ", "DE"), ("NLD", "NL"), ("bel", "BE"), ("gbr", "GB")],
)
def test_country_codes_are_normalised(raw: str, expected: str) -> None:
    assert normalise_country(raw) == expected


@pytest.mark.parametrize("raw", ["", "X", "XX", "UK", "NLDX", "N1", "Netherlands", "528", "ÑL"])
def test_unknown_country_codes_are_refused(raw: str) -> None:
    with pytest.raises(ValidationProblem) as info:
        normalise_country(raw)
    assert info.value.field == "country"
    assert info.value.code == INVALID


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("jan@example.nl", "jan@example.nl"),
        (" Jan.Jansen@Example.NL ", "Jan.Jansen@example.nl"),
        ("first+tag@mail.shop.example.com", "first+tag@mail.shop.example.com"),
        ("o'brien@example.ie", "o'brien@example.ie"),
        ("jan@münchen.de", "jan@münchen.de"),
        ("a@x-y.co", "a@x-y.co"),
    ],
)
def test_valid_emails_are_normalised(raw: str, expected: str) -> None:
    assert normalise_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "jan",
        "jan@",
        "@example.nl",
        "jan@example",
        "jan@@example.nl",
        "jan@ex@ample.nl",
        "jan jansen@example.nl",
        "jan@exa mple.nl",
        "jan@example..nl",
        "jan@.example.nl",
        "jan@example.nl.",
        "jan@-example.nl",
        "jan@example-.nl",
        "jan@exam_ple.nl",
        ".jan@example.nl",
        "jan..jansen@example.nl",
        "jan@127.0.0.1",
        "x" * 65 + "@example.nl",
        "a@" + "b" * 250 + ".nl",
    ],
)
def test_invalid_emails_are_refused(raw: str) -> None:
    with pytest.raises(ValidationProblem) as info:
        normalise_email(raw)
    assert info.value.field == "email"
    assert info.value.code == EMAIL_INVALID
    assert info.value.message.endswith(".") and len(info.value.message) < 200


def test_validation_problem_behaves_as_exception() -> None:
    problem = ValidationProblem("email", EMAIL_INVALID, "This is not a valid e-mail address.")
    assert str(problem) == "This is not a valid e-mail address."
    copy = pickle.loads(pickle.dumps(problem))  # noqa: S301 - our own bytes
    assert (copy.field, copy.code, copy.message) == (problem.field, problem.code, problem.message)


def test_validation_problem_passes_through_context_managers() -> None:
    @contextlib.contextmanager
    def passthrough() -> Iterator[None]:
        yield

    with pytest.raises(ValidationProblem) as info, passthrough():
        normalise_country("XX")
    assert info.value.code == INVALID
