"""The wipe_report table: the original nwipe report of a recorded wipe, byte for byte, with its digest.

A new table: existing wipes keep no report (their certificates print none), so nothing is
back-filled.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import JSON, Bytea, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-12-07T06:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "wipe reports: the wiping tool's original report of a wipe"


class Device(Table, tablename="device", schema=None):
    id = Serial(null=False, primary_key=True, db_column_name="id")


class WipeRecord(Table, tablename="wipe_record", schema=None):
    id = Serial(null=False, primary_key=True, db_column_name="id")


def _params(**overrides: object) -> dict[str, object]:
    params: dict[str, object] = {
        "null": False,
        "primary_key": False,
        "unique": False,
        "index": False,
        "index_method": IndexMethod.btree,
        "choices": None,
        "db_column_name": None,
        "secret": False,
    }
    params.update(overrides)
    return params


def _foreign_key(references: type[Table], **overrides: object) -> dict[str, object]:
    return _params(
        references=references,
        on_delete=OnDelete.cascade,
        on_update=OnUpdate.cascade,
        target_column=None,
        **overrides,
    )


COLUMNS = [
    ("device", ForeignKey, _foreign_key(Device, index=True)),
    ("wipe", ForeignKey, _foreign_key(WipeRecord, unique=True)),
    ("sha256", Varchar, _params(length=64, default="", unique=True)),
    ("filename", Varchar, _params(length=255, default="")),
    ("media_type", Varchar, _params(length=100, default="")),
    ("size_bytes", Integer, _params(default=0)),
    ("kind", Varchar, _params(length=20, default="")),
    ("summary", JSON, _params(default="{}")),
    ("content", Bytea, _params(default=b"")),
    ("uploaded_by", Varchar, _params(length=64, default="")),
    ("created_at", Timestamptz, _params(default=TimestamptzNow())),
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="devices", description=DESCRIPTION)
    manager.add_table(class_name="WipeReport", tablename="wipe_report", schema=None, columns=None)
    for name, column_class, params in COLUMNS:
        manager.add_column(
            table_class_name="WipeReport",
            tablename="wipe_report",
            column_name=name,
            db_column_name=name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
            schema=None,
        )
    return manager
