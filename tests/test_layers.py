"""The handbook's one-way dependencies, checked on the source: demo data is a client of the
domain (like the CLI), so nothing in the domain imports `gateway.demo`."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Clients of the domain that may show or make demo data.
DEMO_CLIENTS = {"gateway/cli.py", "gateway/web/examples.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_nothing_but_its_clients_imports_the_demo_package() -> None:
    offenders = []
    for package in ("gateway", "resolvers", "loaders", "pages"):
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name.startswith("gateway/demo/") or name in DEMO_CLIENTS:
                continue
            if any(m == "gateway.demo" or m.startswith("gateway.demo.") for m in _imports(path)):
                offenders.append(name)
    assert offenders == []


def test_the_demo_package_holds_every_seed_step() -> None:
    stray = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "gateway").rglob("*demo*.py")
        if "gateway/demo/" not in p.as_posix()
    ]
    assert stray == []
