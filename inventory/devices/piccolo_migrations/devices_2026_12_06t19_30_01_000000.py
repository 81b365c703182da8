"""Existing devices follow the custody rules: the wipe flag from their history, no stale transfers.

A device is wiped since its last custody change when its latest passed wipe event comes after
its latest intake, return or found event. Before this release a passed wipe was the only
`wipe` event that reached `wiped` (a failed one left the stage unchanged) and `finish_repair`
reached `wiped` with no wipe at all: those devices are not covered and must be wiped again.
A device lent, allocated, lost or retired while in transit gets its destination cleared: that
transfer ended when the device left our shelves.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T19:30:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "back-fill wiped_since_custody_change; clear ended transfers"

# Portable SQL (SQLite and PostgreSQL): event ids grow with time, so "after" compares ids.
STATEMENTS = [
    """
    UPDATE device SET wiped_since_custody_change = (
        EXISTS (
            SELECT 1 FROM device_event AS wipe
            WHERE wipe.device = device.id
              AND wipe.action = 'wipe'
              AND wipe.to_stage = 'wiped'
              AND wipe.from_stage <> 'wiped'
              AND wipe.id > COALESCE(
                  (
                      SELECT MAX(custody.id) FROM device_event AS custody
                      WHERE custody.device = device.id
                        AND custody.action IN ('intake', 'return', 'found')
                  ),
                  0
              )
        )
    )
    """,
    """
    UPDATE device SET transfer_to = NULL
    WHERE transfer_to IS NOT NULL
      AND stage NOT IN ('received', 'wiped', 'refurbished', 'available', 'returned', 'in_repair', 'reserved')
    """,
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="devices", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
