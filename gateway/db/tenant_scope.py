"""Row-level security per transaction: the shop a task works for, applied to its SQL.

A request binds its shop (`bind_shop`, from `resolvers/context.py` once the storefront or admin
key named it). From then on every statement that task runs through a pooled connection runs in a
transaction that first does, in the same round trip as its BEGIN,

    select set_config('gateway.shop_id', '<shop>', true), set_config('role', 'gateway_tenant', true)

so PostgreSQL's policies (migration 0014) show and accept only that shop's rows, whatever the
SQL forgets. Both settings are transaction-local (`SET LOCAL`), so nothing outlives the
transaction: this works through pgbouncer in transaction pooling, where consecutive
transactions of one client may run on different server connections.

- Inside `conn.transaction()`: the BEGIN carries the settings; savepoints inherit them.
- A statement outside a transaction (asyncpg's autocommit) gets a transaction of its own: BEGIN
  with the settings, the statement, COMMIT; so a statement's effects and locks end with it as
  before (+2 round trips a statement, +0 a transaction).
- No shop bound (the CLI, migrations, the mail sender, housekeeping, the storefront-key lookup
  before the shop is known) or inside `all_shops()`: statements run as the login role, which
  crosses shops through its membership in `gateway_all_shops`, as before.

What is not covered: prepared statements run later (`conn.prepare`) and cursors outside a
transaction; the gateway uses neither on tenant data.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any
from uuid import UUID

import asyncpg
from asyncpg.transaction import Transaction

TENANT_ROLE = "gateway_tenant"
_shop: ContextVar[UUID | None] = ContextVar("gateway_shop", default=None)


def bind_shop(shop_id: UUID) -> Token[UUID | None]:
    """This task's statements are for `shop_id` from now on; `unbind(token)` ends it."""
    return _shop.set(UUID(str(shop_id)))


def unbind(token: Token[UUID | None]) -> None:
    try:
        _shop.reset(token)
    except ValueError:  # set in another context (a copy): end it here all the same
        _shop.set(None)


def current_shop() -> UUID | None:
    return _shop.get()


@contextmanager
def all_shops() -> Iterator[None]:
    """Explicitly cross shops inside a task bound to one (as the login role)."""
    token = _shop.set(None)
    try:
        yield
    finally:
        _shop.reset(token)


def scope_statement(shop_id: UUID) -> str:
    """The settings as SQL text; `shop_id` is a UUID, so its text is safe to inline."""
    return (
        f" select set_config('gateway.shop_id', '{UUID(str(shop_id))}', true),"
        f" set_config('role', '{TENANT_ROLE}', true);"
    )


class ScopedTransaction(Transaction):
    """A transaction whose BEGIN carries the bound shop's settings (top level only)."""

    __slots__ = ()

    async def start(self) -> None:
        conn: ScopedConnection = self._connection
        shop = current_shop() if conn._top_xact is None else None
        conn._control = scope_statement(shop) if shop is not None else ""
        try:
            await super().start()
        finally:
            conn._control = None

    async def commit(self) -> None:
        with self._connection._controlling():
            await super().commit()

    async def rollback(self) -> None:
        with self._connection._controlling():
            await super().rollback()

    async def __aexit__(self, extype: Any, ex: Any, tb: Any) -> None:
        with self._connection._controlling():
            await super().__aexit__(extype, ex, tb)


class ScopedConnection(asyncpg.Connection):
    """asyncpg's connection whose statements honour the bound shop (the pool's
    `connection_class`)."""

    _control: str | None = None  # set while a transaction sends BEGIN/COMMIT/ROLLBACK

    @contextmanager
    def _controlling(self) -> Iterator[None]:
        self._control = ""
        try:
            yield
        finally:
            self._control = None

    async def reset(self, **kwargs: Any) -> None:
        """The pool's reset on release belongs to no shop."""
        token = _shop.set(None)
        try:
            await super().reset(**kwargs)
        finally:
            _shop.reset(token)

    def transaction(
        self, *, isolation: str | None = None, readonly: bool = False, deferrable: bool = False
    ) -> Transaction:
        self._check_open()
        return ScopedTransaction(self, isolation, readonly, deferrable)

    def _scoped(self) -> bool:
        """Must this statement get a transaction of its own to carry the shop?"""
        return self._control is None and self._top_xact is None and current_shop() is not None

    async def execute(self, query: str, *args: Any, **kwargs: Any) -> str:
        control = self._control
        if control:  # the BEGIN of a scoped transaction: the settings ride along
            self._control = ""
            return await super().execute(query + control, **kwargs)
        if self._scoped():
            async with self.transaction():
                return await super().execute(query, *args, **kwargs)
        return await super().execute(query, *args, **kwargs)

    async def executemany(self, command: str, args: Any, **kwargs: Any) -> None:
        if self._scoped():
            async with self.transaction():
                return await super().executemany(command, args, **kwargs)
        return await super().executemany(command, args, **kwargs)

    async def fetch(self, query: str, *args: Any, **kwargs: Any) -> list[Any]:
        if self._scoped():
            async with self.transaction():
                return await super().fetch(query, *args, **kwargs)
        return await super().fetch(query, *args, **kwargs)

    async def fetchval(self, query: str, *args: Any, **kwargs: Any) -> Any:
        if self._scoped():
            async with self.transaction():
                return await super().fetchval(query, *args, **kwargs)
        return await super().fetchval(query, *args, **kwargs)

    async def fetchrow(self, query: str, *args: Any, **kwargs: Any) -> Any:
        if self._scoped():
            async with self.transaction():
                return await super().fetchrow(query, *args, **kwargs)
        return await super().fetchrow(query, *args, **kwargs)

    async def fetchmany(self, query: str, args: Any, **kwargs: Any) -> list[Any]:
        if self._scoped():
            async with self.transaction():
                return await super().fetchmany(query, args, **kwargs)
        return await super().fetchmany(query, args, **kwargs)

    async def copy_records_to_table(self, table_name: str, **kwargs: Any) -> str:
        if self._scoped():
            async with self.transaction():
                return await super().copy_records_to_table(table_name, **kwargs)
        return await super().copy_records_to_table(table_name, **kwargs)


async def set_role_default(conn: asyncpg.Connection, name: str, value: str) -> None:
    """`alter role <login role> set <name> = <value>`: every new session of the role starts
    with it (through a pooler, where no session setting of ours survives). `name` is ours,
    never a client's; `value` is quoted by PostgreSQL."""
    statement = await conn.fetchval(
        "select format('alter role %I set ' || $1::text || ' = %L', current_user, $2::text)",
        name,
        value,
    )
    await conn.execute(statement)
