"""Accessory kinds that come back, the loan's history, the waiting list, signatures and addresses.

The data (accessories carried over, `worklist_entry.loan` made nullable) follows in
loans_2026_12_07t07_00_01: Piccolo runs a migration's raw steps before its columns.

- `loan.accessories` held free text ("chargeur", "Housse"). Each item that names a known kind
  without doubt (inventory/loans/accessories.py KNOWN_WORDS, French, Dutch and English, case and
  accents ignored) becomes that kind's code; every other item is kept as typed in
  `loan.accessories_other` (listed on documents, not checked on return). Nothing typed is lost.
- Returned loans keep `accessories_returned` NULL: nobody recorded what came back then.
- `worklist_entry.loan` becomes nullable (a waiting-list entry names a reservation and a
  device instead). PostgreSQL drops the NOT NULL; SQLite cannot, so the table is rebuilt from
  its own stored definition with only that constraint removed, rows and indexes kept.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import (
    JSON,
    Bytea,
    Date,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table

ID = "2026-12-07T07:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "accessory kinds, loan events, waiting list, signature, postal address"


def _frozen(name: str, tablename: str) -> type[Table]:
    return type(
        name,
        (Table,),
        {"id": Serial(null=False, primary_key=True, db_column_name="id")},
        tablename=tablename,
    )


Beneficiary = _frozen("Beneficiary", "beneficiary")
Loan = _frozen("Loan", "loan")
Site = _frozen("Site", "site")
User = _frozen("User", "relais_user")
Device = _frozen("Device", "device")
Reservation = _frozen("Reservation", "reservation")


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
    ("Beneficiary", "beneficiary", "postal_address", Text, _params(null=True)),
    ("Loan", "loan", "accessories_other", JSON, _params(default="[]")),
    ("Loan", "loan", "accessories_returned", JSON, _params(null=True)),
    ("Loan", "loan", "accessories_missing", JSON, _params(default="[]")),
    ("Loan", "loan", "signature_png", Bytea, _params(null=True)),
    ("Loan", "loan", "signed_at", Timestamptz, _params(null=True)),
    # The loan's history.
    ("LoanEvent", "loan_event", "loan", ForeignKey, _params(references=Loan, index=True)),
    ("LoanEvent", "loan_event", "action", Varchar, _params(length=20, default="")),
    ("LoanEvent", "loan_event", "actor", Varchar, _params(length=64, default="")),
    ("LoanEvent", "loan_event", "actor_id", Integer, _params(null=True)),
    ("LoanEvent", "loan_event", "at", Timestamptz, _params(default=None)),
    ("LoanEvent", "loan_event", "data", JSON, _params(default="{}")),
    # The waiting list.
    ("Reservation", "reservation", "beneficiary", ForeignKey, _params(references=Beneficiary, index=True)),
    ("Reservation", "reservation", "category", Varchar, _params(length=20, default="")),
    ("Reservation", "reservation", "site", ForeignKey, _params(references=Site, null=True)),
    ("Reservation", "reservation", "social_worker", ForeignKey, _params(references=User)),
    ("Reservation", "reservation", "status", Varchar, _params(length=12, default="waiting")),
    ("Reservation", "reservation", "needed_by", Date, _params(null=True)),
    ("Reservation", "reservation", "notes", Text, _params(default="")),
    ("Reservation", "reservation", "requested_at", Timestamptz, _params(default=None)),
    ("Reservation", "reservation", "requested_by", Varchar, _params(length=64, default="")),
    ("Reservation", "reservation", "closed_at", Timestamptz, _params(null=True)),
    ("Reservation", "reservation", "closed_by", Varchar, _params(length=64, default="")),
    ("Reservation", "reservation", "cancel_reason", Text, _params(default="")),
    ("Reservation", "reservation", "loan", ForeignKey, _params(references=Loan, null=True, unique=True)),
    ("Reservation", "reservation", "updated_at", Timestamptz, _params(default=None)),
    # Worklist entries of the waiting list.
    (
        "WorklistEntry",
        "worklist_entry",
        "reservation",
        ForeignKey,
        _params(references=Reservation, null=True, index=True),
    ),
    ("WorklistEntry", "worklist_entry", "device", ForeignKey, _params(references=Device, null=True)),
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="loans", description=DESCRIPTION)

    manager.add_table(class_name="LoanEvent", tablename="loan_event", schema=None, columns=None)
    manager.add_table(class_name="Reservation", tablename="reservation", schema=None, columns=None)
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
