"""schema.graphql is generated from the code: this fails when they drift (run `make schema`)."""

from __future__ import annotations

from pathlib import Path

from resolvers.schema import storefront_schema


def test_schema_file_matches_code() -> None:
    committed = (Path(__file__).parent.parent / "schema.graphql").read_text()
    assert committed.strip() == storefront_schema.as_str().strip(), "run `make schema`"
