"""Schools get a language: the one their vouchers and delivery notes are written in. Existing
schools read French (the default), as their documents did."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-07T01:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "school language"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="schools", description=DESCRIPTION)
    manager.add_column(
        table_class_name="School",
        tablename="school",
        column_name="language",
        db_column_name="language",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 2,
            "default": "fr",
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
