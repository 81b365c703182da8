"""A populated database of a previous release, upgraded by the current migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest

from inventory import db
from inventory.settings import use_settings
from tests.conftest import BACKENDS, RUN_ID, _admin_connection, _postgres_url, settings_for

# Text a release could store and the current rules refuse: the upgrade must clean it (a device's
# make from a multi-line spreadsheet cell, a bell character in its notes; a NUL on SQLite only,
# PostgreSQL never stored one).
DIRTY_TEXT_SQLITE = (
    "UPDATE device SET make = 'Dell' || char(13, 10) || 'Inc', notes = 'a' || char(7) || 'b' || char(0)"
    " WHERE id = (SELECT min(id) FROM device)"
)
DIRTY_TEXT_POSTGRES = (
    "UPDATE device SET make = 'Dell' || chr(13) || chr(10) || 'Inc', notes = 'a' || chr(7) || 'b'"
    " WHERE id = (SELECT min(id) FROM device)"
)

# A voucher the release cancelled (its demo has none): the upgrade carries its reason and date
# into the voucher's history.
CANCELLED_VOUCHER = (
    "INSERT INTO voucher (code, programme, school, batch, quantity, remaining, category, expires_on,"
    " status, issued_at, issued_by, cancelled_at, cancelled_by, cancel_reason, updated_at)"
    " SELECT 'CANCELLED0001', programme, school, NULL, 2, 2, NULL, expires_on, 'cancelled', issued_at,"
    " 'coordination', '2026-12-06 16:00:00+00:00', 'coordination', 'école fermée', issued_at"
    " FROM voucher WHERE id = (SELECT min(id) FROM voucher)"
)

RELEASES = sorted(path for path in Path(__file__).parent.glob("release_*") if path.is_dir())


@dataclass
class Upgraded:
    """A database of `release`, migrated to the current code; `before` counts each table's
    rows as the release left them."""

    release: str
    backend: str
    url: str
    before: dict[str, int]
    # Every reminder row as the release left it (the outbox table is rebuilt on SQLite).
    reminders: list[dict]


# The reminder columns of the release, compared before and after the upgrade.
REMINDER_COLUMNS = (
    "id, loan, kind, offset_days, recipient, channel, language, due_at, status, next_attempt_at,"
    " attempts, claim_token, claimed_at, sent_at, cancelled_at, last_error, created_at"
)
REMINDERS = f"SELECT {REMINDER_COLUMNS} FROM loan_reminder ORDER BY id"  # noqa: S608


def _sqlite_counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
    finally:
        connection.close()


def _sqlite_rows(path: Path, query: str) -> list[dict]:
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(query)]
    finally:
        connection.close()


async def _postgres_counts(connection: asyncpg.Connection) -> dict[str, int]:
    names = [
        row["tablename"]
        for row in await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    ]
    return {name: await connection.fetchval(f'SELECT count(*) FROM "{name}"') for name in names}


@pytest.fixture(params=[(release.name, backend) for release in RELEASES for backend in BACKENDS], ids=str)
async def upgraded(request: pytest.FixtureRequest, tmp_root: Path) -> AsyncIterator[Upgraded]:
    release_name, backend = request.param
    folder = Path(__file__).parent / release_name
    if backend == "sqlite":
        path = tmp_root / f"upgrade_{release_name}.sqlite3"
        path.unlink(missing_ok=True)
        connection = sqlite3.connect(path)
        connection.executescript((folder / "sqlite.sql").read_text(encoding="utf-8"))
        connection.execute(DIRTY_TEXT_SQLITE)
        connection.execute(CANCELLED_VOUCHER)
        connection.commit()
        connection.close()
        before = _sqlite_counts(path)
        reminders = _sqlite_rows(path, REMINDERS)
        url = f"sqlite:///{path}"
        engine = db.engine_for_url(url)
        db.use_engine(engine)
        use_settings(settings_for(url))
        try:
            await db.migrate()
            yield Upgraded(release_name, backend, url, before, reminders)
        finally:
            use_settings(None)
            await db.stop(engine)
            path.unlink(missing_ok=True)
        return
    name = f"relais_up_{RUN_ID}_{release_name[-7:]}"
    admin = await _admin_connection()
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = _postgres_url(name)
    loader = await asyncpg.connect(url)
    try:
        await loader.execute((folder / "postgres.sql").read_text(encoding="utf-8"))
        # pg_dump empties the search path for its own statements.
        await loader.execute("SELECT pg_catalog.set_config('search_path', 'public', false)")
        await loader.execute(DIRTY_TEXT_POSTGRES)
        await loader.execute(CANCELLED_VOUCHER)
        before = await _postgres_counts(loader)
        reminders = [dict(row) for row in await loader.fetch(REMINDERS)]
    finally:
        await loader.close()
    engine = db.engine_for_url(url)
    db.use_engine(engine)
    await engine.start_connection_pool(min_size=1, max_size=4)
    use_settings(settings_for(url))
    try:
        await db.migrate()
        yield Upgraded(release_name, backend, url, before, reminders)
    finally:
        use_settings(None)
        await engine.close_connection_pool()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
