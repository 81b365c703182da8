"""Waiting-list matches go through the reminders' outbox: `loan_reminder.reservation`.

The rest (`loan_reminder.loan` made nullable, exactly one of `loan` and `reservation` set)
follows in loans_2026_12_07t07_01_11: Piccolo runs a migration's raw steps before its columns,
and the constraint names the column added here.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import ForeignKey, Serial
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-12-07T07:01:10:000000"
VERSION = "1.38.0"
DESCRIPTION = "waiting-list matches in the reminders' outbox"


class Reservation(Table, tablename="reservation"):
    id = Serial(null=False, primary_key=True, db_column_name="id")


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="loans", description=DESCRIPTION)
    manager.add_column(
        table_class_name="Reminder",
        tablename="loan_reminder",
        column_name="reservation",
        db_column_name="reservation",
        column_class_name="ForeignKey",
        column_class=ForeignKey,
        params={
            "references": Reservation,
            "on_delete": OnDelete.restrict,
            "on_update": OnUpdate.cascade,
            "target_column": None,
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": True,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )
    return manager
