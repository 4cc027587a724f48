"""Mail templates: one file per template and locale, `templates/<name>.<locale>.txt`.

A template file starts with a `Subject:` line, then a blank line, then the plain-text body.
Placeholders are `$name` (string.Template). The HTML part is made from the text: paragraphs,
escaped, with links made clickable, so one file per locale is all a template needs.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from string import Template

LOCALES = ("en", "nl")
_LINK = re.compile(r"(https?://[^\s<>\"]+)")


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


@cache
def _load(name: str, locale: str) -> tuple[Template, Template]:
    folder = resources.files("gateway") / "mail" / "templates"
    path = folder / f"{name}.{locale}.txt"
    if not path.is_file():
        path = folder / f"{name}.en.txt"
    raw = path.read_text(encoding="utf-8")
    first, _, body = raw.partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"mail template {path} must start with a Subject: line")
    return Template(first.removeprefix("Subject:").strip()), Template(body.lstrip("\n"))


def _to_html(text: str) -> str:
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    parts = []
    for paragraph in paragraphs:
        escaped = html.escape(paragraph).replace("\n", "<br>")
        linked = _LINK.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', escaped)
        parts.append(f"<p>{linked}</p>")
    body = "\n".join(parts)
    return f'<!doctype html><html><body style="font-family:sans-serif">{body}</body></html>'


def render(name: str, locale: str, params: dict[str, str]) -> RenderedMail:
    subject_t, body_t = _load(name, locale if locale in LOCALES else "en")
    subject = subject_t.substitute(params)
    text = body_t.substitute(params)
    return RenderedMail(subject=subject, text=text, html=_to_html(text))
