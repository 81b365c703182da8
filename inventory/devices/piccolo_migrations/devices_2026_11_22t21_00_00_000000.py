"""Constraints Piccolo's column API cannot express: append-only events, duplicate serials."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-22T21:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "append-only events, unique make and serial"

POSTGRES = [
    """
    CREATE FUNCTION relais_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER device_event_append_only BEFORE UPDATE OR DELETE ON device_event
    FOR EACH ROW EXECUTE FUNCTION relais_refuse_change()
    """,
]

SQLITE = [
    """
    CREATE TRIGGER device_event_no_update BEFORE UPDATE ON device_event
    BEGIN SELECT RAISE(ABORT, 'device_event is append-only'); END
    """,
    """
    CREATE TRIGGER device_event_no_delete BEFORE DELETE ON device_event
    BEGIN SELECT RAISE(ABORT, 'device_event is append-only'); END
    """,
]

COMMON = [
    "CREATE UNIQUE INDEX device_make_serial_unique ON device (make_key, serial_key)",
    "CREATE INDEX device_event_device_order ON device_event (device, id)",
    "INSERT INTO counter (name, value) VALUES ('asset_tag', 0), ('wipe_certificate', 0)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="devices", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        for statement in [*statements, *COMMON]:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
