"""Tenancy in depth: PostgreSQL row-level security on every tenant table, keyed on the shop a
request binds per transaction (gateway/db/tenant_scope.py, migration 0014). A query that forgets
or gets wrong its `shop_id` filter still sees and changes only its own shop's rows."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID, uuid4

import asyncpg
import httpx
import pytest

from gateway.database import create_pool, migrate
from gateway.db import contacts as contacts_db
from gateway.db.tenant_scope import all_shops, bind_shop, current_shop, unbind
from gateway.tenancy.shops import CreatedShop, create_shop
from tests.conftest import _with_database, make_settings
from tests.gql import data, storefront

# Tables that hold no tenant data (checked, so a new table must be placed on one side).
NOT_TENANT_DATA = {"schema_migrations", "gateway_secrets"}


async def _tenant_tables(pool: asyncpg.Pool) -> list[str]:
    rows = await pool.fetch(
        """select c.table_name from information_schema.columns c
           join information_schema.tables t using (table_schema, table_name)
           where c.table_schema = 'public' and c.column_name = 'shop_id'
             and t.table_type = 'BASE TABLE'
           order by 1"""
    )
    return [r["table_name"] for r in rows]


async def test_every_table_with_a_shop_id_has_row_level_security_forced_with_its_policy(
    pool: asyncpg.Pool,
) -> None:
    tables = await _tenant_tables(pool)
    assert {"contacts", "orders", "mail_outbox", "sessions", "storefronts"} <= set(tables)
    assert len(tables) >= 30
    covered = {**{t: "shop_id" for t in tables}, "shops": "id"}
    for table, key in covered.items():
        flags = await pool.fetchrow(
            "select relrowsecurity, relforcerowsecurity from pg_class "
            "where oid = ('public.' || quote_ident($1))::regclass",
            table,
        )
        assert flags is not None and flags["relrowsecurity"], f"{table}: RLS not enabled"
        assert flags["relforcerowsecurity"], f"{table}: RLS not forced (the owner bypasses it)"
        policies = {
            r["policyname"]: r
            for r in await pool.fetch(
                "select policyname, roles, cmd, permissive, qual, with_check from pg_policies "
                "where schemaname = 'public' and tablename = $1",
                table,
            )
        }
        tenant = policies.get("shop_isolation")
        assert tenant is not None, f"{table}: no shop_isolation policy"
        assert tenant["roles"] == ["gateway_tenant"] and tenant["cmd"] == "ALL"
        assert tenant["qual"] == tenant["with_check"] == f"({key} = gateway_current_shop())"
        assert set(policies) == {"shop_isolation", "all_shops"}, f"{table}: {set(policies)}"
        assert policies["all_shops"]["roles"] == ["gateway_all_shops"]


async def test_every_table_is_tenant_data_or_named_as_not(pool: asyncpg.Pool) -> None:
    """A table without shop_id (tenant data reachable only through a parent) must be covered
    too: a new one fails here until it gets a policy or is named in NOT_TENANT_DATA."""
    all_tables = {
        r["tablename"]
        for r in await pool.fetch("select tablename from pg_tables where schemaname = 'public'")
    }
    uncovered = all_tables - set(await _tenant_tables(pool)) - {"shops"} - NOT_TENANT_DATA
    assert uncovered == set()


async def test_the_tenant_role_may_use_every_table_and_sees_nothing_without_a_shop(
    pool: asyncpg.Pool, shop: CreatedShop
) -> None:
    for table in [*await _tenant_tables(pool), "shops"]:
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute("select set_config('role', 'gateway_tenant', true)")
            # No shop set: deny by default (permission problems would raise here).
            count = f'select count(*) from "{table}"'  # noqa: S608 (names from the catalogue)
            assert await conn.fetchval(count) == 0, table


async def _contact(pool: asyncpg.Pool, shop: CreatedShop, email: str) -> UUID:
    return await pool.fetchval(
        "insert into contacts (shop_id, email, full_name, is_guest) "
        "values ($1, $2, 'Someone', false) returning id",
        shop.shop_id,
        email,
    )


@pytest.fixture(params=["none", "transaction"])
async def scoped_pool(
    request: pytest.FixtureRequest, pool: asyncpg.Pool, database_url: str
) -> AsyncIterator[asyncpg.Pool]:
    """Both ways of applying the shop: session settings on a direct connection, and
    transaction-local ones as through pgbouncer (which work on a direct connection too)."""
    if request.param == "none":
        yield pool
        return
    settings = make_settings(database_pooler=request.param, db_pool_min=1, db_pool_max=2)
    other = await create_pool(settings, database_url)
    try:
        yield other
    finally:
        await other.close()


async def test_a_task_bound_to_shop_a_cannot_read_or_write_shop_b(
    scoped_pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    pool = scoped_pool
    mine = await _contact(pool, shop, "a@example.com")
    theirs = await _contact(pool, other_shop, "b@example.com")
    b = other_shop.shop_id
    token = bind_shop(shop.shop_id)
    try:
        # Reads: autocommit statements, the pool's shortcuts and explicit transactions alike.
        assert await pool.fetchval("select count(*) from contacts") == 1
        assert await pool.fetchval("select count(*) from shops") == 1
        assert await pool.fetchval("select count(*) from storefronts where shop_id = $1", b) == 0
        async with pool.acquire() as conn:
            assert await contacts_db.by_id(conn, b, theirs) is None  # a resolver's wrong shop
            assert await contacts_db.by_id(conn, shop.shop_id, mine) is not None
            assert await conn.fetchval("select current_user") == "gateway_tenant"
            async with conn.transaction(isolation="repeatable_read", readonly=True):
                assert await conn.fetch("select id from contacts") == [(mine,)]
            # Writes: another shop's rows are not there to change or delete...
            assert (
                await conn.execute("update contacts set full_name = 'x' where id = $1", theirs)
                == "UPDATE 0"
            )
            assert await conn.execute("delete from contacts where shop_id = $1", b) == "DELETE 0"
            # ...and no row may be written into another shop, nor moved there.
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(
                    "insert into contacts (shop_id, email, full_name, is_guest) "
                    "values ($1, 'c@x.io', 'C', false)",
                    b,
                )
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute("update contacts set shop_id = $1 where id = $2", b, mine)
            async with conn.transaction():
                await conn.execute("update contacts set full_name = 'Mine' where id = $1", mine)
            # Crossing shops inside a bound task is explicit.
            with all_shops():
                assert await conn.fetchval("select count(*) from contacts") == 2
                assert await conn.fetchval("select current_user") != "gateway_tenant"
    finally:
        unbind(token)
    assert current_shop() is None
    names = {
        r["id"]: r["full_name"] for r in await pool.fetch("select id, full_name from contacts")
    }
    assert names == {mine: "Mine", theirs: "Someone"}


async def test_a_rolled_back_transaction_does_not_drop_the_shop(
    scoped_pool: asyncpg.Pool, shop: CreatedShop, other_shop: CreatedShop
) -> None:
    """Settings made inside a transaction that rolls back (to a savepoint, or whole) are
    undone by PostgreSQL: the next statement must have them again."""
    await _contact(scoped_pool, shop, "a@example.com")
    await _contact(scoped_pool, other_shop, "b@example.com")
    token = bind_shop(shop.shop_id)
    try:
        async with scoped_pool.acquire() as conn:
            with pytest.raises(asyncpg.UniqueViolationError):
                async with conn.transaction():
                    assert await conn.fetchval("select count(*) from contacts") == 1
                    await conn.execute(
                        "insert into contacts (shop_id, email, full_name, is_guest) "
                        "values ($1, 'a@example.com', 'Again', false)",
                        shop.shop_id,
                    )
            assert await conn.fetchval("select count(*) from contacts") == 1
            async with conn.transaction():
                with pytest.raises(asyncpg.UniqueViolationError):
                    async with conn.transaction():  # a savepoint
                        await conn.execute(
                            "insert into contacts (shop_id, email, full_name, is_guest) "
                            "values ($1, 'a@example.com', 'Again', false)",
                            shop.shop_id,
                        )
                assert await conn.fetchval("select count(*) from contacts") == 1
            assert await conn.fetchval("select current_user") == "gateway_tenant"
    finally:
        unbind(token)
    async with scoped_pool.acquire() as conn:  # released and reset: the login role again
        assert await conn.fetchval("select count(*) from contacts") == 2
        assert await conn.fetchval("select current_user") != "gateway_tenant"


async def test_requests_run_under_the_policies(
    pool: asyncpg.Pool, shop: CreatedShop, client: httpx.AsyncClient
) -> None:
    """Prove a request's SQL is bound: with the tenant policy on products made to show
    nothing, the storefront's product list is empty; restored, the product is back."""
    await pool.execute(
        "insert into products (shop_id, sku, name, price, currency) "
        "values ($1, 'T1', 'Tea', 4, 'EUR')",
        shop.shop_id,
    )
    query = "{ products(first: 5) { edges { node { sku } } } }"
    shown = data(await storefront(client, shop.storefront_key, query))["products"]["edges"]
    assert [e["node"]["sku"] for e in shown] == ["T1"]
    await pool.execute("alter policy shop_isolation on products using (false)")
    try:
        hidden = data(await storefront(client, shop.storefront_key, query))["products"]["edges"]
    finally:
        await pool.execute(
            "alter policy shop_isolation on products using (shop_id = gateway_current_shop())"
        )
    assert hidden == []
    assert current_shop() is None  # the request's binding ended with it


@pytest.fixture
async def owner_database(pool: asyncpg.Pool, database_server_url: str) -> AsyncIterator[str]:
    """A database owned by a login role that is not a superuser, as in production (the
    session's migrations made the two gateway roles on this server already)."""
    suffix = uuid4().hex[:10]
    role, name = f"gateway_owner_{suffix}", f"gateway_rls_{suffix}"
    admin = await asyncpg.connect(database_server_url)
    try:
        await admin.execute(f'create role "{role}" login')
        await admin.execute(f'create database "{name}" owner "{role}"')
    finally:
        await admin.close()
    scheme, rest = _with_database(database_server_url, name).split("://", 1)
    yield f"{scheme}://{role}@{rest.split('@', 1)[1]}"
    admin = await asyncpg.connect(database_server_url)
    try:
        await admin.execute(f'drop database if exists "{name}" with (force)')
        await admin.execute(f'drop role if exists "{role}"')
    finally:
        await admin.close()


async def test_a_non_superuser_owner_is_bound_by_the_forced_policies(
    owner_database: str, database_server_url: str
) -> None:
    role = owner_database.split("://", 1)[1].split("@", 1)[0]
    conn = await asyncpg.connect(owner_database)
    try:
        # Without the roles granted, the migration stops and says what a superuser must run.
        with pytest.raises(asyncpg.RaiseError, match="needs the roles") as refused:
            await migrate(conn)
        assert "grant gateway_tenant, gateway_all_shops to" in str(refused.value.hint)
    finally:
        await conn.close()
    admin = await asyncpg.connect(database_server_url)
    try:
        await admin.execute(f'grant gateway_tenant, gateway_all_shops to "{role}"')
    finally:
        await admin.close()

    owner_pool = await create_pool(make_settings(db_pool_min=1, db_pool_max=2), owner_database)
    try:
        async with owner_pool.acquire() as conn:
            await migrate(conn)
        first = await create_shop(owner_pool, "First", "https://first.example/account")
        await create_shop(owner_pool, "Second", "https://second.example/account")
        # The owner crosses shops through gateway_all_shops (the CLI, the mail sender)...
        assert await owner_pool.fetchval("select count(*) from storefronts") == 2
        token = bind_shop(first.shop_id)
        try:  # ...a request sees its own shop...
            assert await owner_pool.fetchval("select count(*) from storefronts") == 1
        finally:
            unbind(token)
        # ...and FORCE binds the owner too: without gateway_all_shops it sees nothing.
        admin = await asyncpg.connect(database_server_url)
        try:
            await admin.execute(f'revoke gateway_all_shops from "{role}"')
        finally:
            await admin.close()
        assert await owner_pool.fetchval("select count(*) from storefronts") == 0
        assert await owner_pool.fetchval("select count(*) from shops") == 0
    finally:
        await owner_pool.close()


async def test_the_tenant_role_has_no_rights_on_the_tables_of_no_shop(pool: asyncpg.Pool) -> None:
    """The keys that sign every shop's links and the migration record stay out of a request's
    reach, whatever its SQL (found by QA: the tenant role could read gateway_secrets)."""
    for table in sorted(NOT_TENANT_DATA):
        for privilege in ("select", "insert", "update", "delete"):
            allowed = await pool.fetchval(
                "select has_table_privilege('gateway_tenant', $1, $2)", table, privilege
            )
            assert allowed is False, (table, privilege)
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("set local role gateway_tenant")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.fetch("select name from gateway_secrets")
