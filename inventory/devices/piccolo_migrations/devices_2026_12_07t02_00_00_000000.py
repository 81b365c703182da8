"""Devices carry a folded search key; monthly event tallies; indexes of the device list.

The tallies' unique key and their back-fill (with the search keys') are the next migration:
Piccolo runs a migration's raw steps before its table changes.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Boolean, Integer, Text, Varchar
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

    manager.add_table(class_name="EventTally", tablename="device_event_tally", schema=None, columns=None)
    for name, column_class, params in [
        ("month", Varchar, {"length": 7, "default": ""}),
        ("action", Varchar, {"length": 30, "default": ""}),
        ("to_stage", Varchar, {"length": 20, "default": ""}),
        ("moved", Boolean, {"default": True}),
        ("funding", Varchar, {"length": 20, "default": ""}),
        ("events", Integer, {"default": 0}),
    ]:
        manager.add_column(
            table_class_name="EventTally",
            tablename="device_event_tally",
            column_name=name,
            db_column_name=name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params={
                **params,
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
