"""A lost loan records the day its device was found (the loan itself stays lost)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Date
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T19:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "loan found_on"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="loans", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Loan",
        tablename="loan",
        column_name="found_on",
        db_column_name="found_on",
        column_class_name="Date",
        column_class=Date,
        params={
            "default": None,
            "null": True,
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
