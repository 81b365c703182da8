"""Devices remember whether a passed wipe covers their current custody (the wipe chain of custody)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Boolean
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T19:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "device wiped since its last custody change"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="devices", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Device",
        tablename="device",
        column_name="wiped_since_custody_change",
        db_column_name="wiped_since_custody_change",
        column_class_name="Boolean",
        column_class=Boolean,
        params={
            "default": False,
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

    return manager
