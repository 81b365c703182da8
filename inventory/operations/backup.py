"""Backups and restores of the whole database, safe to take while the service runs.

SQLite: the online backup API (sqlite3.Connection.backup) copies a consistent snapshot page
by page while other connections keep reading and writing; the copy is checked with
`PRAGMA integrity_check` before it replaces anything. PostgreSQL: `pg_dump` in its custom
format (a consistent snapshot by design) and `pg_restore --clean --single-transaction`, so a
failed restore leaves the database as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
# The whole database in one step, under one read transaction: a copy made in steps starts
# over each time another connection writes, and might never end on a busy service. In WAL
# mode the service keeps writing meanwhile; the copy is the database as the step began.
ALL_PAGES = -1
# A backup holds beneficiaries' data: only the account that runs the service may read it.
FILE_MODE = 0o600
FOLDER_MODE = 0o700


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why, for an operator."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    kind: str  # "sqlite" or "pg_dump"


def default_name(kind: str, at: datetime) -> str:
    suffix = "sqlite3" if kind == "sqlite" else "dump"
    return f"relais-{at:%Y%m%d-%H%M%S}.{suffix}"


def _destination(dest: Path, kind: str, at: datetime, folder: bool) -> Path:
    """A folder gets a dated file name inside it; anything else is the file itself. A missing
    folder (`folder`: the operator wrote DEST with a trailing slash) is created."""
    if folder:
        _make_folders(dest)
    if dest.is_dir():
        return dest / default_name(kind, at)
    _make_folders(dest.parent)
    return dest


def _make_folders(folder: Path) -> None:
    """The missing folders of a path, each readable by its owner only; existing ones untouched."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        created.mkdir(mode=FOLDER_MODE, exist_ok=True)
        created.chmod(FOLDER_MODE)  # mkdir's mode passes through the umask


def _private_file(path: Path) -> None:
    """An empty file only its owner may read, created before anything is written into it, so
    there is no moment when the copy is readable by others (whatever the umask)."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.fchmod(descriptor, FILE_MODE)
    finally:
        os.close(descriptor)


def backup(
    database_url: str, dest: Path, *, at: datetime | None = None, folder: bool = False
) -> BackupResult:
    """A copy only its owner may read (0600); folders it creates are 0700."""
    at = at or datetime.now()
    if database_url.startswith("sqlite:"):
        return backup_sqlite(sqlite_path(database_url), _destination(dest, "sqlite", at, folder))
    return backup_postgres(database_url, _destination(dest, "pg_dump", at, folder))


def restore(database_url: str, source: Path) -> None:
    kind = backup_kind(source)
    if database_url.startswith("sqlite:"):
        if kind != "sqlite":
            raise BackupError(f"{source} is a {kind} backup; the configured database is SQLite")
        restore_sqlite(source, sqlite_path(database_url))
        return
    if kind != "pg_dump":
        raise BackupError(f"{source} is a {kind} backup; the configured database is PostgreSQL")
    restore_postgres(database_url, source)


def sqlite_path(database_url: str) -> Path:
    return Path(database_url.removeprefix("sqlite:///"))


def backup_kind(source: Path) -> str:
    try:
        with source.open("rb") as handle:
            head = handle.read(16)
    except OSError as error:
        raise BackupError(f"cannot read {source}: {error.strerror}") from error
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "pg_dump"
    raise BackupError(f"{source} is neither a Relais SQLite backup nor a pg_dump archive")


# SQLite


def _check_integrity(connection: sqlite3.Connection, what: Path) -> None:
    problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise BackupError(f"{what} is damaged: {'; '.join(problems[:5])}")


def backup_sqlite(source: Path, dest: Path) -> BackupResult:
    """A consistent copy of a live database; written beside `dest` and renamed when complete,
    so a crash never leaves a half-written backup under the final name."""
    if not source.exists():
        raise BackupError(f"the database {source} does not exist")
    partial = dest.with_name(dest.name + ".partial")
    _private_file(partial)  # SQLite takes an empty file as a new database, and keeps its mode
    # Not read-only: a reader of a WAL database needs its shared-memory file, which it may
    # have to create. The backup only reads.
    live = sqlite3.connect(source, timeout=30)
    copy = sqlite3.connect(partial)
    try:
        live.backup(copy, pages=ALL_PAGES)
        # A backup file is one self-contained file, whatever journal mode the live one uses.
        copy.execute("PRAGMA journal_mode = DELETE")
        _check_integrity(copy, dest)
    finally:
        copy.close()
        live.close()
    partial.chmod(FILE_MODE)
    partial.replace(dest)
    return BackupResult(path=dest, size=dest.stat().st_size, kind="sqlite")


def restore_sqlite(source: Path, database: Path) -> None:
    """Replace the database's content with the backup's, through the backup API as well, so
    connections that stay open see the restored pages rather than a swapped file."""
    backup_file = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        _check_integrity(backup_file, source)
        database.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(database, timeout=30)
        try:
            backup_file.backup(target, pages=ALL_PAGES)
            target.execute("PRAGMA journal_mode = WAL")
            _check_integrity(target, database)
        finally:
            target.close()
    finally:
        backup_file.close()


# PostgreSQL


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (PostgreSQL client tools are needed for backups)")
    return path


def _connection(database_url: str) -> tuple[str, dict[str, str]]:
    """The URL without its password, and an environment carrying it: a password on a
    command line would be visible to every user of the machine (ps)."""
    parts = urlsplit(database_url)
    environment = dict(os.environ)
    netloc = parts.netloc
    if parts.password is not None:
        environment["PGPASSWORD"] = unquote(parts.password)
        user = parts.username or ""
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        netloc = f"{user}@{host}" + (f":{parts.port}" if parts.port else "")
    scheme = "postgresql" if parts.scheme in {"postgres", "postgresql"} else parts.scheme
    return urlunsplit((scheme, netloc, parts.path, parts.query, parts.fragment)), environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        completed = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    except OSError as error:
        raise BackupError(f"{command[0]} could not run: {error.strerror}") from error
    if completed.returncode != 0:
        message = (completed.stderr or completed.stdout).strip().splitlines()
        raise BackupError(f"{Path(command[0]).name} failed: {' / '.join(message[-5:])}")


def backup_postgres(database_url: str, dest: Path) -> BackupResult:
    url, environment = _connection(database_url)
    partial = dest.with_name(dest.name + ".partial")
    _private_file(partial)  # pg_dump truncates and writes it, keeping its mode
    _run(
        [
            _tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={partial}",
            f"--dbname={url}",
        ],
        environment,
    )
    partial.chmod(FILE_MODE)
    partial.replace(dest)
    return BackupResult(path=dest, size=dest.stat().st_size, kind="pg_dump")


def restore_postgres(database_url: str, source: Path) -> None:
    url, environment = _connection(database_url)
    _run([_tool("pg_restore"), "--list", str(source)], environment)  # a readable archive first
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={url}",
            str(source),
        ],
        environment,
    )
