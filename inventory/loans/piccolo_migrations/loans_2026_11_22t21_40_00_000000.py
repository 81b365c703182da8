"""Constraints Piccolo's column API cannot express: one active loan per device, the sweep's index."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-22T21:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one active loan per device, reminder claim index, loan consistency checks"

POSTGRES = [
    """
    ALTER TABLE loan ADD CONSTRAINT loan_consistency_check
    CHECK (due_on >= starts_on AND renewals >= 0 AND (status = 'active') = (closed_at IS NULL))
    """,
    "ALTER TABLE loan_reminder ADD CONSTRAINT loan_reminder_attempts_check CHECK (attempts >= 0)",
]

# SQLite cannot add a CHECK to an existing table; triggers refuse the same rows.
_LOAN_INCONSISTENT = (
    "NEW.due_on < NEW.starts_on OR NEW.renewals < 0 OR ((NEW.status = 'active') <> (NEW.closed_at IS NULL))"
)
SQLITE = [
    f"""
    CREATE TRIGGER loan_consistency_insert BEFORE INSERT ON loan WHEN {_LOAN_INCONSISTENT}
    BEGIN SELECT RAISE(ABORT, 'loan_consistency_check'); END
    """,
    f"""
    CREATE TRIGGER loan_consistency_update BEFORE UPDATE ON loan WHEN {_LOAN_INCONSISTENT}
    BEGIN SELECT RAISE(ABORT, 'loan_consistency_check'); END
    """,
]

COMMON = [
    # At most one active loan per device, whatever code path writes: the database refuses a second.
    "CREATE UNIQUE INDEX loan_device_active_unique ON loan (device) WHERE status = 'active'",
    "CREATE INDEX loan_active_due ON loan (due_on) WHERE status = 'active'",
    # The sweep reads only this: rows that can still be claimed, by the time they can be.
    """
    CREATE INDEX loan_reminder_claimable ON loan_reminder (next_attempt_at)
    WHERE next_attempt_at IS NOT NULL
    """,
    # A schedule is never written twice for the same loan and due time.
    """
    CREATE UNIQUE INDEX loan_reminder_once ON loan_reminder (loan, offset_days, due_at)
    WHERE status <> 'cancelled'
    """,
    "CREATE INDEX worklist_entry_open ON worklist_entry (social_worker, id) WHERE done_at IS NULL",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="loans", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        for statement in [*statements, *COMMON]:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
