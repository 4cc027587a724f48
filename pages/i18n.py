"""Page strings in nl and en (locale/*.json), dates, money and API errors in the page's language."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

from markupsafe import Markup, escape

LANGUAGES = ("nl", "en")
_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


@cache
def strings(lang: str) -> dict[str, str]:
    text = (resources.files("pages") / "locale" / f"{lang}.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def pick(lang: str | None) -> str | None:
    return lang if lang in LANGUAGES else None


class Translator:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._strings = strings(lang)

    def __call__(self, key: str, **values: Any) -> str:
        """The string for `key`; `{name}` placeholders filled with escaped values."""
        template = self._strings.get(key) or strings("en").get(key) or key
        if not values:
            return Markup(template)  # noqa: S704 - our own strings (locale/*.json): trusted
        # Markup.format escapes the values; the template is ours.
        return Markup(template).format(**{k: escape(v) for k, v in values.items()})  # noqa: S704

    def error(self, error: dict[str, Any]) -> str:
        """An API UserError in this language: nl by its code (and field), en as the API says."""
        code = str(error.get("code", ""))
        field = (error.get("field") or [""])[-1]
        if self.lang == "en" and error.get("message"):
            return str(error["message"])
        for key in (f"error.{code}.{field}", f"error.{code}"):
            if key in self._strings:
                return self._strings[key]
        return str(error.get("message") or self._strings["error.generic"])

    def money(self, money: dict[str, Any] | None) -> str:
        if not money:
            return ""
        try:
            amount = Decimal(str(money["amount"])).quantize(Decimal("0.01"))
        except (InvalidOperation, KeyError):
            return ""
        symbol = _SYMBOLS.get(money.get("currency", ""), money.get("currency", "") + " ")
        sign = "-" if amount < 0 else ""
        whole, cents = f"{abs(amount):,.2f}".split(".")
        if self.lang == "nl":
            return f"{sign}{symbol} {whole.replace(',', '.')},{cents}"
        return f"{sign}{symbol}{whole}.{cents}"

    def date(self, value: str | None) -> str:
        if not value:
            return ""
        try:
            day = (
                datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value)
            )
        except ValueError:
            return value
        month = _MONTHS[self.lang].split()[day.month - 1]
        return f"{day.day} {month} {day.year}"

    def datetime(self, value: str | None) -> str:
        if not value:
            return ""
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return f"{self.date(value)}, {moment:%H:%M}"

    def percent(self, value: str | None) -> str:
        if value is None:
            return ""
        number = Decimal(str(value)).normalize()
        text = f"{number:f}"
        return (text.replace(".", ",") if self.lang == "nl" else text) + "%"
