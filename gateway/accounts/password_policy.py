"""Password policy in the style of NIST SP 800-63B: length limits and a common-password list."""

from __future__ import annotations

import functools
import gzip
import unicodedata
from dataclasses import dataclass
from importlib import resources

MIN_LENGTH = 8
MAX_LENGTH = 1024
PASSWORD_TOO_WEAK = "PASSWORD_TOO_WEAK"
_DATA_FILE = "common-passwords.txt.gz"


@dataclass(frozen=True)
class PasswordProblem:
    """Why a password was refused, with a message a storefront can show."""

    code: str
    message: str


@functools.cache
def common_passwords() -> frozenset[str]:
    """Load the shipped list of common passwords (lower-case) once."""
    source = resources.files("gateway.accounts").joinpath("data", _DATA_FILE)
    with source.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip())


def _problem(message: str) -> PasswordProblem:
    return PasswordProblem(code=PASSWORD_TOO_WEAK, message=message)


def check_password(password: str, email: str | None = None) -> PasswordProblem | None:
    """Return the first problem with `password` (in its NFKC form, the one that is hashed),
    or None if it is acceptable."""
    password = unicodedata.normalize("NFKC", password)
    if len(password) > MAX_LENGTH:
        return _problem(f"Use at most {MAX_LENGTH} characters.")
    if len(password) < MIN_LENGTH:
        return _problem(f"Use at least {MIN_LENGTH} characters.")
    lowered = password.casefold()
    if email:
        address = email.strip().casefold()
        local_part = address.rpartition("@")[0] or address
        if lowered in {address, local_part}:
            return _problem("Do not use your e-mail address as your password.")
    if lowered in common_passwords() or password.lower() in common_passwords():
        return _problem("This password is too common; choose another.")
    return None
