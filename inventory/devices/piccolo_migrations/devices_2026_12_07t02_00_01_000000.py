"""Existing devices get their search key (folded as devices.search.search_key folds it), and
the monthly event tallies their unique key and their counts (as devices.tallies.rebuild counts).

The code is copied here as it was when this migration was written, so that a later change to
the live code cannot change what this step writes.
"""

import unicodedata
from collections import Counter
from datetime import UTC, datetime

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from inventory import db
from inventory.settings import get_settings

ID = "2026-12-07T02:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "back-fill device.search_key and device_event_tally"

FIELDS = ("asset_tag", "serial_number", "donor_ref", "make", "model", "donor", "batch")
_UNDECOMPOSABLE = str.maketrans({"ı": "i", "ł": "l", "đ": "d", "ø": "o", "œ": "oe", "æ": "ae", "ħ": "h"})
BATCH = 500


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.translate(_UNDECOMPOSABLE).split())


def search_key(row: dict) -> str:
    return fold(" ".join(str(row[name] or "") for name in FIELDS))


async def back_fill() -> int:
    """Every device's key, a batch of rows per UPDATE; returns how many were written."""
    after, written = 0, 0
    columns = ", ".join(FIELDS)
    while True:
        rows = await db.fetch(
            f"SELECT id, {columns} FROM device WHERE id > {{}} ORDER BY id LIMIT {BATCH}",  # noqa: S608
            after,
        )
        if not rows:
            return written
        cases = " ".join("WHEN {} THEN {}" for _ in rows)
        ids = ", ".join("{}" for _ in rows)
        values: list = []
        for row in rows:
            values += [row["id"], search_key(row)]
        await db.fetch(
            f"UPDATE device SET search_key = CASE id {cases} END WHERE id IN ({ids})",  # noqa: S608
            *values,
            *[row["id"] for row in rows],
        )
        written += len(rows)
        after = rows[-1]["id"]


async def count_events() -> int:
    """The tallies from every event: per UTC hour in SQL, into local months here."""
    engine = db.current_engine()
    if db.is_postgres(engine):
        hour = "to_char(device_event.at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')"
    else:
        hour = "substr(device_event.at, 1, 13)"
    rows = await db.fetch(
        f"""SELECT {hour} AS hour, device_event.action AS action,
               device_event.from_stage AS from_stage, device_event.to_stage AS to_stage,
               device.funding AS funding, COUNT(*) AS n
        FROM device_event JOIN device ON device.id = device_event.device
        GROUP BY 1, 2, 3, 4, 5"""  # noqa: S608
    )
    tz = get_settings().tz
    tallies: Counter = Counter()
    for row in rows:
        moment = datetime.strptime(row["hour"][:13], "%Y-%m-%d %H").replace(tzinfo=UTC).astimezone(tz)
        month = f"{moment.year:04d}-{moment.month:02d}"
        moved = row["from_stage"] != row["to_stage"]
        tallies[(month, row["action"], row["to_stage"], moved, row["funding"])] += row["n"]
    for (month, action, to_stage, moved, funding), count in sorted(tallies.items()):
        await db.fetch(
            "INSERT INTO device_event_tally (month, action, to_stage, moved, funding, events) "
            "VALUES ({}, {}, {}, {}, {}, {})",
            month,
            action,
            to_stage,
            moved,
            funding,
            count,
        )
    return sum(tallies.values())


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="devices", description=DESCRIPTION)

    async def run() -> None:
        await db.fetch(
            "CREATE UNIQUE INDEX device_event_tally_key "
            "ON device_event_tally (month, action, to_stage, moved, funding)"
        )
        await back_fill()
        await count_events()

    manager.add_raw(run)
    return manager
