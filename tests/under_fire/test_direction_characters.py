"""Characters that make text show differently from what it says are refused like controls: the
bidirectional embedding/override/isolate controls everywhere (a name "Cust\\u202eb" shows
reversed to the merchant and on invoices: found by QA), line separators and U+FEFF in a single
line. Scripts keep their implicit marks and joiners."""

from __future__ import annotations

import httpx
import pytest

from gateway.tenancy.shops import CreatedShop
from gateway.text import text_fault
from tests.accounts.flows import REGISTER
from tests.gql import data, storefront


@pytest.mark.parametrize(
    "bad",
    ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"],
)
def test_direction_controls_are_refused_in_any_text(bad: str) -> None:
    assert "writing direction" in (text_fault(f"Ann{bad}Example") or "")
    assert "writing direction" in (text_fault(f"line one\n{bad}two", multiline=True) or "")


@pytest.mark.parametrize("bad", ["\u2028", "\u2029", "\ufeff"])
def test_separators_and_invisible_marks_are_refused_in_one_line(bad: str) -> None:
    assert text_fault(f"Ann{bad}Example") is not None
    assert text_fault(f"line one{bad}two", multiline=True) is None


@pytest.mark.parametrize(
    "fine",
    [
        "\u0633\u0644\u0627\u0645\u200f",  # Arabic with a right-to-left mark
        "\u0915\u094d\u200d\u0937",  # Devanagari with a zero-width joiner
        "Zo\u00eb \u00d8stergaard",
        "\U0001f469\u200d\U0001f4bb Ann",  # an emoji sequence
    ],
)
def test_what_scripts_need_stays(fine: str) -> None:
    assert text_fault(fine) is None


async def test_a_name_with_an_override_is_invalid_on_its_field(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    variables = {
        "input": {
            "email": "ann@example.com",
            "password": "a long passphrase 7",
            "fullName": "Cust\u202eb",
        }
    }
    payload = data(await storefront(client, shop.storefront_key, REGISTER, variables))["register"]
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("INVALID", ["input", "fullName"])
    ]
