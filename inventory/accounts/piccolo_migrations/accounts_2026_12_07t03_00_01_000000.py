"""Existing users get a full name made from their username ("jean.dupont" becomes "Jean Dupont"),
until a coordinator types the real one; documents never print a bare login name again.

A separate migration from the column's: Piccolo runs a migration's raw steps before its
column changes.
"""

from __future__ import annotations

import re

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from inventory import db

ID = "2026-12-07T03:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "users' full names back-filled from their usernames"

# Frozen here, as this release spells it: a migration must not change with later code.
_SEPARATORS = re.compile(r"[._\-]+")


def name_from_username(username: str) -> str:
    """'jean.dupont' -> 'Jean Dupont', 'sophie' -> 'Sophie'; digits and the rest kept as typed."""
    parts = [part for part in _SEPARATORS.split(username) if part]
    return " ".join(part[:1].upper() + part[1:] for part in parts)[:200] or username[:200]


async def back_fill() -> int:
    rows = await db.fetch("SELECT id, username FROM relais_user WHERE full_name = {}", "")
    for row in rows:
        await db.fetch(
            "UPDATE relais_user SET full_name = {} WHERE id = {}",
            name_from_username(row["username"]),
            row["id"],
        )
    return len(rows)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="accounts", description=DESCRIPTION)
    manager.add_raw(back_fill)
    return manager
