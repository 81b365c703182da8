"""Database engines (SQLite by default, PostgreSQL by URL), transactions and migrations."""

from __future__ import annotations

import contextlib
import io
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

SQLITE_BUSY_TIMEOUT_SECONDS = 30.0


class RelaisSQLiteEngine(SQLiteEngine):
    """SQLite with the pragmas a concurrent web service needs on every connection."""

    async def get_connection(self):  # type: ignore[override]
        connection = await super().get_connection()
        # WAL makes NORMAL durable across application crashes; only a power cut can lose
        # the last transactions, never corrupt the file.
        await connection.execute("PRAGMA synchronous = NORMAL")
        return connection


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


def current_engine() -> Engine:
    from inventory import piccolo_conf

    return piccolo_conf.DB


def all_tables() -> list[type]:
    from piccolo.apps.migrations.tables import Migration

    from inventory.piccolo_conf import APP_REGISTRY

    tables = [t for config in APP_REGISTRY.app_configs.values() for t in config.table_classes]
    return [*tables, Migration]


def use_engine(engine: Engine) -> None:
    """Point every table, and Piccolo's migration machinery, at this engine."""
    from inventory import piccolo_conf

    piccolo_conf.DB = engine
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
