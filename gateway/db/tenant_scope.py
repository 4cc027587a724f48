"""Row-level security: the shop a task works for, applied to every statement it sends.

A request binds its shop (`bind_shop`, in `resolvers/context.py` once the storefront or admin
key named it). From then on the statements that task sends through a pooled connection run as
the role `gateway_tenant` with `gateway.shop_id` set, so PostgreSQL's policies (migration 0014)
show and accept only that shop's rows, whatever the SQL forgets. Two ways, one per deployment:

- `SessionScopedConnection` (a direct connection, DATABASE_POOLER=none): before the first
  statement of a task with another shop than the session has, one round trip sets both for the
  session (`set_config(..., false)`); the pool's reset on release (`RESET ROLE` + asyncpg's
  `RESET ALL`) clears them and sets the same shop's again in that round trip, so a connection
  serving the same shop next needs nothing more. A rolled-back transaction may have undone the
  settings, so after any rollback they are set again before the next statement. Cost: one
  round trip when a connection changes shop (or goes from a shop to no shop), none otherwise.
- `TransactionScopedConnection` (pgbouncer's transaction pooling, DATABASE_POOLER=transaction,
  where consecutive transactions of one client may run on different server connections and no
  session state may be relied on): the settings are transaction-local (`SET LOCAL`). The BEGIN
  of a transaction carries them in the same round trip; a statement outside a transaction
  (asyncpg's autocommit) gets a transaction of its own: BEGIN with the settings, the
  statement, COMMIT. Cost: +2 round trips per statement outside a transaction, none inside one.

No shop bound (the CLI, migrations, the mail sender, housekeeping, the storefront-key lookup
before the shop is known) or inside `all_shops()`: statements run as the login role, which
crosses shops through its membership in `gateway_all_shops`.

Not covered: prepared statements run later (`conn.prepare`) and cursors; the gateway uses
neither on tenant data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any
from uuid import UUID

import asyncpg
from asyncpg.transaction import Transaction

TENANT_ROLE = "gateway_tenant"
_shop: ContextVar[UUID | None] = ContextVar("gateway_shop", default=None)
_UNKNOWN = object()  # the session's settings are not known (after a rollback)


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


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"  # standard_conforming_strings (the default)


def scope_settings(shop_id: UUID | None, *, local: bool, public_url: str | None = None) -> str:
    """The settings as SQL text (empty: none); `shop_id` is a UUID and the public URL is
    quoted, so both are safe to inline."""
    flag = "true" if local else "false"
    parts = []
    if public_url is not None:
        parts.append(f"set_config('gateway.public_url', {_literal(public_url)}, {flag})")
    if shop_id is not None:
        parts.append(f"set_config('gateway.shop_id', '{UUID(str(shop_id))}', {flag})")
        parts.append(f"set_config('role', '{TENANT_ROLE}', {flag})")
    return f" select {', '.join(parts)};" if parts else ""


UNSCOPE_STATEMENT = "reset role; reset gateway.shop_id;"


class ScopedTransaction(Transaction):
    """A transaction on a scoped connection: its BEGIN may carry the shop's settings, and a
    rollback makes the session's settings unknown."""

    __slots__ = ()

    async def start(self) -> None:
        conn: ScopedConnection = self._connection
        conn._control = conn.begin_suffix() if conn._top_xact is None else ""
        try:
            await super().start()
        finally:
            conn._control = None

    async def commit(self) -> None:
        with self._connection._controlling(rollback=False):
            await super().commit()

    async def rollback(self) -> None:
        with self._connection._controlling(rollback=True):
            await super().rollback()

    async def __aexit__(self, extype: Any, ex: Any, tb: Any) -> None:
        with self._connection._controlling(rollback=extype is not None):
            await super().__aexit__(extype, ex, tb)


Method = Callable[..., Any]
_BASE = asyncpg.Connection


class ScopedConnection(asyncpg.Connection):
    """asyncpg's connection whose statements honour the bound shop (the pool's
    `connection_class`); the two subclasses differ in how."""

    _control: str | None = None  # set while a transaction sends BEGIN/COMMIT/ROLLBACK
    # True through pgbouncer's transaction pooling: session state (temporary tables, session
    # settings) lasts only within a transaction there.
    keeps_no_session = False
    _scope: object = None  # SessionScopedConnection: the shop the session is set to

    def begin_suffix(self) -> str:
        return ""

    async def _run(self, method: Method, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError

    @contextmanager
    def _controlling(self, *, rollback: bool) -> Iterator[None]:
        self._control = ""
        try:
            yield
        except BaseException:
            self._scope = _UNKNOWN
            raise
        finally:
            self._control = None
            if rollback:
                self._scope = _UNKNOWN

    _kept: UUID | None = None  # the shop the reset query sets again (see get_reset_query)

    async def reset(self, **kwargs: Any) -> None:
        """The pool's reset on release (asyncpg's reset query, RESET ROLE first)."""
        self._control = ""
        kept = None
        try:
            await super().reset(**kwargs)
            kept = self._kept
        finally:
            self._control = None
        self._scope = kept

    def get_reset_query(self) -> str:
        """RESET ROLE and asyncpg's reset (RESET ALL, ...), then, on a direct connection, the
        settings of the shop it last served again, in the same round trip: the next request of
        that shop (most of them, on a pool per replica) sends no settings statement, and any
        other use sets its own first (`_run` compares the task's shop with `_scope`)."""
        query = "RESET ROLE;\n" + super().get_reset_query()
        scope = self._scope
        self._kept = None
        if not self.keeps_no_session and isinstance(scope, UUID):
            self._kept = scope
            query += scope_settings(scope, local=False)
        return query

    def transaction(
        self, *, isolation: str | None = None, readonly: bool = False, deferrable: bool = False
    ) -> Transaction:
        self._check_open()
        return ScopedTransaction(self, isolation, readonly, deferrable)

    async def execute(self, query: str, *args: Any, **kwargs: Any) -> str:
        control = self._control
        if control is not None:
            self._control = ""  # a BEGIN's suffix is sent once
            return await _BASE.execute(self, query + control, *args, **kwargs)
        return await self._run(_BASE.execute, query, *args, **kwargs)  # type: ignore[no-any-return]

    async def executemany(self, command: str, args: Any, **kwargs: Any) -> None:
        return await self._run(_BASE.executemany, command, args, **kwargs)  # type: ignore[no-any-return]

    async def fetch(self, query: str, *args: Any, **kwargs: Any) -> list[Any]:
        return await self._run(_BASE.fetch, query, *args, **kwargs)  # type: ignore[no-any-return]

    async def fetchval(self, query: str, *args: Any, **kwargs: Any) -> Any:
        return await self._run(_BASE.fetchval, query, *args, **kwargs)

    async def fetchrow(self, query: str, *args: Any, **kwargs: Any) -> Any:
        return await self._run(_BASE.fetchrow, query, *args, **kwargs)

    async def fetchmany(self, query: str, args: Any, **kwargs: Any) -> list[Any]:
        return await self._run(_BASE.fetchmany, query, args, **kwargs)  # type: ignore[no-any-return]

    async def copy_records_to_table(self, table_name: str, **kwargs: Any) -> str:
        return await self._run(_BASE.copy_records_to_table, table_name, **kwargs)  # type: ignore[no-any-return]


class SessionScopedConnection(ScopedConnection):
    """Direct connections: the settings live in the session until the task's shop changes."""

    async def _run(self, method: Method, *args: Any, **kwargs: Any) -> Any:
        if self._control is None:
            shop = current_shop()
            if shop != self._scope:
                self._scope = _UNKNOWN  # until the settings are known to be in place
                self._control = ""
                try:
                    if shop is None:
                        await _BASE.execute(self, UNSCOPE_STATEMENT)
                    else:
                        await _BASE.execute(self, scope_settings(shop, local=False))
                finally:
                    self._control = None
                self._scope = shop
        return await method(self, *args, **kwargs)


class TransactionScopedConnection(ScopedConnection):
    """Through a transaction-pooling pgbouncer: the settings live in each transaction. The
    gateway's public URL, which SQL reads (gateway/db/shops.py) and which a direct connection
    gets as a startup setting, rides along too: pgbouncer passes no startup settings, and a
    role default would miss the server connections it had opened before."""

    public_url: str | None = None  # set on the pool's own subclass (`with_public_url`)
    keeps_no_session = True

    @classmethod
    def with_public_url(cls, public_url: str) -> type[TransactionScopedConnection]:
        return type(cls.__name__, (cls,), {"public_url": public_url})

    def begin_suffix(self) -> str:
        return scope_settings(current_shop(), local=True, public_url=self.public_url)

    async def _run(self, method: Method, *args: Any, **kwargs: Any) -> Any:
        if self._control is None and self._top_xact is None:
            query = args[0] if args and isinstance(args[0], str) else ""
            if current_shop() is not None or "gateway.public_url" in query:
                async with self.transaction():
                    return await method(self, *args, **kwargs)
        return await method(self, *args, **kwargs)
