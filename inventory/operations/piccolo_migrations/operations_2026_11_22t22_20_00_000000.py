"""Constraints Piccolo's column API cannot express: one open count per site, idempotent scans."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-22T22:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one open count per site, one scan per device or unknown code per count"

COMMON = [
    "CREATE UNIQUE INDEX stock_count_open_site ON stock_count (site) WHERE status = 'open'",
    "CREATE UNIQUE INDEX stock_scan_device_once ON stock_scan (stock_count, device)",
    """
    CREATE UNIQUE INDEX stock_scan_unknown_once ON stock_scan (stock_count, code_key)
    WHERE device IS NULL
    """,
    "CREATE INDEX stock_count_site_order ON stock_count (site, id)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="operations", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        for statement in COMMON:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
