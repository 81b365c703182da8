"""A configured schedule may give two kinds of reminder the same day: the once-index names the kind."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-22T23:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "reminder once-index per kind"

STATEMENTS = [
    "DROP INDEX IF EXISTS loan_reminder_once",
    """
    CREATE UNIQUE INDEX loan_reminder_once ON loan_reminder (loan, kind, offset_days, due_at)
    WHERE status <> 'cancelled'
    """,
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="loans", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
