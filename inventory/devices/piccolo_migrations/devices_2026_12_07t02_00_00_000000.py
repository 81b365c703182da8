"""Devices carry a folded search key, and the device list's filters and reports get indexes."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Text
from piccolo.columns.indexes import IndexMethod
from piccolo.engine import engine_finder

ID = "2026-12-07T02:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "device search key; indexes of the device list and the reports"

INDEXES = [
    # The list's donor and batch filters, and their choices (GROUP BY donor / batch).
    "CREATE INDEX device_donor ON device (donor)",
    "CREATE INDEX device_batch ON device (batch)",
    # The monthly flows of the dashboard and the reports: events of some actions in a period.
    "CREATE INDEX device_event_action_at ON device_event (action, at, to_stage, device)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="devices", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Device",
        tablename="device",
        column_name="search_key",
        db_column_name="search_key",
        column_class_name="Text",
        column_class=Text,
        params={
            "default": "",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    async def run() -> None:
        engine = engine_finder()
        for statement in INDEXES:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
