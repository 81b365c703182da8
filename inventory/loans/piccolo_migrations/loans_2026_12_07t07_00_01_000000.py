"""Data of loans_2026_12_07t07_00_00: accessories carried over, worklist entries without a loan.

- `loan.accessories` held free text ("chargeur", "Housse"). Each item that names a known kind
  without doubt (inventory/loans/accessories.py KNOWN_WORDS: French, Dutch and English, case and
  accents ignored) becomes that kind's code; every other item is kept as typed in
  `loan.accessories_other` (listed on documents, not checked on return). Nothing typed is lost.
  Returned loans keep `accessories_returned` NULL: nobody recorded then what came back.
- `worklist_entry.loan` becomes nullable (a waiting-list entry names a reservation and a
  device instead). PostgreSQL drops the NOT NULL; SQLite cannot, so the table is rebuilt from
  its own stored definition with only that constraint removed, its rows and indexes kept.
"""

import json

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

from inventory import db

ID = "2026-12-07T07:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "accessories carried over to kinds; worklist entries without a loan"


INDEXES = [
    # The queue of a category and site, in order: positions and "first waiting" read only this.
    "CREATE INDEX reservation_waiting ON reservation (category, site, id) WHERE status = 'waiting'",
    # A waiting-list entry is offered once per reservation and device.
    """
    CREATE UNIQUE INDEX worklist_entry_offer_once ON worklist_entry (reservation, device)
    WHERE reservation IS NOT NULL
    """,
]


async def _carry_accessories_over(postgres: bool) -> None:
    from inventory.loans.accessories import split

    update = (
        "UPDATE loan SET accessories = {}::json, accessories_other = {}::json WHERE id = {}"
        if postgres
        else "UPDATE loan SET accessories = {}, accessories_other = {} WHERE id = {}"
    )
    rows = await db.fetch("SELECT id, accessories FROM loan ORDER BY id")
    for row in rows:
        raw = row["accessories"]
        items = json.loads(raw) if isinstance(raw, str) else (raw or [])
        kinds, other = split(str(item) for item in items)
        await db.fetch(
            update,
            json.dumps(kinds),
            json.dumps(other),
            row["id"],
        )


async def _loan_nullable_on_sqlite(engine) -> None:
    rows = await db.fetch(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'worklist_entry' AND sql IS NOT NULL"
    )
    table_sql = next(row["sql"] for row in rows if row["type"] == "table")
    old = '"loan" INTEGER NOT NULL REFERENCES'
    if old not in table_sql:
        raise RuntimeError("worklist_entry.loan is not the column this migration expects")
    rebuilt = table_sql.replace(old, '"loan" INTEGER REFERENCES', 1).replace(
        '"worklist_entry"', '"worklist_entry_rebuilt"', 1
    )
    indexes = [row["sql"] for row in rows if row["type"] == "index"]
    await engine.run_ddl(rebuilt)
    await engine.run_ddl('INSERT INTO "worklist_entry_rebuilt" SELECT * FROM "worklist_entry"')
    await engine.run_ddl('DROP TABLE "worklist_entry"')
    await engine.run_ddl('ALTER TABLE "worklist_entry_rebuilt" RENAME TO "worklist_entry"')
    for statement in indexes:
        await engine.run_ddl(statement)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="loans", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        postgres = engine.engine_type == "postgres"
        await _carry_accessories_over(postgres)
        if postgres:
            await engine.run_ddl("ALTER TABLE worklist_entry ALTER COLUMN loan DROP NOT NULL")
        else:
            await _loan_nullable_on_sqlite(engine)
        for statement in INDEXES:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
