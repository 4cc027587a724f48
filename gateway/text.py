"""What a string may hold before it reaches PostgreSQL, a mail header or a PDF: the one rule.

Refused everywhere:
- NUL (U+0000): PostgreSQL's text types cannot store it;
- unpaired surrogates (U+D800-U+DFFF alone, e.g. a JSON `"\\ud800"`): not Unicode characters,
  they cannot be encoded as UTF-8 for the database, a mail or a PDF;
- the other C0 controls (U+0001-U+001F), DEL (U+007F) and the C1 controls (U+0080-U+009F):
  in a name, an address or a header they are at best invisible and at worst a header injection
  (CR/LF). Source: Unicode's general category Cc (The Unicode Standard, ch. 23.1);
- the explicit bidirectional embedding, override and isolate controls (U+202A-U+202E,
  U+2066-U+2069): a name or comment holding them shows to the merchant, on an invoice or in a
  mail in another order than it was typed (Unicode UAX #9, section 2; "Trojan Source",
  CVE-2021-42574). The implicit marks (U+200E/U+200F) and joiners stay: scripts need them.
Refused in single-line text too: the line and paragraph separators (U+2028, U+2029) and the
invisible zero-width no-break space (U+FEFF).

Multi-line free text (a return comment, an admin note, the seller's postal address: declared in
`resolvers/text_guard.py`) keeps TAB (U+0009) and line breaks; CR LF and a lone CR become LF.

`text_fault` is the check; the GraphQL layer (every String argument and input field), the URL
guard (`gateway/web/url_text.py`) and the domain's field checks (names, free text, CSV rows)
all call it, so every entry point refuses the same characters with the same words.
"""

from __future__ import annotations

import re

_SINGLE_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]"
)
_MULTI_LINE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)
_DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")

NUL_MESSAGE = "The text cannot contain the NUL character (U+0000)."
CONTROL_MESSAGE = "The text cannot contain control characters ({code})."
SURROGATE_MESSAGE = "The text contains an unpaired surrogate ({code}), which is not a character."
DIRECTION_MESSAGE = (
    "The text cannot contain characters that change its writing direction ({code}): it would "
    "show differently from what it says."
)
INVISIBLE_MESSAGE = (
    "A single line of text cannot contain line separators or invisible marks ({code})."
)


def text_fault(value: str, *, multiline: bool = False) -> str | None:
    """None when `value` may be stored, else the message (for a customer) naming the first bad
    character, e.g. "The text cannot contain control characters (U+0007).". O(len) in C."""
    found = (_MULTI_LINE if multiline else _SINGLE_LINE).search(value)
    if found is None:
        return None
    char = found.group()
    code = f"U+{ord(char):04X}"
    if char == "\x00":
        return NUL_MESSAGE
    if "\ud800" <= char <= "\udfff":
        return SURROGATE_MESSAGE.format(code=code)
    if _DIRECTION.match(char):
        return DIRECTION_MESSAGE.format(code=code)
    if char in "\u2028\u2029\ufeff":
        return INVISIBLE_MESSAGE.format(code=code)
    return CONTROL_MESSAGE.format(code=code)


def normalise_line_breaks(value: str) -> str:
    """CR LF and lone CR as LF (multi-line free text is stored with LF only)."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def without_surrogates(value: str) -> str:
    """`value` with every unpaired surrogate replaced by U+FFFD, for echoing text into an answer
    or a log (UTF-8 encoders refuse surrogates)."""
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
