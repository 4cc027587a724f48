"""The pages send only storefront operations: every document in pages/operations.py validates
against the storefront schema, except those naming parts another piece of work adds (B2B
memberships, invitations, order status, shipments, returns) while the schema lacks them."""

from __future__ import annotations

from graphql import parse, validate

from pages import operations as ops
from resolvers.schema import storefront_schema

BUILT_ELSEWHERE = (
    "organisations",
    "members",
    "setActiveOrganisation",
    "organisationInvite",
    "organisationMemberUpdate",
    "organisationMemberRemove",
    "acceptOrganisationInvitation",
    "orderStatus",
    "shipments",
    "returns",
)


def _documents() -> dict[str, str]:
    found = {
        name: value
        for name, value in vars(ops).items()
        if name.isupper()
        and isinstance(value, str)
        and (value.startswith(("query", "mutation")) or name == "LOGIN_METHODS")
    }
    found["order_query"] = ops.order_query(f"{ops.SHIPMENTS} {ops.RETURNS}")
    found["order_status_query"] = ops.order_status_query("")
    return found


def test_every_document_validates_or_waits_for_named_work() -> None:
    schema = storefront_schema._schema
    sdl = storefront_schema.as_str()
    documents = _documents()
    assert len(documents) > 35
    for name, document in documents.items():
        errors = validate(schema, parse(document))
        for error in errors:
            missing = [n for n in BUILT_ELSEWHERE if f"'{n}'" in error.message]
            assert missing, (name, error.message)
            assert all(f"{n}(" not in sdl and f"{n}:" not in sdl for n in missing), (
                name,
                error.message,
            )
