"""Indexes that keep the device list fast at 100,000 devices (bench/web_pages.py).

- Counts by stage of a filter read one index: (donor, stage), (batch, stage), (category,
  stage), (site, stage) hold both the filter's column and the stage, so a count of one filter
  never fetches a row. The (donor, stage) and (batch, stage) indexes also answer the donor and
  batch choice lists (one index step per distinct value). The single column indexes stay: a
  page of one donor's devices, newest first, reads them in the order shown and stops at 50.
- The list sorted by last change or by make reads `device_updated_at` or `device_make_key`
  (the id, which orders ties, is part of every index entry) instead of sorting every row.
- SQLite plans with the statistics of `ANALYZE` when a database has them: they are refreshed
  for `device` here, or the new indexes, with no statistics, would look better than they are.
- Searched text:
  - SQLite: `device_search`, an FTS5 trigram index of `device.search_key` (external content:
    the text lives in `device` alone), kept by triggers in the same transaction as every write
    of the device, whatever path writes it; built here from the existing rows.
  - PostgreSQL: a GIN trigram index (pg_trgm) on `device.search_key`, which the planner uses
    for the same `LIKE '%word%'`, when the extension is installed or this role may install it
    (pg_trgm is a trusted extension: a database owner may). Otherwise the search stays a scan,
    as before, and the migration says nothing more: the results are the same either way.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from inventory import db

ID = "2026-12-07T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "device list indexes: counts by stage, last change, searched text (FTS5 / pg_trgm)"

COMMON = [
    "CREATE INDEX device_donor_stage ON device (donor, stage)",
    "CREATE INDEX device_batch_stage ON device (batch, stage)",
    "CREATE INDEX device_category_stage ON device (category, stage)",
    "CREATE INDEX device_site_stage ON device (site, stage)",
    "CREATE INDEX device_updated_at ON device (updated_at)",
    "CREATE INDEX device_make_key ON device (make_key)",
]

SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE device_search USING fts5("
    "search_key, content='device', content_rowid='id', tokenize='trigram case_sensitive 1')",
    "CREATE TRIGGER device_search_insert AFTER INSERT ON device BEGIN "
    "INSERT INTO device_search (rowid, search_key) VALUES (new.id, new.search_key); END",
    "CREATE TRIGGER device_search_delete AFTER DELETE ON device BEGIN "
    "INSERT INTO device_search (device_search, rowid, search_key) "
    "VALUES ('delete', old.id, old.search_key); END",
    "CREATE TRIGGER device_search_update AFTER UPDATE OF search_key ON device "
    "WHEN old.search_key IS NOT new.search_key BEGIN "
    "INSERT INTO device_search (device_search, rowid, search_key) "
    "VALUES ('delete', old.id, old.search_key); "
    "INSERT INTO device_search (rowid, search_key) VALUES (new.id, new.search_key); END",
    "INSERT INTO device_search (device_search) VALUES ('rebuild')",
]

POSTGRES_TRIGRAM_POSSIBLE = """
SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')
    OR (EXISTS (SELECT 1 FROM pg_available_extension_versions
                WHERE name = 'pg_trgm' AND (trusted OR (SELECT rolsuper FROM pg_roles
                                                        WHERE rolname = current_user)))
        AND has_database_privilege(current_database(), 'CREATE')) AS possible
"""


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="devices", description=DESCRIPTION)

    async def run() -> None:
        for statement in COMMON:
            await db.fetch(statement)
        if not db.is_postgres(db.current_engine()):
            for statement in SQLITE_SEARCH:
                await db.fetch(statement)
            if await db.fetch("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'"):
                await db.fetch("ANALYZE device")
            return
        if (await db.fetch(POSTGRES_TRIGRAM_POSSIBLE))[0]["possible"]:
            await db.fetch("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            await db.fetch(
                "CREATE INDEX device_search_key_trigram ON device USING gin (search_key gin_trgm_ops)"
            )

    manager.add_raw(run)
    return manager
