"""Constraints Piccolo's column API cannot express: unit counts, one live reservation per device."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-22T22:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "voucher and redemption unit checks, one live reservation per device, delivery notes"

POSTGRES = [
    """
    ALTER TABLE voucher ADD CONSTRAINT voucher_units_check
    CHECK (quantity > 0 AND remaining >= 0 AND remaining <= quantity)
    """,
    """
    ALTER TABLE redemption ADD CONSTRAINT redemption_units_check
    CHECK (quantity > 0 AND reserved >= 0 AND reserved <= quantity)
    """,
]

# SQLite cannot add a CHECK to an existing table; triggers refuse the same rows.
SQLITE = [
    """
    CREATE TRIGGER voucher_units_insert BEFORE INSERT ON voucher
    WHEN NEW.quantity <= 0 OR NEW.remaining < 0 OR NEW.remaining > NEW.quantity
    BEGIN SELECT RAISE(ABORT, 'voucher_units_check'); END
    """,
    """
    CREATE TRIGGER voucher_units_update BEFORE UPDATE ON voucher
    WHEN NEW.quantity <= 0 OR NEW.remaining < 0 OR NEW.remaining > NEW.quantity
    BEGIN SELECT RAISE(ABORT, 'voucher_units_check'); END
    """,
    """
    CREATE TRIGGER redemption_units_insert BEFORE INSERT ON redemption
    WHEN NEW.quantity <= 0 OR NEW.reserved < 0 OR NEW.reserved > NEW.quantity
    BEGIN SELECT RAISE(ABORT, 'redemption_units_check'); END
    """,
    """
    CREATE TRIGGER redemption_units_update BEFORE UPDATE ON redemption
    WHEN NEW.quantity <= 0 OR NEW.reserved < 0 OR NEW.reserved > NEW.quantity
    BEGIN SELECT RAISE(ABORT, 'redemption_units_check'); END
    """,
]

COMMON = [
    """
    CREATE UNIQUE INDEX redemption_device_live_unique ON redemption_device (device)
    WHERE released_at IS NULL
    """,
    "CREATE INDEX voucher_school_order ON voucher (school, id)",
    "CREATE INDEX voucher_batch_member ON voucher (batch)",
    "CREATE INDEX redemption_school_order ON redemption (school, id)",
    "INSERT INTO counter (name, value) VALUES ('delivery_note', 0)",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="schools", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        statements = POSTGRES if engine.engine_type == "postgres" else SQLITE
        for statement in [*statements, *COMMON]:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
