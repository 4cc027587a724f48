"""Checks for a contact's fields, shared by the checkout's contact step and the admin API.

Each returns the cleaned value and the problems found, so callers can report every field at once.
"""

from __future__ import annotations

import re

from gateway.errors import Problem
from gateway.text import normalise_line_breaks, text_fault
from gateway.validation import ValidationProblem, normalise_email, normalise_vat_number

MAX_NAME = 200
LOCALES = ("nl", "en")
_PHONE = re.compile(r"\+?[0-9 ()./-]{5,40}")


def check_name(raw: str, path: list[str]) -> tuple[str, list[Problem]]:
    name = " ".join(raw.split())  # one line, single spaces
    if not name:
        return name, [Problem("INVALID", path, "Fill in a name.")]
    fault = text_fault(name)
    if fault is not None:
        return name, [Problem("INVALID", path, fault)]
    if len(name) > MAX_NAME:
        return name, [Problem("INVALID", path, f"A name has at most {MAX_NAME} characters.")]
    return name, []


def check_phone(raw: str | None, path: list[str]) -> tuple[str | None, list[Problem]]:
    """An empty phone number is no phone number."""
    phone = (raw or "").strip()
    if not phone:
        return None, []
    digits = sum(c.isdigit() for c in phone)
    if not _PHONE.fullmatch(phone) or not 6 <= digits <= 20:
        return None, [Problem("INVALID", path, "This is not a phone number we can call.")]
    return phone, []


def check_email(raw: str, path: list[str]) -> tuple[str, list[Problem]]:
    try:
        return normalise_email(raw), []
    except ValidationProblem as problem:
        return raw, [Problem(problem.code, path, problem.message)]


def check_locale(raw: str, path: list[str]) -> tuple[str, list[Problem]]:
    locale = raw.strip().lower()
    if locale not in LOCALES:
        return locale, [Problem("INVALID", path, "The locale is nl or en.")]
    return locale, []


def check_vat_number(raw: str | None, path: list[str]) -> tuple[str | None, list[Problem]]:
    if raw is None or not raw.strip():
        return None, []
    try:
        return normalise_vat_number(raw), []
    except ValidationProblem as problem:
        return None, [Problem(problem.code, path, problem.message)]


def check_free_text(
    raw: str | None, path: list[str], limit: int, *, multiline: bool = True
) -> tuple[str | None, list[Problem]]:
    """A comment, note, carrier or group name: stripped, empty is none; tabs and line breaks
    are kept where `multiline` (CR LF as LF), other control characters refused (the rule of
    gateway/text.py); at most `limit` characters.
    The one check for free text, so every field refuses the same things with the same words."""
    text = (raw or "").strip() or None
    if text is None:
        return None, []
    fault = text_fault(text, multiline=multiline)
    if fault is not None:
        return text, [Problem("INVALID", path, fault)]
    text = normalise_line_breaks(text)
    if len(text) > limit:
        return text, [Problem("INVALID", path, f"At most {limit:,} characters.")]
    return text, []
