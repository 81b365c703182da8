"""Text stored before the text rules (inventory/text.py): single-line columns lose their line
breaks and control characters, notes their NUL and other control characters, on both backends."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-06T18:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "stored text brought into the single-line and notes rules"

# (table, single-line columns, multi-line columns)
TABLES = [
    ("site", ["code", "name", "address"], []),
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="sites", description=DESCRIPTION)

    async def run() -> None:
        from inventory.db import clean_stored_text

        for table, single_line, multi_line in TABLES:
            await clean_stored_text(table, single_line, multi_line)

    manager.add_raw(run)
    return manager
