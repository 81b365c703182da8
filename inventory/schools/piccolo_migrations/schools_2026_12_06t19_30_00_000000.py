"""Devices a school gave back before this release kept their redemption line open, so they
could never be reserved again: release those lines at the time of the return."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T19:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "release the redemption lines of devices schools gave back"

RELEASE_RETURNED = """
    UPDATE redemption_device
    SET released_at = (
            SELECT MAX(device_event.at) FROM device_event
            WHERE device_event.device = redemption_device.device AND device_event.action = 'return'
        ),
        released_by = 'upgrade'
    WHERE released_at IS NULL
      AND redemption IN (SELECT id FROM redemption WHERE status IN ('handed_over', 'registered'))
      AND device IN (SELECT id FROM device WHERE stage <> 'allocated')
      AND EXISTS (
            SELECT 1 FROM device_event
            WHERE device_event.device = redemption_device.device AND device_event.action = 'return'
        )
"""


async def release_returned_lines() -> None:
    await engine_finder().run_ddl(RELEASE_RETURNED)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="schools", description=DESCRIPTION)
    manager.add_raw(release_returned_lines)
    return manager
