"""Data of schools_2026_12_07t01_30_00: each voucher's history starts from what its row kept.

- Every voucher gets its `issue` line: issued_at, issued_by, and what was issued (quantity,
  category, expiry date, batch). The expiry date is the one it has now: an extension made
  before the history existed left no trace, so none is invented.
- A cancelled voucher gets its `cancel` line from cancelled_at, cancelled_by and cancel_reason
  (the status it had before is unknown: `status` is left out).
- `version` counts those lines. The history is append-only: triggers refuse UPDATE and
  DELETE on `voucher_event`, as on `device_event`.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-07T01:30:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "voucher history carried over from issued and cancelled vouchers"

# {json} builds a JSON object on each backend; the voucher's own columns give its values.
ISSUE_LINES = """
    INSERT INTO voucher_event (voucher, action, actor, actor_id, at, data)
    SELECT id, 'issue', issued_by, NULL, issued_at,
           {json}('quantity', quantity, 'category', category, 'expires_on', {day}, 'batch_id', batch)
    FROM voucher ORDER BY id
"""
CANCEL_LINES = """
    INSERT INTO voucher_event (voucher, action, actor, actor_id, at, data)
    SELECT id, 'cancel', cancelled_by, NULL, COALESCE(cancelled_at, updated_at),
           {json}('reason', cancel_reason, 'redemptions_cancelled', {empty}, 'carried_over', {true})
    FROM voucher WHERE status = 'cancelled' ORDER BY id
"""
VERSIONS = """
    UPDATE voucher SET version = (SELECT count(*) FROM voucher_event WHERE voucher_event.voucher = voucher.id)
"""
ORDER_INDEX = "CREATE INDEX voucher_event_voucher_order ON voucher_event (voucher, id)"

POSTGRES = {
    "json": "json_build_object",
    "day": "to_char(expires_on, 'YYYY-MM-DD')",
    "empty": "json_build_array()",
    "true": "true",
}
SQLITE = {"json": "json_object", "day": "expires_on", "empty": "json_array()", "true": "json('true')"}

APPEND_ONLY_POSTGRES = [
    """
    CREATE TRIGGER voucher_event_append_only BEFORE UPDATE OR DELETE ON voucher_event
    FOR EACH ROW EXECUTE FUNCTION relais_refuse_change()
    """,
]
APPEND_ONLY_SQLITE = [
    """
    CREATE TRIGGER voucher_event_no_update BEFORE UPDATE ON voucher_event
    BEGIN SELECT RAISE(ABORT, 'voucher_event is append-only'); END
    """,
    """
    CREATE TRIGGER voucher_event_no_delete BEFORE DELETE ON voucher_event
    BEGIN SELECT RAISE(ABORT, 'voucher_event is append-only'); END
    """,
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="schools", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        postgres = engine.engine_type == "postgres"
        words = POSTGRES if postgres else SQLITE
        for statement in (ISSUE_LINES, CANCEL_LINES, VERSIONS):
            await engine.run_ddl(statement.format(**words))
        await engine.run_ddl(ORDER_INDEX)
        for statement in APPEND_ONLY_POSTGRES if postgres else APPEND_ONLY_SQLITE:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    return manager
