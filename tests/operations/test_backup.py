"""Backups taken with `relais backup` while the service runs, restored with `relais restore`:
nothing is lost and nothing half-written comes back, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from inventory import db
from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.devices import service as devices
from inventory.devices.schemas import DeviceIntake
from inventory.operations import backup
from inventory.reporting.exports import csv_bytes
from tests.conftest import POSTGRES_ADMIN_URL
from tests.helpers import act, device_at, intake

ROOT = Path(__file__).resolve().parents[2]
ADMIN = CurrentUser(id=1, username="admin", role=Role.ADMIN)


async def snapshot() -> dict[str, object]:
    """Every table's row count and the full content of the main lists."""
    counts = {table._meta.tablename: await table.count() for table in db.all_tables()}
    lists = {
        name: await csv_bytes(name, ADMIN) for name in ("devices", "events", "wipes", "loans", "stock-counts")
    }
    return {"counts": counts, "lists": lists}


def relais(database_url: str, *arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "RELAIS_DATABASE_URL": database_url,
        "RELAIS_SECRET_KEY": "test-secret-key-not-for-production",
    }
    return subprocess.run(
        [sys.executable, "-m", "inventory.cli", *arguments],
        cwd=cwd,
        env={**environment, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


async def reconnect(backend: str) -> None:
    """A restore replaces every table; a running service is stopped first and started after.
    The test does the same to its own connection pool."""
    if backend == "postgres":
        engine = db.current_engine()
        await engine.close_connection_pool()
        await engine.start_connection_pool(min_size=1, max_size=10)


async def test_backup_and_restore_round_trip(client, auth, sites, database_url, backend, tmp_path) -> None:
    tech = auth.technician
    kept = await device_at(client, tech, "available", site="atelier", serial_number="KEEP-1")
    await intake(client, tech, make="HP", serial_number="KEEP-2", notes="=1+1")
    count = await client.post("/api/v1/stock-counts", json={"site": "atelier"}, headers=tech)
    await client.post(f"/api/v1/stock-counts/{count.json()['id']}/scans", json={"code": kept}, headers=tech)
    before = await snapshot()

    taken = await asyncio.to_thread(relais, database_url, "backup", str(tmp_path), cwd=tmp_path)
    assert taken.returncode == 0, taken.stderr
    [copy] = [path for path in tmp_path.iterdir() if path.name.startswith("relais-")]
    assert taken.stdout.startswith(f"backup written to {copy}")
    assert copy.suffix == (".sqlite3" if backend == "sqlite" else ".dump")

    # Life goes on after the backup: new devices, a retirement, a closed count.
    await intake(client, tech, serial_number="LATER-1")
    assert (await act(client, tech, kept, "retire", {"reason": "stolen"})).status_code == 200
    await client.post(f"/api/v1/stock-counts/{count.json()['id']}/close", headers=tech)
    assert await snapshot() != before

    restored = await asyncio.to_thread(relais, database_url, "restore", str(copy), "--yes", cwd=tmp_path)
    assert restored.returncode == 0, restored.stderr
    await reconnect(backend)
    assert await snapshot() == before
    # Numbering continues from the backup: the tag given after it is given again, never a gap.
    assert (await intake(client, tech))["asset_tag"] == "RL-000003"


async def consistency_of(copy: Path, backend: str) -> tuple[int, int, int]:
    """(devices, intake events, asset tag counter) as the backup holds them."""
    queries = (
        "SELECT COUNT(*) FROM device",
        "SELECT COUNT(*) FROM device_event",
        "SELECT value FROM counter WHERE name = 'asset_tag'",
    )
    if backend == "sqlite":
        connection = sqlite3.connect(copy)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            return tuple(connection.execute(query).fetchone()[0] for query in queries)
        finally:
            connection.close()
    # A PostgreSQL dump is read back by restoring it into a database of its own.
    name = f"relais_restored_{copy.stem.replace('-', '_')}_{os.getpid()}"
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = POSTGRES_ADMIN_URL.rpartition("/")[0] + f"/{name}"
        await asyncio.to_thread(backup.restore_postgres, url, copy)
        restored = await asyncpg.connect(url)
        try:
            return tuple([await restored.fetchval(query) for query in queries])
        finally:
            await restored.close()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def test_a_backup_taken_during_writes_is_consistent(database_url, backend, tmp_path) -> None:
    actor = CurrentUser(id=1, username="tech", role=Role.TECHNICIAN)
    stop = asyncio.Event()

    async def keep_registering() -> int:
        registered = 0
        while not stop.is_set():
            await devices.intake(DeviceIntake(category="phone", make="Apple", model="iPhone 8"), actor)
            registered += 1
            await asyncio.sleep(0)
        return registered

    writer = asyncio.create_task(keep_registering())
    await asyncio.sleep(0.2)
    copies = [await asyncio.to_thread(backup.backup, database_url, tmp_path / f"copy-{n}") for n in range(2)]
    stop.set()
    registered = await writer
    assert registered > 0
    for copy in copies:
        device_count, event_count, counter = await consistency_of(copy.path, backend)
        # Every device in the copy has its intake event and its number, and nothing more.
        assert event_count == counter == device_count > 0


async def test_restore_refuses_what_is_not_a_backup_of_this_database(database_url, backend, tmp_path) -> None:
    garbage = tmp_path / "notes.txt"
    garbage.write_text("not a backup")
    other = tmp_path / ("other.dump" if backend == "sqlite" else "other.sqlite3")
    other.write_bytes(b"PGDMP\x01\x0e" if backend == "sqlite" else backup.SQLITE_MAGIC + b"\x00" * 100)
    cases = [
        (garbage, "is neither a Relais SQLite backup nor a pg_dump archive"),
        (other, "backup; the configured database is"),
        (tmp_path / "missing.sqlite3", "cannot read"),
    ]
    for source, message in cases:
        with pytest.raises(backup.BackupError, match=message):
            await asyncio.to_thread(backup.restore, database_url, source)


async def test_restore_asks_before_replacing_everything(database_url, tmp_path) -> None:
    copy = await asyncio.to_thread(backup.backup, database_url, tmp_path)
    answered = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "inventory.cli", "restore", str(copy.path)],
        input="no\n",
        env={
            **os.environ,
            "RELAIS_DATABASE_URL": database_url,
            "PYTHONPATH": str(ROOT),
            "RELAIS_SECRET_KEY": "test-secret-key-not-for-production",
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert answered.returncode == 1
    assert "nothing was restored" in answered.stdout


async def test_backups_are_readable_by_their_owner_only(database_url, tmp_path) -> None:
    """A backup holds beneficiaries' data: 0600 whatever the umask, and the folders it creates 0700
    (the command line's trailing slash asks for a dated file in a folder it creates)."""
    previous = os.umask(0o022)
    try:
        into_new_folder = await asyncio.to_thread(
            relais, database_url, "backup", f"{tmp_path}/nightly/relais/", cwd=tmp_path
        )
        nested_file = await asyncio.to_thread(backup.backup, database_url, tmp_path / "a" / "b" / "copy.bak")
    finally:
        os.umask(previous)
    assert into_new_folder.returncode == 0, into_new_folder.stderr
    [dated] = (tmp_path / "nightly" / "relais").iterdir()
    assert dated.name.startswith("relais-")
    for path in (dated, nested_file.path):
        assert path.stat().st_mode & 0o777 == 0o600, path
    for folder in (
        tmp_path / "nightly",
        tmp_path / "nightly" / "relais",
        tmp_path / "a",
        tmp_path / "a" / "b",
    ):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    assert not list(tmp_path.rglob("*.partial"))
