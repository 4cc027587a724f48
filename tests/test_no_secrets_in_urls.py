"""No secret travels in a URL: operations with token or password arguments refuse GET (405),
and the access log never holds a query string with a secret in it.

Which arguments are secret is read from the schema (gateway/web/secret_arguments.py); the
access log is uvicorn's, redacted by gateway/web/access_log.py.
"""

from __future__ import annotations

import hashlib
import json
import logging
import signal
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from graphql import GraphQLNonNull, GraphQLObjectType, build_schema, get_named_type, parse
from uvicorn.logging import AccessFormatter

from gateway.tenancy.shops import CreatedShop
from gateway.web.access_log import ACCESS_LOGGER, REDACTED
from gateway.web.secret_arguments import is_secret_name, passes_secret
from resolvers.schema import admin_schema, storefront_schema
from tests.served_gateway import gateways

TOKEN = "Zq8rT1kLm0Pw3XyV5sNdE7hJ2gFcB9aU4oIeR6tYuQ"
CONFIRMATION_KIND = f'{{ confirmationKind(token: "{TOKEN}") }}'
BY_VARIABLE = "query($t: String!) { confirmationKind(token: $t) }"


def _get(client: httpx.AsyncClient, shop: CreatedShop, **params: str) -> Any:
    return client.get("/graphql", params=params, headers={"X-Storefront-Key": shop.storefront_key})


def _refused(response: httpx.Response) -> None:
    assert response.status_code == 405, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert "POST" in response.json()["errors"][0]["message"]


async def test_a_token_literal_over_get_is_refused(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    _refused(await _get(client, shop, query=CONFIRMATION_KIND))
    posted = await client.post(
        "/graphql",
        json={"query": CONFIRMATION_KIND},
        headers={"X-Storefront-Key": shop.storefront_key},
    )
    assert posted.json() == {"data": {"confirmationKind": None}}  # POST is the way
    plain = await _get(client, shop, query="{ storefront { name } }")
    assert plain.json() == {"data": {"storefront": {"name": "Test shop"}}}  # GET still works


async def test_a_token_in_url_variables_is_refused(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    _refused(await _get(client, shop, query=BY_VARIABLE, variables=json.dumps({"t": TOKEN})))
    in_fragment = """query($t: String!) { ...Shared }
      fragment Shared on Query { sharedFavourites(token: $t) { edges { cursor } } }"""
    _refused(await _get(client, shop, query=in_fragment, variables=json.dumps({"t": TOKEN})))


async def test_a_persisted_query_with_a_token_is_refused_over_get(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    headers = {"X-Storefront-Key": shop.storefront_key}
    digest = hashlib.sha256(BY_VARIABLE.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    registered = await client.post(
        "/graphql",
        json={"query": BY_VARIABLE, "variables": {"t": TOKEN}, "extensions": extensions},
        headers=headers,
    )
    assert registered.json() == {"data": {"confirmationKind": None}}
    by_hash = await _get(
        client, shop, extensions=json.dumps(extensions), variables=json.dumps({"t": TOKEN})
    )
    _refused(by_hash)


def _secret_query_fields(schema: Any) -> Iterator[str]:
    """A GET-able document for every query field with a secret argument, found from the schema."""
    query_type: GraphQLObjectType = schema._schema.query_type
    for name, field in query_type.fields.items():
        secret = [a for a in field.args if is_secret_name(a)]
        if not secret:
            continue
        required = [
            (a, arg) for a, arg in field.args.items() if isinstance(arg.type, GraphQLNonNull)
        ]
        variables = ", ".join(f"${a}: {arg.type}" for a, arg in required)
        arguments = ", ".join(f"{a}: ${a}" for a, _ in required)
        selection = (
            " { __typename }" if isinstance(get_named_type(field.type), GraphQLObjectType) else ""
        )
        yield f"query({variables}) {{ {name}({arguments}){selection} }}"


async def test_every_query_field_with_a_secret_argument_refuses_get(
    client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    documents = list(_secret_query_fields(storefront_schema))
    assert any("confirmationKind" in d for d in documents)
    assert any("sharedFavourites" in d for d in documents)
    for document in documents:
        _refused(await _get(client, shop, query=document, variables=json.dumps({"token": TOKEN})))
    admin_documents = list(_secret_query_fields(admin_schema))
    for document in admin_documents:
        response = await client.get(
            "/admin/graphql",
            params={"query": document},
            headers={"Authorization": f"Bearer {shop.admin_key}"},
        )
        _refused(response)


def test_an_input_object_holding_a_password_counts_as_secret() -> None:
    schema = build_schema(
        """input Credentials { login: String!, inner: Inner }  input Inner { userPassword: String }
           type Query { lookup(by: Credentials): Int, plain(id: ID): Int, apiToken: Int }"""
    )
    assert passes_secret(schema, parse('{ lookup(by: {login: "a"}) }'))
    assert passes_secret(schema, parse("query($c: Credentials) { lookup(by: $c) }"))
    assert not passes_secret(schema, parse('{ plain(id: "1") apiToken }'))


@pytest.fixture
def access_lines(app: Any) -> Iterator[list[str]]:
    """uvicorn's access log lines as its own AccessFormatter writes them (app wiring installed)."""
    lines: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Capture()
    handler.setFormatter(
        AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False)
    )
    logger = logging.getLogger(ACCESS_LOGGER)
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.mark.parametrize(
    ("target", "kept"),
    [
        (f"/graphql?query=%7BconfirmationKind(token:%22{TOKEN}%22)%7D", "/graphql?query="),
        (f"/graphql?operationName=Kind&variables=%7B%22t%22:%22{TOKEN}%22%7D", "Kind"),
        (f"/admin/graphql?query=x&extensions={TOKEN}", "/admin/graphql?query="),
        (f"/dev/mailbox?token={TOKEN}&page=2", "page=2"),
        (f"/account/demo/confirm?token={TOKEN}", "/account/demo/confirm?token="),
        (f"/invoices/1.pdf?expires=1790000000&sig={TOKEN}", "expires=1790000000"),
        (f"/graphql?key={TOKEN}", "/graphql?key="),
        (f"/account/demo/reset-password?lang=nl&Reset_Token={TOKEN}", "lang=nl"),
    ],
)
def test_the_access_log_never_holds_a_secret(
    access_lines: list[str], target: str, kept: str
) -> None:
    # Exactly the call uvicorn's h11 and httptools protocols make for each response.
    logging.getLogger(ACCESS_LOGGER).info(
        '%s - "%s %s HTTP/%s" %d', "203.0.113.7:50000", "GET", target, "1.1", 405
    )
    [line] = access_lines
    assert TOKEN not in line
    assert REDACTED in line and kept in line
    assert line.startswith('203.0.113.7:50000 - "GET /')


def test_a_served_gateway_logs_no_secret() -> None:
    """End to end: a real `gateway serve`, real requests, uvicorn's own access log output."""
    with gateways() as start:
        gateway = start()
        targets = [
            f"/graphql?query={CONFIRMATION_KIND}",
            f"/graphql?query={BY_VARIABLE}&variables=" + json.dumps({"t": TOKEN}),
            f"/dev/mailbox?token={TOKEN}",
            f"/invoices/00000000-0000-0000-0000-000000000000.pdf?expires=1&sig={TOKEN}",
        ]
        statuses = [httpx.get(gateway.url + t, timeout=10).status_code for t in targets]
        assert statuses[0] in (401, 405) and statuses[1] in (401, 405)
        gateway.stop(signal.SIGTERM)
        output = gateway.output()
    assert TOKEN not in output
    assert output.count(REDACTED) >= len(targets)
    assert '"GET /dev/mailbox?token=REDACTED HTTP/1.1"' in output
