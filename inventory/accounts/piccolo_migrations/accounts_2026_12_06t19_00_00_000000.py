"""Recent log-in failures become throttle counters, usernames take their normalised form, and the
old `login_failure` table goes.

- `login_throttle` gets its unique (kind, key_digest) index, which its upsert relies on.
- Failures of the last hour are carried over as one username counter each (how many, and the
  wait the new rules give after that many), so an upgrade does not wipe a throttle in force.
  Older failures no longer count under any rule and are dropped with the table.
- Usernames are stored NFKC-normalised and lower-case, as log-in now looks them up; a name
  whose normalised form another user already has is left as it was (and logged).

The numbers are those of this release's defaults, frozen here: a migration must not change
with later settings.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from datetime import UTC, datetime, timedelta

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

from inventory import db

ID = "2026-12-06T19:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "log-in failures carried into the throttle; normalised usernames"

USERNAME_FREE = 5
USERNAME_MAX_DELAY_SECONDS = 60
WINDOW = timedelta(hours=1)

log = logging.getLogger("relais.migrations")


def _username_digest(username_key: str) -> str:
    # As inventory/accounts/throttle.py computes it for a username.
    normalised = unicodedata.normalize("NFKC", username_key).strip().lower()
    return hashlib.sha256(f"username:{normalised}".encode()).hexdigest()


def _delay_seconds(failures: int) -> int:
    if failures < USERNAME_FREE:
        return 0
    return min(USERNAME_MAX_DELAY_SECONDS, 2 ** (failures - USERNAME_FREE))


def _as_datetime(value: object) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def carry_over_failures(now: datetime) -> int:
    """One throttle counter per username that failed within the last hour; how many were made."""
    rows = await db.fetch(
        "SELECT username_key, at FROM login_failure WHERE at > {} ORDER BY at", now - WINDOW
    )
    counters: dict[str, tuple[int, datetime]] = {}
    for row in rows:
        digest = _username_digest(row["username_key"])
        failures, _ = counters.get(digest, (0, now))
        counters[digest] = (failures + 1, _as_datetime(row["at"]))
    for digest, (failures, last) in counters.items():
        await db.fetch(
            "INSERT INTO login_throttle"
            " (kind, key_digest, attempts, blocked_until, expires_at, last_attempt)"
            " VALUES ({}, {}, {}, {}, {}, {})",
            "username",
            digest,
            failures,
            last + timedelta(seconds=_delay_seconds(failures)),
            last + WINDOW,
            "",
        )
    return len(counters)


async def normalise_usernames() -> int:
    """Usernames in their NFKC, lower-case form where no other user holds it; how many changed."""
    users = await db.fetch("SELECT id, username FROM relais_user ORDER BY id")
    taken = {row["username"] for row in users}
    changed = 0
    for row in users:
        normalised = unicodedata.normalize("NFKC", row["username"]).strip().lower()
        if normalised == row["username"]:
            continue
        if normalised in taken or not normalised:
            log.warning("user %s keeps its username: its normalised form is taken", row["id"])
            continue
        await db.fetch("UPDATE relais_user SET username = {} WHERE id = {}", normalised, row["id"])
        taken.discard(row["username"])
        taken.add(normalised)
        changed += 1
    return changed


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="accounts", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        await engine.run_ddl(
            "CREATE UNIQUE INDEX login_throttle_kind_key ON login_throttle (kind, key_digest)"
        )
        await carry_over_failures(datetime.now(UTC))
        await normalise_usernames()

    manager.add_raw(run)
    # Runs after the raw step above (Piccolo runs raw steps first).
    manager.drop_table(class_name="LoginFailure", tablename="login_failure", schema=None)
    return manager
