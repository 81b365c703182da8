"""Existing devices get their search key, folded as devices.search.search_key folds it.

The folding is copied here as it was when this migration was written, so that a later change
to the live code cannot change what this step wrote.
"""

import unicodedata

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from inventory import db

ID = "2026-12-07T02:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "back-fill device.search_key"

FIELDS = ("asset_tag", "serial_number", "donor_ref", "make", "model", "donor", "batch")
_UNDECOMPOSABLE = str.maketrans({"ı": "i", "ł": "l", "đ": "d", "ø": "o", "œ": "oe", "æ": "ae", "ħ": "h"})
BATCH = 500


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.translate(_UNDECOMPOSABLE).split())


def search_key(row: dict) -> str:
    return fold(" ".join(str(row[name] or "") for name in FIELDS))


async def back_fill() -> int:
    """Every device's key, a batch of rows per UPDATE; returns how many were written."""
    after, written = 0, 0
    columns = ", ".join(FIELDS)
    while True:
        rows = await db.fetch(
            f"SELECT id, {columns} FROM device WHERE id > {{}} ORDER BY id LIMIT {BATCH}",  # noqa: S608
            after,
        )
        if not rows:
            return written
        cases = " ".join("WHEN {} THEN {}" for _ in rows)
        ids = ", ".join("{}" for _ in rows)
        values: list = []
        for row in rows:
            values += [row["id"], search_key(row)]
        await db.fetch(
            f"UPDATE device SET search_key = CASE id {cases} END WHERE id IN ({ids})",  # noqa: S608
            *values,
            *[row["id"] for row in rows],
        )
        written += len(rows)
        after = rows[-1]["id"]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="devices", description=DESCRIPTION)

    async def run() -> None:
        await back_fill()

    manager.add_raw(run)
    return manager
