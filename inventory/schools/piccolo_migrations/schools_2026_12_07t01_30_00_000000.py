"""A voucher's history: the `voucher_event` table and the voucher's `version`.

The history is carried over in schools_2026_12_07t01_30_01 (Piccolo runs a migration's raw
steps before its columns): every voucher gets its `issue` line, and a cancelled one its
`cancel` line, from what the voucher row kept.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import JSON, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-12-07T01:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "voucher history (voucher_event) and the voucher's version"


class Voucher(Table, tablename="voucher"):
    id = Serial(null=False, primary_key=True, db_column_name="id")


def _params(**overrides: object) -> dict:
    params = {
        "default": None,
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
    if "references" in params:
        params.setdefault("on_delete", OnDelete.restrict)
        params.setdefault("on_update", OnUpdate.cascade)
        params.setdefault("target_column", None)
    return params


COLUMNS: list[tuple[str, str, str, type, dict]] = [
    ("Voucher", "voucher", "version", Integer, _params(default=1)),
    ("VoucherEvent", "voucher_event", "voucher", ForeignKey, _params(references=Voucher, index=True)),
    ("VoucherEvent", "voucher_event", "action", Varchar, _params(length=20, default="")),
    ("VoucherEvent", "voucher_event", "actor", Varchar, _params(length=64, default="")),
    ("VoucherEvent", "voucher_event", "actor_id", Integer, _params(null=True)),
    ("VoucherEvent", "voucher_event", "at", Timestamptz, _params(default=None)),
    ("VoucherEvent", "voucher_event", "data", JSON, _params(default="{}")),
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="schools", description=DESCRIPTION)
    manager.add_table(class_name="VoucherEvent", tablename="voucher_event", schema=None, columns=None)
    for class_name, tablename, column, column_class, params in COLUMNS:
        manager.add_column(
            table_class_name=class_name,
            tablename=tablename,
            column_name=column,
            db_column_name=column,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
            schema=None,
        )
    return manager
