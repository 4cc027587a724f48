"""Production says nothing of its schema: a clairvoyance-style probe (a word list of plausible
names sent as queries, the error messages read for names) recovers no type, field, argument or
input name it did not send itself; production refuses to start without DATABASE_URL and
SMTP_URL."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    specified_scalar_types,
)

from gateway.app import create_app
from gateway.config import Settings
from gateway.tenancy.shops import CreatedShop
from gateway.web.quiet_errors import _KINDS, GENERIC
from resolvers.schema import admin_schema, storefront_schema
from tests.conftest import make_settings

# Plausible names, as a word list for clairvoyance would hold them (77 words, like the issue's).
WORDS = [
    "viewer", "me", "user", "users", "customer", "customers", "account", "accounts", "contact",
    "contacts", "order", "orders", "product", "products", "storefront", "shop", "shops",
    "checkout", "checkouts", "cart", "login", "logout", "register", "signup", "session",
    "sessions", "token", "email", "password", "address", "addresses", "invoice", "invoices",
    "favourite", "favourites", "favorites", "organisation", "organization", "members",
    "member", "role", "prices", "price", "sku", "name", "fullName", "phone", "locale", "id",
    "number", "lines", "total", "amount", "currency", "status", "node", "nodes", "edges",
    "pageInfo", "search", "settings", "admin", "config", "secret", "apiKey", "webhook",
    "payment", "shipping", "shipments", "returns", "refund", "group", "customerGroup",
    "discount", "coupon", "stock", "category",
]  # fmt: skip
IDENTIFIER = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")
VOCABULARY = {w for _, m in _KINDS for w in IDENTIFIER.findall(m)} | set(
    IDENTIFIER.findall(GENERIC)
)


def schema_names(schema: GraphQLSchema) -> set[str]:
    """Every name a client could want to learn: types, fields, arguments, inputs, enum values."""
    names: set[str] = set()
    for name, kind in schema.type_map.items():
        if name.startswith("__") or name in specified_scalar_types:
            continue
        names.add(name)
        if isinstance(kind, (GraphQLObjectType, GraphQLInterfaceType)):
            for field_name, field in kind.fields.items():
                names.add(field_name)
                names.update(field.args)
        elif isinstance(kind, GraphQLInputObjectType):
            names.update(kind.fields)
        elif isinstance(kind, GraphQLEnumType):
            names.update(kind.values)
    return names


def probes() -> list[tuple[str, dict[str, Any] | None]]:
    """Documents a probe sends: many words at once, as clairvoyance does."""
    words = " ".join(WORDS)
    sent: list[tuple[str, dict[str, Any] | None]] = [
        (f"query {{ {words} }}", None),
        ("query { " + " ".join(f"{w} {{ id }}" for w in WORDS) + " }", None),
        (f"query {{ viewer {{ {words} }} }}", None),
        (f"query {{ storefront {{ {words} }} }}", None),
        (f"mutation {{ {words} }}", None),
        ("mutation { " + " ".join(f"{w}(input: {{}}) {{ id }}" for w in WORDS[:40]) + " }", None),
        ("query { product(" + ", ".join(f'{w}: "x"' for w in WORDS[:40]) + ") { sku } }", None),
        ("query { viewer }", None),
        ("query { storefront }", None),
        ("query { storefront { name { id } } }", None),
        ('mutation { register(input: {}) { errors { code } } }', None),
        ('mutation { register(input: {bogus: 1}) { errors { code } } }', None),
        ('mutation { login(email: 1) { errors { code } } }', None),
        ("query { product { sku } }", None),
        ("query Q($s: Int) { product(sku: $s) { sku } }", {"s": 1}),
        ("mutation M($i: RegisterInput!) { register(input: $i) { errors { code } } }", {"i": {}}),
        ("mutation M($i: RegisterInput!) { register(input: $i) { errors { code } } }",
         {"i": {"bogus": 1}}),
        ("query Q($n: Int) { viewer { orders(first: $n) { edges { cursor } } } }", {"n": "x"}),
        ("query { viewer { orders(first: 1) { edges { node { id } } } } }", None),
        ("query { checkout(id: 1) { id lines { sku } } }", None),
        ("query { __schema { types { name } } }", None),
        ('query { __type(name: "Contact") { name } }', None),
        ("fragment F on Contact { id } query { viewer { ...F } }", None),
        ("query { viewer { ... on Order { id } } }", None),
    ]  # fmt: skip
    return sent


async def probe(
    client: httpx.AsyncClient, path: str, headers: dict[str, str], quiet: bool = True
) -> set[str]:
    """Names seen in error messages and extensions that the request did not hold itself."""
    recovered: set[str] = set()
    for query, variables in probes():
        response = await client.post(
            path, json={"query": query, "variables": variables}, headers=headers
        )
        body = response.json()
        errors = body.get("errors") or []
        # What an error says: its message and the values of its extensions (the keys are the
        # spec's: message, locations, extensions, code).
        shown = orjson.dumps(
            [[e.get("message"), *(e.get("extensions") or {}).values()] for e in errors]
        ).decode()
        assert "Did you mean" not in shown or not quiet, shown
        request_words = set(IDENTIFIER.findall(query + orjson.dumps(variables).decode()))
        recovered |= set(IDENTIFIER.findall(shown)) - request_words
    return recovered


@pytest.fixture
async def production(pool: Any) -> AsyncIterator[httpx.AsyncClient]:
    settings = make_settings(env="production", graphiql=False, introspection=False)
    application = create_app(settings, pool=pool)
    transport = httpx.ASGITransport(app=application)
    async with (
        application.router.lifespan_context(application),
        httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client,
    ):
        yield client


async def test_a_word_list_probe_learns_no_names_in_production(
    production: httpx.AsyncClient, client: httpx.AsyncClient, shop: CreatedShop
) -> None:
    apis = (
        ("/graphql", {"X-Storefront-Key": shop.storefront_key}, storefront_schema._schema),
        ("/admin/graphql", {"Authorization": f"Bearer {shop.admin_key}"}, admin_schema._schema),
    )
    for path, headers, schema in apis:
        names = schema_names(schema)
        # Development tells (the probe works): types, required inputs, suggestions.
        learned_in_development = (await probe(client, path, headers, quiet=False)) & names
        assert len(learned_in_development) >= 10 and "Contact" in learned_in_development
        learned = (await probe(production, path, headers)) & names - VOCABULARY
        assert learned == set(), (path, sorted(learned))


async def test_production_messages_still_say_what_kind_of_fault(
    production: httpx.AsyncClient, shop: CreatedShop
) -> None:
    headers = {"X-Storefront-Key": shop.storefront_key}
    response = await production.post(
        "/graphql", json={"query": "{ storefront { nmae } }"}, headers=headers
    )
    (error,) = response.json()["errors"]
    assert error["message"] == "This field is not available here."
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert error["locations"] == [{"line": 1, "column": 16}]
    query = "mutation M($i: RegisterInput!) { register(input: $i) { errors { code } } }"
    response = await production.post(
        "/graphql", json={"query": query, "variables": {"i": {}}}, headers=headers
    )
    errors = response.json()["errors"]
    assert len(errors) == 3  # email, password, fullName: one error each, none named
    for error in errors:
        assert error["message"] == "A variable's value or type does not fit where it is used."
        assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    # Our own refusals name no schema element and stay as they are.
    bomb = "{ " + " ".join(f"a{i}: storefront {{ name }}" for i in range(16)) + " }"
    response = await production.post("/graphql", json={"query": bomb}, headers=headers)
    assert response.json()["errors"][0]["extensions"]["code"] == "TOO_MANY_ALIASES"
    assert "16 aliases" in response.json()["errors"][0]["message"]


KEY = "k" * 40


def _serve(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    names = {"DATABASE_URL", "SMTP_URL", "GATEWAY_SECRET_KEY"}
    clean = {k: v for k, v in os.environ.items() if k not in names}
    return subprocess.run(
        [sys.executable, "-m", "gateway.cli", "serve", "--port", "0"],
        env={**clean, "GATEWAY_ENV": "production", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({"GATEWAY_SECRET_KEY": KEY}, ["DATABASE_URL", "SMTP_URL"]),
        ({"GATEWAY_SECRET_KEY": KEY, "DATABASE_URL": "postgresql://db.invalid/g"}, ["SMTP_URL"]),
        ({"GATEWAY_SECRET_KEY": KEY, "SMTP_URL": "smtp://mail.invalid:25"}, ["DATABASE_URL"]),
        (
            {"DATABASE_URL": "postgresql://db.invalid/g", "SMTP_URL": "smtp://mail.invalid:25"},
            ["GATEWAY_SECRET_KEY"],
        ),
    ],
)
def test_production_refuses_to_start_without_its_database_and_mail(
    given: dict[str, str], missing: list[str]
) -> None:
    result = _serve(given)
    assert result.returncode == 2
    assert result.stderr.startswith("error: GATEWAY_ENV=production needs ")
    for name in missing:
        assert name in result.stderr
    named = result.stderr.partition(":")[2].partition(":")[0]  # "... needs A, B: why"
    for name in {"DATABASE_URL", "SMTP_URL", "GATEWAY_SECRET_KEY"} - set(missing):
        assert name not in named
    assert result.stdout == ""


def test_the_app_factory_refuses_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """`uvicorn --factory gateway.app:create_app` reads the environment itself."""
    monkeypatch.setenv("GATEWAY_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "postgresql://db.invalid/gateway")
    monkeypatch.delenv("SMTP_URL", raising=False)
    with pytest.raises(RuntimeError, match="GATEWAY_ENV=production needs SMTP_URL"):
        create_app()


def test_development_and_complete_production_settings_start() -> None:
    assert Settings.from_env({"GATEWAY_ENV": "development"}).database_url is None
    complete = Settings.from_env(
        {
            "GATEWAY_ENV": "production",
            "DATABASE_URL": "postgresql://db/gateway",
            "SMTP_URL": "smtp://mail:25",
            "GATEWAY_SECRET_KEY": KEY,
        }
    )
    assert complete.production and complete.production_problems() == []


async def test_the_log_never_holds_the_values_a_refused_request_sent(
    production: httpx.AsyncClient, shop: CreatedShop, caplog: pytest.LogCaptureFixture
) -> None:
    """A broken sign-up form must not write customers' passwords into production's log."""
    headers = {"X-Storefront-Key": shop.storefront_key}
    literal = (
        'mutation { register(input: {email: "victim@example.com", '
        'password: "Literal-Secret-41"}) { errors { code } } }'
    )
    by_variables = {
        "query": "mutation($i: RegisterInput!) { register(input: $i) { errors { code } } }",
        "variables": {
            "i": {"email": "victim@example.com", "password": "Variable-Secret-42", "fullNme": "x"}
        },
    }
    listed = {
        "query": "mutation($i: RegisterInput!) { register(input: $i) { errors { code } } }",
        "variables": {"i": ["Listed-Secret-43"]},
    }
    caplog.set_level("DEBUG")
    for body in ({"query": literal}, by_variables, listed):
        answer = await production.post("/graphql", json=body, headers=headers)
        assert answer.status_code in (200, 400)
        assert "errors" in answer.json()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "shown generically" in logged  # the refusals were logged ...
    for secret in ("Literal-Secret-41", "Variable-Secret-42", "Listed-Secret-43", "victim@"):
        assert secret not in logged  # ... without the values they carried


async def test_validation_log_lines_carry_the_request_id(
    production: httpx.AsyncClient, shop: CreatedShop, caplog: pytest.LogCaptureFixture
) -> None:
    """Validation runs in a worker thread; its log lines still name the request (found by QA:
    they had no request id)."""
    from gateway.logs import RequestIdFilter

    caplog.handler.addFilter(RequestIdFilter())
    caplog.set_level("INFO")
    answer = await production.post(
        "/graphql",
        json={"query": "{ noSuchFieldForTheLogTest }"},
        headers={"X-Storefront-Key": shop.storefront_key, "X-Request-Id": "log-check-7"},
    )
    assert answer.headers["x-request-id"] == "log-check-7"
    logged = [r for r in caplog.records if "shown generically" in r.getMessage()]
    assert logged and {getattr(r, "request_id", None) for r in logged} == {"log-check-7"}


@pytest.mark.parametrize("env", ["development", "production"])
async def test_an_explicit_null_for_an_argument_with_a_default_is_bad_user_input(
    env: str, pool: Any, shop: CreatedShop
) -> None:
    """`quantity: Int! = 1` given `$q: Int` as null: graphql-core refuses the argument while
    executing the field; that is the request's fault (BAD_USER_INPUT, as for a variable), not
    INTERNAL (found by QA with the README's own order-form example)."""
    settings = make_settings(env=env, graphiql=False, introspection=False)
    application = create_app(settings, pool=pool)
    transport = httpx.ASGITransport(app=application)
    headers = {"X-Storefront-Key": shop.storefront_key}
    cases = [
        ("query($s: [String!]!, $q: Int) { prices(skus: $s, quantity: $q) { sku } }",
         {"s": ["A"], "q": None}, ["prices"]),
        ('mutation($c: Boolean) { login(email: "a@b.c", password: "x", cookie: $c) '
         "{ errors { code } } }", {"c": None}, ["login"]),
    ]  # fmt: skip
    async with (
        application.router.lifespan_context(application),
        httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client,
    ):
        for query, variables, path in cases:
            response = await client.post(
                "/graphql", json={"query": query, "variables": variables}, headers=headers
            )
            assert response.status_code == 200
            (error,) = response.json()["errors"]
            assert error["extensions"]["code"] == "BAD_USER_INPUT", error
            assert error["path"] == path
            if env == "production":
                assert error["message"] == "An argument's value does not fit where it is used."
                assert error["extensions"] == {"code": "BAD_USER_INPUT"}
            else:
                assert "not to be None" in error["message"]


def test_graphql_cores_other_execution_errors_stay_internal() -> None:
    """Only its refusals of an argument are the request's fault; "Expected Iterable" or an
    unresolved abstract type is the server's: INTERNAL, with the request id, as before."""
    from types import SimpleNamespace

    from graphql import GraphQLError

    from gateway.web.endpoint import GraphQLEndpoint

    def formatted(message: str) -> dict[str, Any]:
        error = GraphQLError("x", path=["prices"], original_error=GraphQLError(message))
        fake = SimpleNamespace(hide_suggestions=False)
        return GraphQLEndpoint._format(fake, error, "rid")  # type: ignore[arg-type]

    refused = [
        "Argument 'quantity' has invalid value: Expected value to be non-null.",
        "Argument 'skus' of required type '[String!]!' was not provided.",
        "Variable '$v' defined by fragment 'F' has invalid value: Int cannot represent 'x'.",
    ]
    for message in refused:
        assert formatted(message)["extensions"]["code"] == "BAD_USER_INPUT", message
    for message in (
        "Expected Iterable, but did not find one for field 'Query.prices'.",
        "Abstract type 'Node' must resolve to an Object type at runtime for field 'Query.node'.",
    ):
        assert formatted(message)["extensions"] == {"code": "INTERNAL", "requestId": "rid"}
