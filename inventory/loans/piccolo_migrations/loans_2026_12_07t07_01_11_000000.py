"""`loan_reminder.loan` becomes nullable, and exactly one of `loan` and `reservation` is set.

A waiting-list match is a message of the same outbox with no loan. PostgreSQL drops the NOT
NULL and adds the CHECK. SQLite can do neither on an existing table, so the table is rebuilt
from its own stored definition with only those two changes, in the migration's transaction:
its rows are copied aside, the table dropped and created again under its own name (a rename
would rewrite the `worklist_entry.reminder` references to the old name), the rows copied back
with their ids, and every index created again. Foreign keys are checked at commit
(`defer_foreign_keys`): the worklist entries that name a reminder find it again by then.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

from inventory import db

ID = "2026-12-07T07:01:11:000000"
VERSION = "1.38.0"
DESCRIPTION = "reminders without a loan: waiting-list matches"

CHECK = 'CONSTRAINT loan_reminder_one_subject CHECK (("loan" IS NULL) <> ("reservation" IS NULL))'


def rebuilt_definition(table_sql: str) -> str:
    """The stored CREATE TABLE of `loan_reminder` with `loan` nullable and the CHECK added."""
    old = '"loan" INTEGER NOT NULL REFERENCES'
    if old not in table_sql or '"reservation" INTEGER' not in table_sql:
        raise RuntimeError("loan_reminder is not the table this migration expects")
    table_sql = table_sql.replace(old, '"loan" INTEGER REFERENCES', 1).rstrip()
    if not table_sql.endswith(")"):
        raise RuntimeError("loan_reminder's definition does not end its column list")
    return f"{table_sql[:-1]}, {CHECK})"


async def _rebuild_on_sqlite(engine) -> None:
    rows = await db.fetch(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'loan_reminder' AND sql IS NOT NULL"
    )
    table_sql = next(row["sql"] for row in rows if row["type"] == "table")
    indexes = [row["sql"] for row in rows if row["type"] == "index"]
    await engine.run_ddl("PRAGMA defer_foreign_keys = ON")
    await engine.run_ddl('CREATE TEMP TABLE "loan_reminder_copy" AS SELECT * FROM "loan_reminder"')
    await engine.run_ddl('DROP TABLE "loan_reminder"')
    await engine.run_ddl(rebuilt_definition(table_sql))
    await engine.run_ddl('INSERT INTO "loan_reminder" SELECT * FROM "loan_reminder_copy"')
    await engine.run_ddl('DROP TABLE "loan_reminder_copy"')
    for statement in indexes:
        await engine.run_ddl(statement)
    for table in ("loan_reminder", "worklist_entry"):
        broken = await db.fetch(f'PRAGMA foreign_key_check("{table}")')
        if broken:
            raise RuntimeError(f"{table}: {len(broken)} rows lost their reference in the rebuild")


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="loans", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        if engine.engine_type == "postgres":
            await engine.run_ddl("ALTER TABLE loan_reminder ALTER COLUMN loan DROP NOT NULL")
            await engine.run_ddl(f"ALTER TABLE loan_reminder ADD {CHECK}")
        else:
            await _rebuild_on_sqlite(engine)

    manager.add_raw(run)
    return manager
