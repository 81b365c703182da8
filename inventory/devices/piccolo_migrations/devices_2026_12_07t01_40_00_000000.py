"""Donors get a record: the language their wipe certificates are written in.

The records of the donors already named on devices are written by the next migration: Piccolo
runs a migration's raw steps before its table changes.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Timestamptz, Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T01:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "donor records with their language"

COMMON = {
    "null": False,
    "primary_key": False,
    "index": False,
    "index_method": IndexMethod.btree,
    "db_column_name": None,
    "secret": False,
}


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="devices", description=DESCRIPTION)
    manager.add_table(class_name="Donor", tablename="donor", schema=None, columns=None)
    for name, column_class, params in [
        ("name", Varchar, {"length": 200, "default": "", "unique": True, "choices": None}),
        ("language", Varchar, {"length": 2, "default": "fr", "unique": False, "choices": None}),
        ("created_at", Timestamptz, {"unique": False, "choices": None}),
        ("updated_at", Timestamptz, {"unique": False, "choices": None}),
    ]:
        manager.add_column(
            table_class_name="Donor",
            tablename="donor",
            column_name=name,
            db_column_name=name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params={**COMMON, **params},
            schema=None,
        )
    return manager
