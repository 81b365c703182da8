"""The database as the service uses it: the current engine, transactions, raw statements,
migrations and search patterns. The engines themselves are inventory/engines.py's."""

from __future__ import annotations

import contextlib
import functools
import io
import sqlite3
from collections.abc import AsyncIterator, Sequence
from typing import Any, Protocol

import asyncpg
from piccolo.columns import Column
from piccolo.columns.combination import Where
from piccolo.columns.operators.comparison import ComparisonOperator
from piccolo.engine.base import Engine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.table import Table

# The engines are re-exported: callers choose and start one through this module.
from inventory.engines import (
    SQLITE_BUSY_TIMEOUT_SECONDS,
    PooledSQLiteTransaction,
    RelaisSQLiteEngine,
    engine_for_url,
    is_postgres,
)

__all__ = [
    "SQLITE_BUSY_TIMEOUT_SECONDS",
    "PooledSQLiteTransaction",
    "RelaisSQLiteEngine",
    "engine_for_url",
    "is_postgres",
]


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
    if not isinstance(engine, SQLiteEngine):
        raise TypeError(f"unsupported database engine: {engine!r}")
    return list(await engine._run_in_new_connection(statement, list(values)))


class _PiccoloConf(Protocol):
    """What this module reads of inventory/piccolo_conf.py."""

    DB: Engine


@functools.cache
def _piccolo_conf() -> _PiccoloConf:
    # Imported on first use, not with this module: it builds the engine from the settings,
    # which tests and the command line set first.
    from inventory import piccolo_conf

    return piccolo_conf


def current_engine() -> Engine:
    return _piccolo_conf().DB


def all_tables() -> list[type[Table]]:
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
async def transaction(*, savepoint: bool = False) -> AsyncIterator[Any]:
    """A write transaction: IMMEDIATE on SQLite, so writers queue instead of deadlocking.

    Inside another transaction it joins it; with `savepoint`, behind a savepoint, so that an
    error undoes only this block's writes and leaves the transaction around usable (after a
    failed statement PostgreSQL refuses every other one until the rollback): what the caller
    reads to explain the error, it can read.
    """
    engine = current_engine()
    outer = engine.current_transaction.get()
    if savepoint and outer is not None:
        point = await outer.savepoint()
        try:
            yield outer
        except BaseException:
            await point.rollback_to()
            raise
        await point.release()
        return
    if is_postgres(engine):
        async with engine.transaction() as tx:
            yield tx
    else:
        async with engine.transaction(transaction_type=TransactionType.immediate) as tx:
            yield tx


async def insert_rows(
    table: type[Table],
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    returning: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """One multi-row INSERT, written out: Piccolo's insert builds a Table object and converts
    every value per row, which was most of the cost of a 10,000-row import (bench/import.py).
    Values go in as they are: enumerations as their value, JSON as its text."""
    if not rows:
        return []
    # Table and column names come from the caller's constants; every value is a bound parameter.
    placeholders = "(" + ", ".join(["{}"] * len(columns)) + ")"
    sql = (
        f"INSERT INTO {table._meta.tablename} ({', '.join(columns)}) VALUES "  # noqa: S608
        + ", ".join([placeholders] * len(rows))
        + (f" RETURNING {', '.join(returning)}" if returning else "")  # noqa: S608
    )
    values = [value for row in rows for value in row]
    result: list[dict[str, Any]] = await table.raw(sql, *values)
    return result


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
    operator: type[ComparisonOperator] = _LikeEscaped
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
