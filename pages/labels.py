"""Names shown for codes: countries (pycountry, in the page's language) and devices."""

from __future__ import annotations

import gettext
from functools import cache

import pycountry


@cache
def countries(lang: str) -> list[tuple[str, str]]:
    """(alpha-2 code, name) sorted by name in `lang`."""
    names = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
    pairs = [(c.alpha_2, names.gettext(c.name)) for c in pycountry.countries]
    return sorted(pairs, key=lambda pair: pair[1].casefold())


def country_name(code: str | None, lang: str) -> str:
    return dict(countries(lang)).get((code or "").upper(), code or "")


_BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def device_name(user_agent: str | None) -> str | None:
    """`Chrome on macOS` from a User-Agent header; None when nothing is recognised."""
    if not user_agent:
        return None
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), None)
    if browser and system:
        return f"{browser} · {system}"
    return browser or system or user_agent[:60]
