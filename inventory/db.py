"""Database engines (SQLite by default, PostgreSQL by URL), transactions and migrations."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import functools
import io
import logging
import sqlite3
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import aiosqlite
import asyncpg
from piccolo.columns import Column
from piccolo.columns.combination import Where
from piccolo.columns.operators.comparison import ComparisonOperator
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType

SQLITE_BUSY_TIMEOUT_SECONDS = 30.0

# aiosqlite logs every statement with its parameters at DEBUG: beneficiaries' names would
# reach the logs of anyone who turns debugging on.
logging.getLogger("aiosqlite").setLevel(logging.INFO)


class PooledSQLiteTransaction(SQLiteTransaction):
    """A transaction on a pooled connection; write transactions queue on an in-process lock.

    SQLite has one writer at a time. Without the lock, concurrent IMMEDIATE transactions of one
    process would wait in SQLite's busy handler, which sleeps and retries and so turns a queue
    of a few milliseconds into latency spikes of seconds. Other processes still meet the busy
    timeout, which is what it is for.
    """

    engine: RelaisSQLiteEngine

    async def __aenter__(self) -> SQLiteTransaction:
        if self._parent is not None:
            return self._parent
        self._writer = self.transaction_type != TransactionType.deferred
        if self._writer:
            await self.engine.write_lock().acquire()
        try:
            self.connection = await self.engine.acquire(writer=self._writer)
            try:
                await self.begin()
            except BaseException:
                await self.engine.release(self.connection)
                raise
        except BaseException:
            if self._writer:
                self.engine.write_lock().release()
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exception_type, exception, traceback) -> bool:  # type: ignore[no-untyped-def]
        if self._parent:
            return exception is None
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self.commit()
        finally:
            await self.engine.release(self.connection)
            self.engine.current_transaction.reset(self.context)
            if self._writer:
                self.engine.write_lock().release()
        return exception is None


class RelaisSQLiteEngine(SQLiteEngine):
    """SQLite with open connections reused: a few for reads, one for the process's writer.

    Piccolo's SQLite engine opens a connection (and aiosqlite a thread) for every query; on a
    scan that is most of the cost. Connections here are opened once, with the pragmas a
    concurrent web service needs, and reused. Write transactions queue on the write lock, so
    one connection serves them all; reads run beside a write (WAL) on their own connections.
    Each connection is a thread: more readers only add thread switches under the GIL
    (bench/scan.py measured 4 readers 20 % slower than 2). A single statement outside a
    transaction joins an idle reader's queue rather than taking the reader for itself.
    """

    READERS = 2

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._idle: list[aiosqlite.Connection] = []
        self._waiting: collections.deque[asyncio.Future[aiosqlite.Connection]] = collections.deque()
        self._open = 0
        self._turn = 0
        self._writer: aiosqlite.Connection | None = None
        self._write_lock: asyncio.Lock | None = None

    def write_lock(self) -> asyncio.Lock:
        if self._write_lock is None:
            self._write_lock = asyncio.Lock()
        return self._write_lock

    async def get_connection(self):  # type: ignore[no-untyped-def,override]
        connection = await super().get_connection()
        # WAL makes NORMAL durable across application crashes; only a power cut can lose
        # the last transactions, never corrupt the file.
        await connection.execute("PRAGMA synchronous = NORMAL")
        return connection

    async def acquire(self, *, writer: bool = False) -> aiosqlite.Connection:
        """A reader from the pool, or the writer connection (its user holds the write lock).

        Readers are handed over in the order they were asked for: a request that arrives
        while others wait never takes a connection before them (which made a tail of slow
        scans under load).
        """
        if writer:
            if self._writer is None:
                self._writer = await self.get_connection()
            return self._writer
        if self._idle and not self._waiting:
            return self._idle.pop()
        if self._open < self.READERS:
            self._open += 1
            try:
                return await self.get_connection()
            except BaseException:
                self._open -= 1
                raise
        handed: asyncio.Future[aiosqlite.Connection] = asyncio.get_running_loop().create_future()
        self._waiting.append(handed)
        try:
            return await handed
        except asyncio.CancelledError:
            if handed.done() and not handed.cancelled():  # handed over as it was cancelled
                await self.release(handed.result())
            elif handed in self._waiting:
                self._waiting.remove(handed)
            raise

    async def release(self, connection: aiosqlite.Connection) -> None:
        if connection.in_transaction:  # never hand on a connection with a transaction open
            await connection.rollback()
        if connection is self._writer:
            return
        while self._waiting:
            handed = self._waiting.popleft()
            if not handed.done():
                handed.set_result(connection)
                return
        self._idle.append(connection)

    async def close_pool(self) -> None:
        idle, self._idle = self._idle, []
        self._open -= len(idle)
        writer, self._writer = self._writer, None
        for connection in [*idle, *([writer] if writer else [])]:
            await connection.close()

    def transaction(  # type: ignore[override]
        self,
        transaction_type: TransactionType = TransactionType.deferred,
        allow_nested: bool = True,
    ) -> SQLiteTransaction:
        return PooledSQLiteTransaction(
            engine=self, transaction_type=transaction_type, allow_nested=allow_nested
        )

    async def _run_in_new_connection(  # type: ignore[override]
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ):
        shared = self._idle_reader()
        if shared is not None:
            # One statement outside a transaction needs no connection of its own: it joins
            # the queue of an idle reader's thread (which runs its work in order) instead of
            # waiting for a hand-over, which cost a wake-up of the event loop per query.
            return await shared.execute_fetchall(query, args or [])
        connection = await self.acquire()
        try:
            # One hop to aiosqlite's thread instead of three (execute, fetchall, close).
            return await connection.execute_fetchall(query, args or [])
        finally:
            await self.release(connection)

    def _idle_reader(self) -> aiosqlite.Connection | None:
        """An open reader no transaction holds, taken in turn; None while readers are still
        to be opened (acquire opens them) or all are held.

        A transaction that takes a reader later begins after what is queued on it, so
        a statement never runs inside another's transaction.
        """
        if self._open < self.READERS or not self._idle:
            return None
        self._turn += 1
        return self._idle[self._turn % len(self._idle)]

    async def _run_in_existing_connection(  # type: ignore[override]
        self,
        connection: aiosqlite.Connection,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ):
        # Piccolo re-sends PRAGMA foreign_keys before each query; pooled connections have it.
        return await connection.execute_fetchall(query, args or [])


@functools.lru_cache(maxsize=256)
def _native_placeholders(sql: str, engine_type: str) -> str:
    """Piccolo's `{}` placeholders as the driver's own: `?` for SQLite, `$1, $2...` for asyncpg."""
    if engine_type != "postgres":
        return sql.replace("{}", "?")
    parts = sql.split("{}")
    return parts[0] + "".join(f"${number}{part}" for number, part in enumerate(parts[1:], start=1))


native_placeholders = _native_placeholders


async def fetch(sql: str, *values: Any) -> list[dict[str, Any]]:
    """Rows of one statement written with `{}` placeholders, its values bound, in the current
    transaction if there is one.

    For the few queries every request makes (the token check, the scan): Piccolo's `raw`
    rebuilds and recompiles its query string on every call, which cost a tenth of a scan's
    time (bench/scan.py); here the SQL is compiled once per statement.
    """
    engine = current_engine()
    statement = _native_placeholders(sql, engine.engine_type)
    transaction = engine.current_transaction.get()
    if is_postgres(engine):
        if transaction is not None:
            records = await transaction.connection.fetch(statement, *values)
        elif engine.pool is not None:
            async with engine.pool.acquire() as connection:
                records = await connection.fetch(statement, *values)
        else:
            connection = await engine.get_new_connection()
            try:
                records = await connection.fetch(statement, *values)
            finally:
                await connection.close()
        return [dict(record) for record in records]
    if transaction is not None:
        return list(await transaction.connection.execute_fetchall(statement, values))
    return list(await engine._run_in_new_connection(statement, list(values)))


def engine_for_url(url: str) -> Engine:
    if url.startswith("sqlite:"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return RelaisSQLiteEngine(path=str(path), timeout=SQLITE_BUSY_TIMEOUT_SECONDS)
    if url.startswith(("postgresql:", "postgres:")):
        return PostgresEngine(config={"dsn": url})
    raise ValueError(f"unsupported database URL scheme: {url.split(':', 1)[0]!r}")


def is_postgres(engine: Engine) -> bool:
    return engine.engine_type == "postgres"


@functools.cache
def _piccolo_conf():  # type: ignore[no-untyped-def]
    # Imported on first use (it imports this module); every query asks for the engine.
    from inventory import piccolo_conf

    return piccolo_conf


def current_engine() -> Engine:
    return _piccolo_conf().DB


def all_tables() -> list[type]:
    from piccolo.apps.migrations.tables import Migration

    from inventory.piccolo_conf import APP_REGISTRY

    tables = [t for config in APP_REGISTRY.app_configs.values() for t in config.table_classes]
    return [*tables, Migration]


def use_engine(engine: Engine) -> None:
    """Point every table, and Piccolo's migration machinery, at this engine."""
    _piccolo_conf().DB = engine
    for table in all_tables():
        table._meta.db = engine


@contextlib.asynccontextmanager
async def transaction() -> AsyncIterator[Any]:
    """A write transaction: IMMEDIATE on SQLite, so writers queue instead of deadlocking."""
    engine = current_engine()
    if is_postgres(engine):
        async with engine.transaction() as tx:
            yield tx
    else:
        async with engine.transaction(transaction_type=TransactionType.immediate) as tx:
            yield tx


def is_unique_violation(error: BaseException) -> bool:
    if isinstance(error, asyncpg.UniqueViolationError):
        return True
    return isinstance(error, sqlite3.IntegrityError) and "UNIQUE" in str(error)


async def start(engine: Engine) -> None:
    if is_postgres(engine):
        await engine.start_connection_pool(min_size=2, max_size=20)


async def stop(engine: Engine) -> None:
    if is_postgres(engine):
        await engine.close_connection_pool()
    elif isinstance(engine, RelaisSQLiteEngine):
        await engine.close_pool()


async def ping(engine: Engine) -> bool:
    try:
        await engine.run_ddl("SELECT 1")
    except Exception:  # any failure to reach the database is reported as "unreachable"
        return False
    return True


async def migrate(*, verbose: bool = False) -> None:
    """Apply every pending migration of every app, in dependency order."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    engine = current_engine()
    if not is_postgres(engine):
        await engine.run_ddl("PRAGMA journal_mode = WAL")
    output = io.StringIO()
    quiet = contextlib.nullcontext() if verbose else contextlib.redirect_stdout(output)
    with quiet:
        result = await run_forwards(app_name="all")
    if not result.success:
        raise RuntimeError(f"migration failed: {result.message}\n{output.getvalue()}")


# Search ------------------------------------------------------------------------------------------

LIKE_ESCAPE = "\\"


class _LikeEscaped(ComparisonOperator):
    template = "{name} LIKE {value} ESCAPE '\\'"


class _ILikeEscaped(ComparisonOperator):
    template = "{name} ILIKE {value} ESCAPE '\\'"


def like_pattern(text: str) -> str:
    """`%text%` where `%`, `_` and the escape character of `text` match only themselves."""
    escaped = (
        text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )
    return f"%{escaped}%"


def contains(column: Column, text: str, *, case_sensitive: bool = False) -> Where:
    """`column` holds `text` (a search box's `q=`): every LIKE of the service goes through here.

    Case-insensitive by default: ILIKE on PostgreSQL, LIKE on SQLite (which ignores the case of
    ASCII letters).
    """
    operator = _LikeEscaped
    if not case_sensitive and column._meta.engine_type == "postgres":
        operator = _ILikeEscaped
    return Where(column=column, value=like_pattern(text), operator=operator)


# Stored text ---------------------------------------------------------------------------------------


async def clean_stored_text(table: str, single_line: Sequence[str], multi_line: Sequence[str] = ()) -> int:
    """Bring rows written before the text rules (inventory/text.py) into them: single-line
    columns lose line breaks (a space each) and control characters, multi-line columns their
    NUL and other control characters. For migrations; returns how many rows changed."""
    from inventory import text

    columns = [*single_line, *multi_line]
    listed = ", ".join(f'"{column}"' for column in columns)
    changed = 0
    # Table and column names come from the migration's own constants, never from input.
    for row in await fetch(f'SELECT id, {listed} FROM "{table}"'):  # noqa: S608
        values = {}
        for column in columns:
            value = row[column]
            if not isinstance(value, str):
                continue
            if column in single_line:
                cleaned = text.as_single_line(value).strip() if not text.is_single_line(value) else value
            else:
                cleaned = text.without_control_characters(value)
            if cleaned != value:
                values[column] = cleaned
        if values:
            assignments = ", ".join(f'"{column}" = {{}}' for column in values)
            statement = f'UPDATE "{table}" SET {assignments} WHERE id = {{}}'  # noqa: S608
            await fetch(statement, *values.values(), row["id"])
            changed += 1
    return changed
