"""Benchmark: one reminder sweep over 100,000 active loans with 5,000 reminders due (SQLite).

Run: .venv/bin/python bench/reminders.py [--loans 100000] [--due 5000] [--repeat 3]
                                           [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

Method. A fresh SQLite database is migrated with the real migrations, then seeded with sqlite3
directly (seeding is not measured): one social worker, `--loans` devices on loan, as many
beneficiaries (all with an e-mail address) and active loans, and the five reminders of each
loan (500,000 rows for 100,000 loans). The first `--due` loans are due in 7 days, so exactly
their 7-days-before reminder is due at the sweep's moment; every other reminder lies in the
future. Each measurement runs on a fresh copy of that database:
1. find + claim, as the sweep does it: `reminders.claim()` in batches of 100 until nothing is
   left (one IMMEDIATE transaction per batch: UPDATE ... WHERE id IN (SELECT ... ORDER BY
   next_attempt_at LIMIT 100) RETURNING id); the total over all batches, best and median of
   `--repeat` runs;
2. the same in one claim of `--due` rows;
3. an idle sweep's claim (nothing due) on the database after step 1;
4. EXPLAIN QUERY PLAN of the claim's inner SELECT, to show it reads the partial index;
5. a whole sweep (claim, read each reminder's loan, beneficiary and device, compose the e-mail
   in the beneficiary's language, send it over SMTP, mark it sent and write its worklist entry,
   one transaction per reminder) to an aiosmtpd sink (`python -m aiosmtpd ... Sink`) running in
   its own process on loopback; reported as reminders per second. The same sweep with no SMTP
   configured (every reminder becomes a printed letter) isolates the database's share.
With --postgres, steps 1, 2, 4 and 5 run again on a temporary PostgreSQL database created on
that server (seeded with COPY, dropped afterwards); between runs the claims are undone with one
UPDATE instead of copying the database. All in this one process on this machine (2 cores,
shared with the SMTP sink and the PostgreSQL server).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PICCOLO_CONF", "inventory.piccolo_conf")

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=BRUSSELS)
LANGUAGES = ("fr", "nl", "en")


def stamp(moment: datetime) -> str:
    """A timestamptz as Piccolo's SQLite adapter stores it (UTC, str())."""
    return str(moment.astimezone(UTC))


async def migrate(url: str) -> None:
    from inventory import db

    engine = db.engine_for_url(url)
    db.use_engine(engine)
    await db.migrate()
    await db.stop(engine)


def seed(path: Path, loans: int, due: int) -> None:
    from inventory.loans.schedule import plan
    from inventory.settings import ReminderSettings

    rules = ReminderSettings()
    created = stamp(NOW - timedelta(days=20))
    today = NOW.date() - timedelta(days=20)
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO relais_user (username, password_hash, role, active, language, created_at) "
        "VALUES ('sw', 'x', 'social_worker', 1, 'fr', ?)",
        (created,),
    )
    connection.execute(
        "INSERT INTO site (code, name, kind, address, active, created_at) "
        "VALUES ('nord', 'Antenne Nord', 'antenna', 'Rue Haute 1, 1000 Bruxelles', 1, ?)",
        (created,),
    )

    def due_on(n: int) -> date:
        # The first `due` loans are due in 7 days from the sweep; the rest later (up to 3 months).
        return NOW.date() + timedelta(days=7 if n <= due else 8 + n % 90)

    connection.executemany(
        "INSERT INTO device (asset_tag, category, make, make_key, model, site, specs, stage, version,"
        " created_at, updated_at, loan_due_on) VALUES (?, 'laptop', 'Dell', 'DELL', 'Latitude 5490', 1,"
        " '{}', 'on_loan', 2, ?, ?, ?)",
        ((f"RL-{n:06d}", created, created, due_on(n).isoformat()) for n in range(1, loans + 1)),
    )
    connection.executemany(
        "INSERT INTO beneficiary (reference, full_name, search_key, email, language, site, social_worker,"
        " consent_recorded_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?, ?)",
        (
            (
                f"B-2026-{n:05d}",
                f"Bénéficiaire {n}",
                f"beneficiaire {n}",
                f"b{n}@example.org",
                LANGUAGES[n % 3],
                today.isoformat(),
                created,
                created,
            )
            for n in range(1, loans + 1)
        ),
    )
    connection.executemany(
        "INSERT INTO loan (device, beneficiary, social_worker, site, starts_on, due_on, status,"
        " created_at, updated_at) VALUES (?, ?, 1, 1, ?, ?, 'active', ?, ?)",
        ((n, n, today.isoformat(), due_on(n).isoformat(), created, created) for n in range(1, loans + 1)),
    )

    def reminder_rows():  # noqa: ANN202 - a generator of tuples
        for n in range(1, loans + 1):
            for planned in plan(due_on(n), rules, BRUSSELS, today=today):
                moment = stamp(planned.due_at)
                yield (
                    n,
                    planned.kind.value,
                    planned.offset_days,
                    planned.recipient.value,
                    LANGUAGES[n % 3],
                    moment,
                    moment,
                    created,
                )

    connection.executemany(
        "INSERT INTO loan_reminder (loan, kind, offset_days, recipient, channel, language, due_at,"
        " status, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'email', ?, ?, 'scheduled', ?, ?)",
        reminder_rows(),
    )
    connection.commit()
    connection.execute("ANALYZE")
    connection.close()


def copy_of(template: Path, folder: Path, name: str) -> Path:
    target = folder / f"{name}.sqlite3"
    shutil.copyfile(template, target)
    return target


async def use_database(url: str, smtp_url: str | None = None):  # noqa: ANN201 - the engine
    from inventory import db
    from inventory.settings import Settings, use_settings

    use_settings(Settings(database_url=url, secret_key="bench", org_name="CPAS Bench", smtp_url=smtp_url))
    engine = db.engine_for_url(url)
    db.use_engine(engine)
    await db.start(engine)
    return engine


async def time_claims(url: str, batch: int) -> tuple[float, list[float], int]:
    from inventory import db
    from inventory.loans import reminders

    engine = await use_database(url)
    durations = []
    claimed = 0
    started = time.perf_counter()
    while True:
        begun = time.perf_counter()
        ids = await reminders.claim(NOW, "b" * 32, batch)
        durations.append(time.perf_counter() - begun)
        if not ids:
            break
        claimed += len(ids)
    total = time.perf_counter() - started
    await db.stop(engine)
    return total, durations, claimed


async def time_sweep(url: str, smtp_url: str | None) -> tuple[float, dict[str, int], int]:
    from inventory import db
    from inventory.loans import reminders

    engine = await use_database(url, smtp_url)
    started = time.perf_counter()
    report = await reminders.sweep(NOW)
    elapsed = time.perf_counter() - started
    await db.stop(engine)
    return elapsed, report.sent_by_channel(), report.failed


def query_plan(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    rows = connection.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM loan_reminder WHERE next_attempt_at IS NOT NULL"
        " AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 100",
        (stamp(NOW),),
    ).fetchall()
    connection.close()
    return [row[-1] for row in rows]


def start_sink() -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, f"smtp://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the SMTP sink did not start")


async def seed_postgres(url: str, loans: int, due: int) -> None:
    """The same rows as `seed`, with COPY."""
    import asyncpg

    from inventory.loans.schedule import plan
    from inventory.settings import ReminderSettings

    rules = ReminderSettings()
    created = NOW - timedelta(days=20)
    today = NOW.date() - timedelta(days=20)

    def due_on(n: int) -> date:
        return NOW.date() + timedelta(days=7 if n <= due else 8 + n % 90)

    connection = await asyncpg.connect(url)
    try:
        await connection.execute(
            "INSERT INTO relais_user (username, password_hash, role, active, language, created_at) "
            "VALUES ('sw', 'x', 'social_worker', true, 'fr', $1)",
            created,
        )
        await connection.execute(
            "INSERT INTO site (code, name, kind, address, active, created_at) "
            "VALUES ('nord', 'Antenne Nord', 'antenna', 'Rue Haute 1, 1000 Bruxelles', true, $1)",
            created,
        )
        numbers = range(1, loans + 1)
        await connection.copy_records_to_table(
            "device",
            columns=[
                "id",
                "asset_tag",
                "category",
                "make",
                "make_key",
                "model",
                "site",
                "stage",
                "version",
                "created_at",
                "updated_at",
                "loan_due_on",
            ],
            records=[
                (
                    n,
                    f"RL-{n:06d}",
                    "laptop",
                    "Dell",
                    "DELL",
                    "Latitude 5490",
                    1,
                    "on_loan",
                    2,
                    created,
                    created,
                    due_on(n),
                )
                for n in numbers
            ],
        )
        await connection.copy_records_to_table(
            "beneficiary",
            columns=[
                "id",
                "reference",
                "full_name",
                "search_key",
                "email",
                "language",
                "site",
                "social_worker",
                "consent_recorded_on",
                "created_at",
                "updated_at",
            ],
            records=[
                (
                    n,
                    f"B-2026-{n:05d}",
                    f"Bénéficiaire {n}",
                    f"beneficiaire {n}",
                    f"b{n}@example.org",
                    LANGUAGES[n % 3],
                    1,
                    1,
                    today,
                    created,
                    created,
                )
                for n in numbers
            ],
        )
        await connection.copy_records_to_table(
            "loan",
            columns=[
                "id",
                "device",
                "beneficiary",
                "social_worker",
                "site",
                "starts_on",
                "due_on",
                "status",
                "created_at",
                "updated_at",
            ],
            records=[(n, n, n, 1, 1, today, due_on(n), "active", created, created) for n in numbers],
        )
        await connection.copy_records_to_table(
            "loan_reminder",
            columns=[
                "loan",
                "kind",
                "offset_days",
                "recipient",
                "channel",
                "language",
                "due_at",
                "status",
                "next_attempt_at",
                "created_at",
            ],
            records=[
                (
                    n,
                    planned.kind.value,
                    planned.offset_days,
                    planned.recipient.value,
                    "email",
                    LANGUAGES[n % 3],
                    planned.due_at,
                    "scheduled",
                    planned.due_at,
                    created,
                )
                for n in numbers
                for planned in plan(due_on(n), rules, BRUSSELS, today=today)
            ],
        )
        for table in ("device", "beneficiary", "loan"):
            await connection.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {loans})")
        await connection.execute("ANALYZE")
    finally:
        await connection.close()


async def undo_claims(url: str) -> None:
    """Back to the seeded state: every reminder scheduled again, no worklist entry."""
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        await connection.execute("DELETE FROM worklist_entry")
        await connection.execute(
            "UPDATE loan_reminder SET status = 'scheduled', next_attempt_at = due_at, claim_token = NULL,"
            " claimed_at = NULL, attempts = 0, sent_at = NULL WHERE status <> 'scheduled'"
        )
        await connection.execute("VACUUM ANALYZE loan_reminder")
    finally:
        await connection.close()


async def postgres_plan(url: str) -> list[str]:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch(
            "EXPLAIN SELECT id FROM loan_reminder WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= $1"
            " ORDER BY next_attempt_at LIMIT 100 FOR UPDATE SKIP LOCKED",
            NOW,
        )
    finally:
        await connection.close()
    return [row[0] for row in rows]


def report_claims(
    label: str, due: int, batched: list[tuple[float, list[float]]], single: list[float]
) -> None:
    best_total, best_durations = min(batched, key=lambda pair: pair[0])
    print(
        f"[{label}] find + claim {due:,} due reminders in batches of 100 "
        f"({len(best_durations) - 1} batches + 1 empty): best {best_total * 1000:.0f} ms, "
        f"median {statistics.median(t for t, _ in batched) * 1000:.0f} ms over {len(batched)} runs; "
        f"per batch median {statistics.median(best_durations) * 1000:.1f} ms, "
        f"max {max(best_durations) * 1000:.1f} ms"
    )
    print(
        f"[{label}] find + claim {due:,} due reminders in one statement: "
        f"best {min(single) * 1000:.0f} ms, median {statistics.median(single) * 1000:.0f} ms"
    )


async def bench_postgres(admin_url: str, arguments: argparse.Namespace, smtp_url: str) -> None:
    import asyncpg

    name = f"relais_bench_reminders_{os.getpid()}"
    base = admin_url.rpartition("/")[0]
    url = f"{base}/{name}"
    admin = await asyncpg.connect(admin_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        started = time.perf_counter()
        from inventory import db

        engine = db.engine_for_url(url)
        db.use_engine(engine)
        await db.migrate()
        await seed_postgres(url, arguments.loans, arguments.due)
        print(f"[postgres] seeded in {time.perf_counter() - started:.1f} s")
        batched, single = [], []
        for _ in range(arguments.repeat):
            total, durations, claimed = await time_claims(url, 100)
            assert claimed == arguments.due, claimed
            batched.append((total, durations))
            await undo_claims(url)
            total, _, claimed = await time_claims(url, arguments.due)
            assert claimed == arguments.due, claimed
            single.append(total)
            await undo_claims(url)
        report_claims("postgres", arguments.due, batched, single)
        print("[postgres] EXPLAIN of the claim's SELECT:")
        for line in await postgres_plan(url):
            print(f"    {line}")
        elapsed, sent, failed = await time_sweep(url, smtp_url)
        assert sent["email"] == arguments.due and failed == 0, (sent, failed)
        print(
            f"[postgres] whole sweep, e-mail over SMTP to a local aiosmtpd sink: {sent['email']:,} sent "
            f"in {elapsed:.1f} s = {sent['email'] / elapsed:.0f} reminders/s"
        )
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loans", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", default=None, help="admin URL of a PostgreSQL server to measure too")
    arguments = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="relais-bench-reminders-"))
    sink, smtp_url = start_sink()
    try:
        template = folder / "template.sqlite3"
        started = time.perf_counter()
        await migrate(f"sqlite:///{template}")
        seed(template, arguments.loans, arguments.due)
        reminder_rows = sqlite3.connect(template).execute("SELECT count(*) FROM loan_reminder").fetchone()[0]
        print(
            f"seeded {arguments.loans:,} active loans, {reminder_rows:,} reminders, "
            f"{arguments.due:,} due at {NOW.isoformat()} in {time.perf_counter() - started:.1f} s"
        )
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}"
        )

        def sqlite_copy(name: str) -> str:
            return f"sqlite:///{copy_of(template, folder, name)}"

        batched, single = [], []
        for run in range(arguments.repeat):
            total, durations, claimed = await time_claims(sqlite_copy(f"batched{run}"), 100)
            assert claimed == arguments.due, claimed
            batched.append((total, durations))
            total, _, claimed = await time_claims(sqlite_copy(f"single{run}"), arguments.due)
            assert claimed == arguments.due, claimed
            single.append(total)
        report_claims("sqlite", arguments.due, batched, single)
        idle_total, _, _ = await time_claims(f"sqlite:///{folder / 'batched0.sqlite3'}", 100)
        print(
            f"[sqlite] an idle sweep's claim (nothing due, after the claims above): "
            f"{idle_total * 1000:.1f} ms"
        )
        print("[sqlite] EXPLAIN QUERY PLAN of the claim's SELECT:")
        for line in query_plan(template):
            print(f"    {line}")

        elapsed, sent, failed = await time_sweep(sqlite_copy("mail"), smtp_url)
        assert sent["email"] == arguments.due and failed == 0, (sent, failed)
        print(
            f"[sqlite] whole sweep, e-mail over SMTP to a local aiosmtpd sink: {sent['email']:,} sent "
            f"in {elapsed:.1f} s = {sent['email'] / elapsed:.0f} reminders/s"
        )
        elapsed, sent, failed = await time_sweep(sqlite_copy("letters"), None)
        assert sent["letter"] == arguments.due, sent
        print(
            f"[sqlite] whole sweep, no SMTP (all letters, database only): {sent['letter']:,} "
            f"in {elapsed:.1f} s = {sent['letter'] / elapsed:.0f} reminders/s"
        )
        if arguments.postgres:
            await bench_postgres(arguments.postgres, arguments, smtp_url)
    finally:
        sink.terminate()
        sink.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
