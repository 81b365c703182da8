"""Benchmark: `relais audit` over a register of 100,000 devices with realistic histories.

Run: .venv/bin/python bench/audit.py [--devices 100000] [--backends sqlite,postgres] [--rebuild]
                                     [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

Method. A register is built once through the real migrations, then filled with bulk inserts
(sqlite3 `executemany` for SQLite, asyncpg `COPY` for PostgreSQL; building is not measured) and
cached: the SQLite file under var/bench-audit/, the PostgreSQL database `relais_bench_audit_<N>`
on the server (both reused while their fill version and device count match; --rebuild forces
a new one). Each device lives one of the lives below, drawn with a fixed seed, each event the
stage machine's own transition: in workshop (received, failed wipes, wiped, refurbished,
repairs), available, on loan, returned and lent again, lost, reserved for a school, handed
over, given back by a school and wiped again, transferred between sites (a few still in
transit), retired after a wipe. About 8 events per device, with the wipe records, loans,
beneficiaries, schools, vouchers and redemptions they imply.
Measured: the `relais audit` command as an operator runs it (a new process: start-up,
migration check, the audit, its output), wall-clock time and the process's peak resident
memory; then the audit function alone, in this process, best of --repeat runs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PICCOLO_CONF", "inventory.piccolo_conf")

# Bump when the generated histories change, so that cached registers are rebuilt.
FILL_VERSION = 2
CACHE = ROOT / "var" / "bench-audit"
START = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
SITES = ("atelier", "antenne-nord", "epn-marolles", "bus", "antenne-sud")
SCHOOLS = 150
BENEFICIARIES = 20_000
CHUNK = 10_000  # devices generated and inserted at a time: memory stays flat

# Lives and their weights: where a device of the register stands, and how it got there.
LIVES = {
    "received": 6,
    "failed_wipe": 2,
    "wiped": 5,
    "refurbished": 4,
    "repaired": 3,
    "available": 18,
    "on_loan": 22,
    "returned": 6,
    "second_loan": 10,
    "lost": 2,
    "reserved": 3,
    "allocated": 8,
    "school_returned": 2,
    "retired": 5,
    "in_transit": 4,
}

TABLES: dict[str, tuple[str, ...]] = {
    "device": (
        "id asset_tag category make make_key model serial_number serial_key donor batch site "
        "transfer_to specs grade stage wiped_since_custody_change funding school_id loan_due_on version "
        "created_at updated_at"
    ).split(),
    "device_event": "id device action from_stage to_stage actor actor_id request_id at details".split(),
    "wipe_record": (
        "id device certificate_number method tool storage_serials passes verification result "
        "started_at finished_at operator operator_name notes created_at"
    ).split(),
    "loan": (
        "id device beneficiary social_worker site starts_on due_on accessories status renewals "
        "renewal_history return_condition notes closing_notes closed_at closed_on created_at updated_at"
    ).split(),
    "redemption": (
        "id voucher school kind status quantity reserved reference notes requested_at requested_by "
        "handed_over_at handed_over_by delivery_note_number updated_at"
    ).split(),
    "redemption_device": (
        "id redemption device asset_tag reserved_at reserved_by released_at released_by"
    ).split(),
}


@dataclass
class Chunk:
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=lambda: {name: [] for name in TABLES})


@dataclass
class Filler:
    """Draws device lives and writes them as rows, ids assigned here."""

    rng: random.Random
    next_id: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 1))
    certificates: int = 0
    delivery_notes: int = 0
    used_units: list[int] = field(default_factory=lambda: [0] * SCHOOLS)

    def take(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def device(self, number: int, chunk: Chunk) -> None:
        life = self.rng.choices(list(LIVES), weights=list(LIVES.values()))[0]
        life_of = _Life(self, chunk, number, START + timedelta(minutes=number * 3))
        life_of.live(life)


def _json(value: object) -> str:
    return msgspec.json.encode(value).decode()


class _Life:
    """One device's history, each step checked by the stage machine as it is written."""

    def __init__(self, filler: Filler, chunk: Chunk, number: int, at: datetime) -> None:
        from inventory.devices.vocabulary import Stage

        self.filler, self.chunk, self.rng = filler, chunk, filler.rng
        self.id = filler.take("device")
        self.tag = f"RL-{number:06d}"
        self.at = at
        self.stage = Stage.RECEIVED
        self.wiped = False
        self.site = 1
        self.transfer_to: int | None = None
        self.school: int | None = None
        self.loan_due_on: date | None = None
        self.version = 1
        self.event("intake", None, "received", {"batch": f"B-{number // 500}", "donor": "SPF Finances"})

    def tick(self) -> datetime:
        self.at += timedelta(hours=self.rng.randint(2, 300))
        return self.at

    def event(self, action: str, from_stage: str | None, to_stage: str, details: dict[str, Any]) -> None:
        self.chunk.rows["device_event"].append(
            (
                self.filler.take("device_event"),
                self.id,
                action,
                from_stage,
                to_stage,
                "amina",
                2,
                "",
                self.tick(),
                _json(details),
            )
        )
        self.version += 1

    def step(self, action: str, details: dict[str, Any] | None = None, *, failed: bool = False) -> None:
        from inventory.devices import stages
        from inventory.devices.vocabulary import Action, WipeResult

        result = WipeResult.FAILED if failed else WipeResult.PASSED
        state = stages.DeviceState(self.stage, wiped=self.wiped, in_transit=self.transfer_to is not None)
        after = stages.next_state(state, Action(action), wipe_result=result if action == "wipe" else None)
        self.event(action, self.stage.value, after.stage.value, details or {})
        self.stage, self.wiped = after.stage, after.wiped

    def wipe(self, *, failed: bool = False) -> None:
        wipe_id = self.filler.take("wipe_record")
        certificate = None
        if not failed:
            self.filler.certificates += 1
            certificate = f"RL-WC-{self.filler.certificates:07d}"
        started = self.at + timedelta(hours=1)
        self.chunk.rows["wipe_record"].append(
            (
                wipe_id,
                self.id,
                certificate,
                "nist-800-88-purge",
                "nwipe 0.37",
                _json([f"WD-{self.id:08d}"]),
                1,
                "last-pass",
                "failed" if failed else "passed",
                started,
                started + timedelta(hours=2),
                2,
                "amina",
                "",
                started + timedelta(hours=2),
            )
        )
        details = {
            "method": "nist-800-88-purge",
            "result": "failed" if failed else "passed",
            "tool": "nwipe 0.37",
        }
        if certificate:
            details["certificate_number"] = certificate
        self.step("wipe", details, failed=failed)

    def prepare(self) -> None:
        """Workshop: wipe (sometimes after a failed one), refurbish, label."""
        if self.rng.random() < 0.08:
            self.wipe(failed=True)
        self.wipe()
        self.step("refurbish", {"grade": "A", "os": "Linux Mint 22"})
        self.step("label")

    def move(self) -> None:
        destination = self.rng.choice([n for n in range(1, len(SITES) + 1) if n != self.site])
        self.step("transfer", {"from_site": SITES[self.site - 1], "to_site": SITES[destination - 1]})
        self.transfer_to = destination

    def arrive(self) -> None:
        destination = self.transfer_to
        assert destination is not None
        self.step("receive_transfer", {"from_site": SITES[self.site - 1], "to_site": SITES[destination - 1]})
        self.site, self.transfer_to = destination, None

    def lend(self, *, close: str | None = None) -> None:
        loan_id = self.filler.take("loan")
        starts = self.at
        due = (starts + timedelta(days=90)).date()
        self.step("lend", {"loan_id": loan_id, "due_on": due.isoformat()})
        closed_at = self.tick() if close else None
        status = {"return": "returned", "report_lost": "lost"}.get(close or "", "active")
        self.chunk.rows["loan"].append(
            (
                loan_id,
                self.id,
                1 + self.rng.randrange(BENEFICIARIES),
                3,
                self.site,
                starts.date(),
                due,
                '["chargeur"]',
                status,
                0,
                "[]",
                "good" if close == "return" else None,
                "",
                "",
                closed_at,
                closed_at.date() if closed_at else None,
                starts,
                closed_at or starts,
            )
        )
        if close:
            self.step(
                close,
                {"loan_id": loan_id, "condition": "good"} if close == "return" else {"loan_id": loan_id},
            )
        else:
            self.loan_due_on = due

    def school_line(self, *, hand_over: bool, given_back: bool = False) -> None:
        filler = self.filler
        school = 1 + self.rng.randrange(SCHOOLS)
        filler.used_units[school - 1] += 1
        redemption_id = filler.take("redemption")
        requested = self.tick()
        details = {"redemption_id": redemption_id, "voucher_code": f"V{school:011d}", "school_id": school}
        self.step("reserve", details)
        note = None
        handed_at = None
        if hand_over:
            filler.delivery_notes += 1
            note = f"RL-DN-{filler.delivery_notes:06d}"
            self.step("hand_over", {**details, "delivery_note_number": note})
            handed_at = self.at
            self.school = school
        released_at = None
        if given_back:
            self.step("return", {"school_id": school, "reason": "not_needed", "notes": ""})
            released_at = self.at
            self.school = None
        self.chunk.rows["redemption"].append(
            (
                redemption_id,
                school,
                school,
                "workshop",
                "handed_over" if hand_over else "requested",
                1,
                1,
                "",
                "",
                requested,
                "ecole",
                handed_at,
                "amina" if hand_over else "",
                note,
                self.at,
            )
        )
        self.chunk.rows["redemption_device"].append(
            (
                filler.take("redemption_device"),
                redemption_id,
                self.id,
                self.tag,
                requested,
                "amina",
                released_at,
                "amina" if released_at else "",
            )
        )

    def live(self, life: str) -> None:
        rng = self.rng
        if rng.random() < 0.15 and life not in {"in_transit"}:
            self.move()
            self.arrive()
        if life == "received":
            pass
        elif life == "failed_wipe":
            self.wipe(failed=True)
        elif life == "wiped":
            self.wipe()
        elif life == "refurbished":
            self.wipe()
            self.step("refurbish", {"grade": "B"})
        elif life == "repaired":
            self.wipe()
            self.step("send_to_repair", {"reason": "hinge"})
            if rng.random() < 0.7:
                self.step("finish_repair", {"notes": ""})
        elif life == "available":
            self.prepare()
        elif life == "on_loan":
            self.prepare()
            self.lend()
        elif life == "returned":
            self.prepare()
            self.lend(close="return")
        elif life == "second_loan":
            self.prepare()
            self.lend(close="return")
            self.prepare()
            self.lend(close="return" if rng.random() < 0.3 else None)
        elif life == "lost":
            self.prepare()
            self.lend(close="report_lost")
        elif life == "reserved":
            self.prepare()
            self.school_line(hand_over=False)
        elif life == "allocated":
            self.prepare()
            self.school_line(hand_over=True)
        elif life == "school_returned":
            self.prepare()
            self.school_line(hand_over=True, given_back=True)
            self.prepare()
        elif life == "retired":
            self.wipe()
            self.step("retire", {"reason": "recycled"})
        elif life == "in_transit":
            self.prepare()
            self.move()
        self.finish()

    def finish(self) -> None:
        self.chunk.rows["device"].append(
            (
                self.id,
                self.tag,
                "laptop",
                "Dell",
                "DELL",
                "Latitude 5490",
                f"SN{self.id:08d}",
                f"SN{self.id:08d}",
                "SPF Finances",
                "B",
                self.site,
                self.transfer_to,
                "{}",
                "A",
                self.stage.value,
                self.wiped,
                "donation",
                self.school,
                self.loan_due_on,
                self.version,
                START,
                self.at,
            )
        )


def chunks(filler: Filler, devices: int) -> Iterator[Chunk]:
    for first in range(1, devices + 1, CHUNK):
        chunk = Chunk()
        for number in range(first, min(first + CHUNK, devices + 1)):
            filler.device(number, chunk)
        yield chunk


def new_filler() -> Filler:
    return Filler(random.Random(20261206))


def fixed_rows() -> dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]:
    """Users, sites, beneficiaries, schools, a programme and a voucher per school."""
    at = START - timedelta(days=30)
    users = [
        (1, "coordination", "x", "admin", True, "fr", at),
        (2, "amina", "x", "technician", True, "fr", at),
        (3, "sophie", "x", "social_worker", True, "fr", at),
    ]
    sites = [(n, code, code.title(), "other", "", True, at) for n, code in enumerate(SITES, start=1)]
    beneficiaries = [
        (n, f"B-2025-{n:05d}", f"Bénéficiaire {n}", f"beneficiaire {n}", "fr", 1, 3, at.date(), at, at)
        for n in range(1, BENEFICIARIES + 1)
    ]
    schools = [(n, f"École {n}", f"{1000 + n}", at, at) for n in range(1, SCHOOLS + 1)]
    return {
        "relais_user": (
            ("id", "username", "password_hash", "role", "active", "language", "created_at"),
            users,
        ),
        "site": (("id", "code", "name", "kind", "address", "active", "created_at"), sites),
        "beneficiary": (
            (
                "id",
                "reference",
                "full_name",
                "search_key",
                "language",
                "site",
                "social_worker",
                "consent_recorded_on",
                "created_at",
                "updated_at",
            ),
            beneficiaries,
        ),
        "school": (("id", "name", "fase_number", "created_at", "updated_at"), schools),
        "programme": (("id", "name", "created_at", "updated_at"), [(1, "Plan de relance", at, at)]),
    }


VOUCHER_UNITS = 100_000
VOUCHER_COLUMNS = (
    "id code programme school quantity remaining expires_on status issued_at issued_by updated_at".split()
)


def voucher_rows() -> list[tuple[Any, ...]]:
    """One voucher per school, inserted before the redemptions; `used_units` settles them after."""
    at = START - timedelta(days=20)
    return [
        (n, f"V{n:011d}", 1, n, VOUCHER_UNITS, VOUCHER_UNITS, date(2030, 6, 30), "issued", at, "x", at)
        for n in range(1, SCHOOLS + 1)
    ]


def used_units(used: list[int]) -> list[tuple[int, str, int]]:
    """(remaining, status, voucher id) of each voucher once its redemptions are in."""
    return [
        (VOUCHER_UNITS - units, "partially_redeemed" if units else "issued", n)
        for n, units in enumerate(used, start=1)
    ]


# SQLite -------------------------------------------------------------------------------------


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return str(value.astimezone(UTC))
    if isinstance(value, date):
        return value.isoformat()
    return value


def _sqlite_insert(connection: sqlite3.Connection, table: str, columns: tuple[str, ...], rows) -> None:
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    connection.executemany(sql, ([_sqlite_value(v) for v in row] for row in rows))


async def migrate(url: str) -> None:
    from inventory import db

    engine = db.engine_for_url(url)
    db.use_engine(engine)
    await db.start(engine)
    await db.migrate()
    await db.stop(engine)


def build_sqlite(path: Path, devices: int) -> None:
    path.unlink(missing_ok=True)
    asyncio.run(migrate(f"sqlite:///{path}"))
    connection = sqlite3.connect(path)
    for table, (columns, rows) in fixed_rows().items():
        _sqlite_insert(connection, table, columns, rows)
    _sqlite_insert(connection, "voucher", tuple(VOUCHER_COLUMNS), voucher_rows())
    filler = new_filler()
    for chunk in chunks(filler, devices):
        for table in TABLES:
            _sqlite_insert(connection, table, TABLES[table], chunk.rows[table])
    connection.executemany(
        "UPDATE voucher SET remaining = ?, status = ? WHERE id = ?", used_units(filler.used_units)
    )
    connection.execute(
        "INSERT OR REPLACE INTO counter (name, value) VALUES ('bench_audit_fill', ?)", (FILL_VERSION,)
    )
    connection.commit()
    connection.execute("ANALYZE")
    connection.close()


def sqlite_is_current(path: Path, devices: int) -> bool:
    if not path.exists():
        return False
    connection = sqlite3.connect(path)
    try:
        fill = connection.execute("SELECT value FROM counter WHERE name = 'bench_audit_fill'").fetchone()
        count = connection.execute("SELECT count(*) FROM device").fetchone()[0]
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    return fill is not None and fill[0] == FILL_VERSION and count == devices


# PostgreSQL ---------------------------------------------------------------------------------


def _postgres_url(admin_url: str, database: str) -> str:
    return f"{admin_url.rpartition('/')[0]}/{database}"


async def postgres_is_current(admin_url: str, database: str, devices: int) -> bool:
    import asyncpg

    admin = await asyncpg.connect(admin_url)
    exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", database)
    await admin.close()
    if not exists:
        return False
    connection = await asyncpg.connect(_postgres_url(admin_url, database))
    try:
        fill = await connection.fetchval("SELECT value FROM counter WHERE name = 'bench_audit_fill'")
        count = await connection.fetchval("SELECT count(*) FROM device")
    except asyncpg.PostgresError:
        return False
    finally:
        await connection.close()
    return fill == FILL_VERSION and count == devices


async def build_postgres(admin_url: str, database: str, devices: int) -> None:
    import asyncpg

    admin = await asyncpg.connect(admin_url)
    await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{database}"')
    await admin.close()
    url = _postgres_url(admin_url, database)
    await migrate(url)
    connection = await asyncpg.connect(url)
    for table, (columns, rows) in fixed_rows().items():
        await connection.copy_records_to_table(table, records=rows, columns=list(columns))
    await connection.copy_records_to_table("voucher", records=voucher_rows(), columns=VOUCHER_COLUMNS)
    filler = new_filler()
    for chunk in chunks(filler, devices):
        for table in TABLES:
            await connection.copy_records_to_table(
                table, records=chunk.rows[table], columns=list(TABLES[table])
            )
    await connection.executemany(
        "UPDATE voucher SET remaining = $1, status = $2 WHERE id = $3", used_units(filler.used_units)
    )
    for table in (*TABLES, *fixed_rows(), "voucher"):
        await connection.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )
    await connection.execute(
        "INSERT INTO counter (name, value) VALUES ('bench_audit_fill', $1)", FILL_VERSION
    )
    await connection.execute("ANALYZE")
    await connection.close()


# Measuring ----------------------------------------------------------------------------------


def run_command(url: str) -> tuple[float, float, int, list[str]]:
    """`relais audit` in a new process: wall-clock and CPU seconds, peak RSS in MiB, its output."""
    environment = {
        **os.environ,
        "RELAIS_DATABASE_URL": url,
        "RELAIS_SECRET_KEY": "bench",
        "PYTHONPATH": str(ROOT),
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, "-m", "inventory.cli", "audit"],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = finished.stdout.splitlines()
    if finished.returncode not in (0, 1):
        raise SystemExit(f"relais audit failed: {finished.stderr}")
    # ru_maxrss of children is the largest of any child so far: the audit is the only big one.
    return elapsed, cpu, after.ru_maxrss // 1024, lines


async def time_function(url: str, repeat: int) -> tuple[list[float], str]:
    from inventory import db
    from inventory.reporting.audit import audit_register

    engine = db.engine_for_url(url)
    db.use_engine(engine)
    await db.start(engine)
    times = []
    summary = ""
    for _ in range(repeat):
        started = time.perf_counter()
        report = await audit_register()
        times.append(time.perf_counter() - started)
        summary = report.summary()
    await db.stop(engine)
    return times, summary


def load() -> str:
    return "load average " + ", ".join(f"{value:.1f}" for value in os.getloadavg())


def measure(name: str, url: str, repeat: int) -> None:
    elapsed, cpu, peak, lines = run_command(url)
    inconsistencies = len(lines) - 1
    print(
        f"[{name}] relais audit (new process): {elapsed:.1f} s wall clock, {cpu:.1f} s CPU "
        f"(its own, not the database server's), peak RSS {peak} MiB"
    )
    print(f"[{name}]   {lines[-1] if lines else '(no output)'}")
    if inconsistencies:
        print(f"[{name}]   first lines: {lines[:3]}")
    times, summary = asyncio.run(time_function(url, repeat))
    every = ", ".join(f"{t:.2f}" for t in times)
    print(f"[{name}] audit_register() in process, {repeat} runs: best {min(times):.2f} s (all: {every})")
    print(f"[{name}]   {summary}")
    print(f"[{name}]   {load()} (1, 5, 15 min) on {os.cpu_count()} cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    arguments = parser.parse_args()
    backends = [b.strip() for b in arguments.backends.split(",") if b.strip()]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    if "sqlite" in backends:
        CACHE.mkdir(parents=True, exist_ok=True)
        path = CACHE / f"register-{arguments.devices}.sqlite3"
        if arguments.rebuild or not sqlite_is_current(path, arguments.devices):
            started = time.perf_counter()
            build_sqlite(path, arguments.devices)
            size = path.stat().st_size >> 20
            print(f"[sqlite] built {path} in {time.perf_counter() - started:.0f} s ({size} MiB)")
        else:
            print(f"[sqlite] reusing {path}")
        measure("sqlite", f"sqlite:///{path}", arguments.repeat)
    if "postgres" in backends:
        database = f"relais_bench_audit_{arguments.devices}"
        current = asyncio.run(postgres_is_current(arguments.postgres, database, arguments.devices))
        if arguments.rebuild or not current:
            started = time.perf_counter()
            asyncio.run(build_postgres(arguments.postgres, database, arguments.devices))
            print(f"[postgres] built database {database} in {time.perf_counter() - started:.0f} s")
        else:
            print(f"[postgres] reusing database {database}")
        measure("postgres", _postgres_url(arguments.postgres, database), arguments.repeat)


if __name__ == "__main__":
    main()
