"""Every donor already named on a device gets its record, in French (the default language)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T01:40:00:000001"
VERSION = "1.38.0"
DESCRIPTION = "a French record for each donor named on a device"

BACK_FILL = """
    INSERT INTO donor (name, language, created_at, updated_at)
    SELECT donor, 'fr', MIN(created_at), MIN(created_at) FROM device
    WHERE donor <> '' AND donor NOT IN (SELECT name FROM donor)
    GROUP BY donor
"""


async def back_fill() -> None:
    await engine_finder().run_ddl(BACK_FILL)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="devices", description=DESCRIPTION)
    manager.add_raw(back_fill)
    return manager
