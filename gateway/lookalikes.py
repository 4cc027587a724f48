"""Lookalike e-mail addresses: invisible characters and scripts mixed within one label.

An address such as `p\u0430ypal@example.com` (a Cyrillic 'a', U+0430, among Latin letters) or
`ann\u2060@example.com` (an invisible word joiner) reads as another one. The rules are those of
Unicode Technical Standard #39 (Unicode Security Mechanisms):
- section 5.1, mixed-script detection: a label's *resolved script set* is the intersection of
  its characters' augmented Script_Extensions (Common and Inherited count as every script; Han
  adds Hanb, Jpan and Kore, Hiragana and Katakana add Jpan, Hangul adds Kore, Bopomofo adds
  Hanb); an empty set means the label mixes scripts;
- section 5.2, the Highly Restrictive level: besides one script, a label may be Latin with the
  writing systems that mix with it (Latin + Han + Hiragana + Katakana; Latin + Han + Bopomofo;
  Latin + Han + Hangul);
- section 3.1, the General Security Profile leaves out characters whose NFKC form differs
  (compatibility variants: full-width U+FF43, mathematical bold U+1D41C, ligatures; IDNA
  already folds them in the domain, so this bites in the local part), and
  Default_Ignorable_Code_Point characters
  (DerivedCoreProperties.txt: zero-width and bidi controls, fillers, variation selectors, tag
  characters) and other invisible ones (format, space, private-use and unassigned characters).
Script_Extensions come from fontTools' copy of the Unicode Character Database (fontTools
arrives with fpdf2 and follows each Unicode release). A label is a part of the domain between
dots, or a part of the local part between dots or a plus sign. An address in one script per
label (`иван@пример.рф`, `müller@exämple.de`, `γιάννης@παράδειγμα.ελ`) is fine.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from fontTools.unicodedata import script_extension

# DerivedCoreProperties.txt (Unicode 16.0), Default_Ignorable_Code_Point.
_DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})
_ANY = frozenset({"Zyyy", "Zinh"})  # Common, Inherited: compatible with every script
_AUGMENT = {
    "Hani": {"Hanb", "Jpan", "Kore"},
    "Hira": {"Jpan"},
    "Kana": {"Jpan"},
    "Hang": {"Kore"},
    "Bopo": {"Hanb"},
}
_WITH_LATIN = frozenset({"Jpan", "Hanb", "Kore"})
_LABEL_SEPARATORS = re.compile(r"[.+@]")


@functools.lru_cache(maxsize=4096)
def _scripts(char: str) -> frozenset[str] | None:
    """The augmented Script_Extensions of `char`; None for Common/Inherited (any script)."""
    found = set(script_extension(char))
    if found & _ANY:
        return None
    for script in list(found):
        found |= _AUGMENT.get(script, set())
    return frozenset(found)


def _resolved(label: str) -> frozenset[str] | None:
    """UTS #39 5.1 resolved script set; None when every character is Common/Inherited."""
    resolved: frozenset[str] | None = None
    for char in label:
        scripts = _scripts(char)
        if scripts is not None:
            resolved = scripts if resolved is None else resolved & scripts
    return resolved


def _mixes_scripts(label: str) -> bool:
    resolved = _resolved(label)
    if resolved is None or resolved:
        return False
    others = _resolved("".join(c for c in label if "Latn" not in (_scripts(c) or ())))
    return not (others and others & _WITH_LATIN)


def invisible_character(address: str) -> str | None:
    """The first invisible or direction-changing character, as "U+200B", or None."""
    found = _DEFAULT_IGNORABLE.search(address)
    if found is not None:
        return f"U+{ord(found.group()):04X}"
    for char in address:
        if not char.isascii() and unicodedata.category(char) in _INVISIBLE_CATEGORIES:
            return f"U+{ord(char):04X}"
    return None


def mixed_script_label(address: str) -> str | None:
    """The first label of `address` that mixes scripts (UTS #39 Highly Restrictive), or None.
    ASCII addresses are one script by construction and return at once."""
    if address.isascii():
        return None
    for label in _LABEL_SEPARATORS.split(address):
        if not label.isascii() and _mixes_scripts(label):
            return label
    return None


def compatibility_variant(address: str) -> str | None:
    """The first character that Unicode NFKC folds into another (a full-width or mathematical
    letter, a ligature), as "U+FF43", or None. ASCII addresses return at once."""
    if address.isascii():
        return None
    for char in address:
        if not char.isascii() and unicodedata.normalize("NFKC", char) != char:
            return f"U+{ord(char):04X}"
    return None
