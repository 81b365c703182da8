"""Monthly tallies of device events, kept in the same transaction as the events.

Reports count flows by month (devices received, wiped, lent, ...). Reading every event of a
year takes over a second at 100,000 devices (bench/web_pages.py); these tallies hold the same
counts, one row per local month, action, stage reached, whether the stage changed, and the
device's funding: the key every flow rule of `inventory.reporting` needs, nothing more. Each
event adds one to its row; `rebuild()` recounts them all from the events (the migration that
introduced them, and a repair if they were ever doubted: `reporting` has a test that they
agree with the events).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from inventory import db
from inventory.settings import get_settings

# (when, action, stage before or None, stage reached, the device's funding)
EventKey = tuple[datetime, str, str | None, str, str]

_UPSERT = (
    "INSERT INTO device_event_tally (month, action, to_stage, moved, funding, events) "
    "VALUES ({}, {}, {}, {}, {}, {}) "
    "ON CONFLICT (month, action, to_stage, moved, funding) "
    "DO UPDATE SET events = device_event_tally.events + excluded.events"
)


def local_month(at: datetime, tz: ZoneInfo) -> str:
    moment = at.astimezone(tz)
    return f"{moment.year:04d}-{moment.month:02d}"


async def count_events(events: Iterable[EventKey]) -> None:
    """Add events to their months' tallies; call inside the transaction that writes them."""
    tz = get_settings().tz
    tallies: Counter[tuple[str, str, str, bool, str]] = Counter()
    for at, action, from_stage, to_stage, funding in events:
        tallies[(local_month(at, tz), str(action), str(to_stage), from_stage != to_stage, str(funding))] += 1
    for (month, action, to_stage, moved, funding), count in sorted(tallies.items()):
        await db.fetch(_UPSERT, month, action, to_stage, moved, funding, count)


def _hour_sql() -> str:
    if db.is_postgres(db.current_engine()):
        return "to_char(device_event.at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')"
    # SQLite keeps timestamps as ISO text in UTC: "2026-11-22 21:04:05.123456+00:00".
    return "substr(device_event.at, 1, 13)"


async def rebuild() -> int:
    """Recount every tally from the events (per UTC hour in SQL, put into local months here);
    returns how many events were counted."""
    tz = get_settings().tz
    rows = await db.fetch(
        f"""SELECT {_hour_sql()} AS hour, device_event.action AS action,
               device_event.from_stage AS from_stage, device_event.to_stage AS to_stage,
               device.funding AS funding, COUNT(*) AS n
        FROM device_event JOIN device ON device.id = device_event.device
        GROUP BY 1, 2, 3, 4, 5"""  # noqa: S608
    )
    tallies: Counter[tuple[str, str, str, bool, str]] = Counter()
    for row in rows:
        hour = datetime.strptime(row["hour"][:13], "%Y-%m-%d %H").replace(tzinfo=UTC)
        key = (local_month(hour, tz), row["action"], row["to_stage"], row["from_stage"] != row["to_stage"])
        tallies[(*key, row["funding"])] += row["n"]
    async with db.transaction():
        await db.fetch("DELETE FROM device_event_tally")
        for (month, action, to_stage, moved, funding), count in sorted(tallies.items()):
            await db.fetch(_UPSERT, month, action, to_stage, moved, funding, count)
    return sum(tallies.values())
