"""Client tools that read the schema from a running server: gql (fetch_schema_from_transport)
and ariadne-codegen (remote_schema_url), both against the live gateway on a loopback port."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import pytest
from gql import Client, gql
from gql.transport.httpx import HTTPXAsyncTransport
from graphql import GraphQLSchema, parse, validate

from gateway.tenancy.shops import CreatedShop
from gateway.web.examples import STOREFRONT_EXAMPLES
from tests.browser.conftest import live_server, live_socket, live_url  # noqa: F401  (fixtures)

TOOL_BIN = Path(".venv/tools/ariadne-codegen/bin").resolve()
CODEGEN = TOOL_BIN / "ariadne-codegen"
HAVE_CODEGEN = CODEGEN.exists()


async def test_gql_fetches_the_schema_and_validates_locally(
    live_server: str,  # noqa: F811
    shop: CreatedShop,
) -> None:
    transport = HTTPXAsyncTransport(
        url=f"{live_server}/graphql", headers={"X-Storefront-Key": shop.storefront_key}
    )
    async with Client(transport=transport, fetch_schema_from_transport=True) as session:
        result = await session.execute(gql("query { storefront { name loginMethods } }"))
        assert result["storefront"]["name"] == "Test shop"
        schema = session.client.schema
        assert isinstance(schema, GraphQLSchema)
        assert "viewer" in schema.query_type.fields  # type: ignore[union-attr]
        with pytest.raises(Exception, match="nmae"):  # checked against the fetched schema
            await session.execute(gql("query { storefront { nmae } }"))


async def test_ariadne_codegen_builds_a_typed_client_from_the_live_schema(
    live_server: str,  # noqa: F811
    shop: CreatedShop,
    tmp_path: Path,
) -> None:
    if not HAVE_CODEGEN:
        if os.environ.get("CI") == "true":
            pytest.fail("ariadne-codegen missing: scripts/ensure-ariadne-codegen installs it")
        pytest.skip("run scripts/ensure-ariadne-codegen (make test does)")
    # The example operations GraphiQL opens with that this schema holds make the client.
    from resolvers.schema import storefront_schema

    schema = storefront_schema._schema
    operations = [e.query for e in STOREFRONT_EXAMPLES if not validate(schema, parse(e.query))]
    assert len(operations) >= 9
    (tmp_path / "queries.graphql").write_text("\n\n".join(operations))
    headers = json.dumps({"X-Storefront-Key": shop.storefront_key})
    (tmp_path / "codegen.toml").write_text(
        f"""[tool.ariadne-codegen]
remote_schema_url = "{live_server}/graphql"
remote_schema_headers = {headers.replace(":", " =")}
queries_path = "queries.graphql"
target_package_name = "storefront_client"
"""
    )
    process = await asyncio.create_subprocess_exec(
        str(CODEGEN),
        "--config",
        "codegen.toml",
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    assert process.returncode == 0, output.decode()
    client_module = (tmp_path / "storefront_client" / "client.py").read_text()
    assert "async def sign_up(" in client_module
    assert "async def dashboard(" in client_module

    # The generated client runs a request against the live server and parses the answer.
    script = f"""
import asyncio
from storefront_client import Client

async def main():
    client = Client(url="{live_server}/graphql",
                    headers={{"X-Storefront-Key": "{shop.storefront_key}"}})
    answer = await client.sign_in(email="nobody@demo.example", password="not the password")
    print(answer.login.errors[0].code.value)

asyncio.run(main())
"""
    run = await asyncio.create_subprocess_exec(
        str(TOOL_BIN / "python"),
        "-c",
        script,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    printed, warnings = await run.communicate()
    assert run.returncode == 0, warnings.decode()
    assert printed.decode().strip() == "INVALID_CREDENTIALS"
