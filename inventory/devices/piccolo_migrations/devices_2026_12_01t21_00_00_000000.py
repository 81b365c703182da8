"""Events refuse TRUNCATE too on PostgreSQL (row triggers do not fire for it; SQLite has none)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-01T21:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "append-only events refuse TRUNCATE"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="devices", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        if engine.engine_type == "postgres":
            await engine.run_ddl(
                "CREATE TRIGGER device_event_no_truncate BEFORE TRUNCATE ON device_event "
                "FOR EACH STATEMENT EXECUTE FUNCTION relais_refuse_change()"
            )

    manager.add_raw(run)
    return manager
