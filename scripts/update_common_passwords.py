"""Regenerate gateway/accounts/data/common-passwords.txt.gz from Django's list.

Data source: the `Django` PyPI package, file django/contrib/auth/common-passwords.txt.gz
(20,000 common passwords compiled by Royce Williams,
https://gist.github.com/roycewilliams/226886fd01572964e1431ac8afc999ce, lowercased and
de-duplicated by Django). Django is distributed under the BSD 3-Clause licence
(Copyright (c) Django Software Foundation and individual contributors).

Django is only needed to run this script, never at runtime:

    pip install "django<6"
    python scripts/update_common_passwords.py
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

MIN_ENTRIES = 10_000
TARGET = (
    Path(__file__).resolve().parent.parent
    / "gateway"
    / "accounts"
    / "data"
    / "common-passwords.txt.gz"
)


def source_path() -> Path:
    """Locate the common-passwords file inside the installed Django package."""
    try:
        import django
    except ImportError:
        sys.exit('Django is not installed; run: pip install "django<6"')
    return Path(django.__file__).resolve().parent / "contrib/auth/common-passwords.txt.gz"


def load_entries(path: Path) -> list[str]:
    """Read, lower-case and de-duplicate the entries, keeping the source order."""
    seen: dict[str, None] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            entry = line.strip().lower()
            if entry:
                seen.setdefault(entry, None)
    return list(seen)


def write_entries(entries: list[str], target: Path) -> None:
    """Write one password per line; mtime 0 keeps the output reproducible."""
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = ("\n".join(entries) + "\n").encode("utf-8")
    with (
        open(target, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as fh,
    ):
        fh.write(payload)


def main() -> None:
    """Regenerate the data file and check it holds enough entries."""
    entries = load_entries(source_path())
    if len(entries) < MIN_ENTRIES:
        sys.exit(f"Only {len(entries)} entries found; expected at least {MIN_ENTRIES}.")
    write_entries(entries, TARGET)
    print(f"Wrote {len(entries)} passwords to {TARGET}")


if __name__ == "__main__":
    main()
