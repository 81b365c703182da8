"""Database engines: SQLite with pooled connections (the default) or PostgreSQL, chosen by URL.

Imported by inventory/piccolo_conf.py (which builds the configured engine) and re-exported by
inventory/db.py; it imports nothing of Relais, so the configuration and the database helpers
do not import each other.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiosqlite
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType

if TYPE_CHECKING:
    from typing_extensions import TypeIs

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

    async def __aexit__(self, exception_type, exception, traceback) -> bool:
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

    async def get_connection(self):
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

    def transaction(
        self,
        transaction_type: TransactionType = TransactionType.deferred,
        allow_nested: bool = True,
    ) -> SQLiteTransaction:
        return PooledSQLiteTransaction(
            engine=self, transaction_type=transaction_type, allow_nested=allow_nested
        )

    async def _run_in_new_connection(
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

    async def _run_in_existing_connection(
        self,
        connection: aiosqlite.Connection,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ):
        # Piccolo re-sends PRAGMA foreign_keys before each query; pooled connections have it.
        return await connection.execute_fetchall(query, args or [])


def engine_for_url(url: str) -> Engine:
    if url.startswith("sqlite:"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return RelaisSQLiteEngine(path=str(path), timeout=SQLITE_BUSY_TIMEOUT_SECONDS)
    if url.startswith(("postgresql:", "postgres:")):
        return PostgresEngine(config={"dsn": url})
    raise ValueError(f"unsupported database URL scheme: {url.split(':', 1)[0]!r}")


def is_postgres(engine: Engine) -> TypeIs[PostgresEngine]:
    return engine.engine_type == "postgres"
