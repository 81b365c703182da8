"""The returned and lost views of /loans list the latest closed first: an index in that order,
so a page reads its 50 loans instead of sorting every closed loan (docs/benchmarks.md)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T01:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "loans by status and closing time"

INDEX = "CREATE INDEX loan_status_closed ON loan (status, closed_at, id)"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="loans", description=DESCRIPTION)

    async def run() -> None:
        await engine_finder().run_ddl(INDEX)

    manager.add_raw(run)
    return manager
