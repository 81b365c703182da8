# ruff: noqa: E501
"""Benchmark: the web pages that read many rows, at 100,000 devices and 20,000 loans (SQLite).

    .venv/bin/python bench/web_pages.py [--devices 100000] [--loans 20000] [--requests 200]

It seeds a fresh SQLite database through the real migrations (rows written with sqlite3
directly: seeding is not what is measured), starts `relais serve` (one worker) and requests
each page one at a time over a keep-alive connection, signed in as a coordinator (a social
worker for /loans' "mine" view is not needed: the coordinator sees every loan). For each page
it prints the median and the 99th percentile of the response time, and each page's p99 as a
multiple of the device page's. Every figure comes from this one run on this machine.

With --explain it also prints SQLite's query plan of each list query the pages run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))
from bench.loadgen import run_load  # noqa: E402
from bench.scan import PASSWORD, start  # noqa: E402
from inventory.devices.search import search_key  # noqa: E402
from inventory.text import search_fold  # noqa: E402
from tests.live_server import free_port  # noqa: E402

ROOT = Path(__file__).parent.parent
SITES = [
    ("atelier", "Atelier de reconditionnement", "workshop"),
    ("antenne-nord", "Antenne sociale Nord", "antenna"),
    ("antenne-sud", "Antenne sociale Sud", "antenna"),
    ("epn-marolles", "Espace numérique des Marolles", "digital_space"),
    ("bus", "Bus numérique", "bus"),
]
DONORS = [
    "SPF Finances",
    "Société Générale",
    "Proximus",
    "Ville de Bruxelles",
    "Université libre",
    "Électrabel",
    "BNP Paribas Fortis",
    "Région bruxelloise",
    "Particuliers",
    "Hôpital Saint-Pierre",
]
MODELS = {
    "HP": ["EliteBook 840 G5", "ProBook 450 G7", "EliteDesk 800"],
    "Dell": ["Latitude 5490", "Latitude 7400", "OptiPlex 7070"],
    "Lenovo": ["ThinkPad T480", "ThinkPad X1 Carbon", "ThinkCentre M720"],
    "Apple": ["MacBook Air 2017", "iPad 6"],
    "Samsung": ["Galaxy Tab A", "Galaxy A52"],
}
CATEGORY_OF = {
    "EliteDesk 800": "desktop",
    "OptiPlex 7070": "desktop",
    "ThinkCentre M720": "desktop",
    "iPad 6": "tablet",
    "Galaxy Tab A": "tablet",
    "Galaxy A52": "phone",
}
# Where devices are, and the workshop path each stage implies (actions after intake).
STAGES = [
    ("received", 0.10, []),
    ("wiped", 0.08, ["wipe"]),
    ("refurbished", 0.07, ["wipe", "refurbish"]),
    ("available", 0.25, ["wipe", "refurbish", "label"]),
    ("allocated", 0.20, ["wipe", "refurbish", "label", "hand_over"]),
    ("retired", 0.10, ["retire"]),
    ("in_repair", 0.02, ["wipe", "send_to_repair"]),
    ("reserved", 0.03, ["wipe", "refurbish", "label", "reserve"]),
]
NEXT_STAGE = {
    "wipe": "wiped",
    "refurbish": "refurbished",
    "label": "available",
    "hand_over": "allocated",
    "retire": "retired",
    "send_to_repair": "in_repair",
    "reserve": "reserved",
    "lend": "on_loan",
    "return": "returned",
    "report_lost": "lost",
}
SOCIAL_WORKERS = ["sophie", "marc", "ines", "pieter", "fatima"]
FIRST = ["Amina", "Lucas", "Çağrı", "Zoë", "Jean-François", "Noémie", "Mohamed", "Léa", "Björn", "Inès"]
LAST = ["Dubois", "El Amrani", "Peeters", "Janssens", "Nguyễn", "Müller", "Lefèvre", "Öztürk", "Maes"]


def iso(moment: datetime) -> str:
    return moment.isoformat(sep=" ")


def seed(database: Path, devices: int, loans: int, rng: random.Random) -> None:
    """Devices at every stage with their events over the last 18 months, and loans (a third
    active, some overdue; the rest returned or lost) with their beneficiaries."""
    now = datetime.now(UTC)
    c = sqlite3.connect(database)
    c.executemany(
        "INSERT INTO site (code, name, kind, address, active, created_at) VALUES (?, ?, ?, '', 1, ?)",
        [(code, name, kind, iso(now)) for code, name, kind in SITES],
    )
    c.executemany(
        "INSERT INTO relais_user (username, password_hash, role, language, created_at) "
        "VALUES (?, 'x', 'social_worker', 'fr', ?)",
        [(name, iso(now)) for name in SOCIAL_WORKERS],
    )
    worker_ids = [row[0] for row in c.execute("SELECT id FROM relais_user WHERE role = 'social_worker'")]
    device_rows, events, loan_plan = [], [], []
    weights = [weight for _, weight, _ in STAGES]
    lent = 0
    for n in range(1, devices + 1):
        make = rng.choice(list(MODELS))
        model = rng.choice(MODELS[make])
        donor = rng.choice(DONORS)
        tag, serial, donor_ref, batch = f"RL-{n:06d}", f"SN{n:08d}", f"INV-{n}", f"B{n // 500:03d}"
        received_at = now - timedelta(days=rng.uniform(1, 540))
        if lent < loans:
            lent += 1
            path = ["wipe", "refurbish", "label", "lend"]
            kind = rng.random()
            if kind < 0.4:
                loan_plan.append((n, "active"))
            elif kind < 0.92:
                loan_plan.append((n, "returned"))
                path.append("return")
            else:
                loan_plan.append((n, "lost"))
                path.append("report_lost")
        else:
            path = rng.choices([p for _, _, p in STAGES], weights)[0]
        stage = NEXT_STAGE[path[-1]] if path else "received"
        funding = "voucher" if rng.random() < 0.03 else "donation"
        grade = rng.choice("ABC") if "refurbish" in path else None
        values = {
            "asset_tag": tag,
            "serial_number": serial,
            "donor_ref": donor_ref,
            "make": make,
            "model": model,
            "donor": donor,
            "batch": batch,
        }
        device_rows.append(
            (
                tag,
                CATEGORY_OF.get(model, "laptop"),
                make,
                make.upper(),
                model,
                serial,
                serial,
                donor,
                donor_ref,
                donor_ref.upper(),
                batch,
                rng.randint(1, len(SITES)),
                "{}",
                grade,
                stage,
                funding,
                "",
                search_key(values),
                1,
                iso(received_at),
                iso(received_at),
            )
        )
        at, before = received_at, None
        events.append((n, "intake", None, "received", iso(at)))
        before = "received"
        for action in path:
            at = min(at + timedelta(days=rng.uniform(0.2, 20)), now)
            events.append((n, action, before, NEXT_STAGE[action], iso(at)))
            before = NEXT_STAGE[action]
    c.executemany(
        "INSERT INTO device (asset_tag, category, make, make_key, model, serial_number, serial_key, donor, "
        "donor_ref, donor_ref_key, batch, site, specs, grade, stage, funding, notes, search_key, version, "
        "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        device_rows,
    )
    c.executemany(
        "INSERT INTO device_event (device, action, from_stage, to_stage, actor, request_id, at, details) "
        "VALUES (?, ?, ?, ?, 'bench', '', ?, '{}')",
        events,
    )
    c.execute("UPDATE counter SET value = ? WHERE name = 'asset_tag'", (devices,))
    today = now.date()
    beneficiaries, loan_rows = [], []
    for number, (device, status) in enumerate(loan_plan, start=1):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        site = rng.randint(1, len(SITES))
        worker = rng.choice(worker_ids)
        beneficiaries.append(
            (f"B-{number:06d}", name, search_fold(name), site, worker, today.isoformat(), iso(now))
        )
        starts = today - timedelta(days=rng.randint(1, 400))
        if status == "active":
            due = today + timedelta(days=rng.randint(-60, 90))
            starts = due - timedelta(days=rng.randint(30, 120))
            closed = None
        else:
            due = starts + timedelta(days=90)
            closed = iso(now - timedelta(days=rng.randint(0, 300)))
        loan_rows.append(
            (
                device,
                number,
                worker,
                site,
                starts.isoformat(),
                due.isoformat(),
                status,
                closed,
                iso(now),
                iso(now),
            )
        )
    c.executemany(
        "INSERT INTO beneficiary (reference, full_name, search_key, site, social_worker, "
        "consent_recorded_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(*row, row[-1]) for row in beneficiaries],
    )
    c.executemany(
        "INSERT INTO loan (device, beneficiary, social_worker, site, starts_on, due_on, status, closed_at, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        loan_rows,
    )
    c.execute(
        "UPDATE device SET loan_due_on = (SELECT due_on FROM loan WHERE loan.device = device.id "
        "AND loan.status = 'active') WHERE stage = 'on_loan'"
    )
    c.commit()
    c.execute("ANALYZE")
    c.close()


def rebuild_tallies(database: Path, env: dict[str, str]) -> None:
    """The monthly tallies of the seeded events, as the migration back-fills them."""
    code = (
        "import asyncio\n"
        "from inventory import db\n"
        "from inventory.devices import tallies\n"
        "async def main():\n"
        "    engine = db.engine_for_url(f'sqlite:///{path}')\n"
        "    db.use_engine(engine)\n"
        "    print(await tallies.rebuild(), 'events tallied')\n"
        "    await db.stop(engine)\n"
        "asyncio.run(main())\n"
    ).replace("{path}", str(database))
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=ROOT)


def device_list_queries(database: Path) -> dict[str, str]:
    """The device list's queries as the code writes them (devices.search, reporting.figures)."""
    from inventory import db
    from inventory.devices import search
    from inventory.devices.rows import DEVICE_COLUMNS
    from inventory.devices.search import DeviceFilter, Sort
    from inventory.devices.tables import Device
    from inventory.devices.vocabulary import Category, Stage

    db.use_engine(db.engine_for_url(f"sqlite:///{database}"))

    def page(wanted: DeviceFilter, sort: Sort | None = None, descending: bool = False) -> str:
        query = search.filtered(Device.select(*DEVICE_COLUMNS), wanted)
        if sort is None:
            return str(query.order_by(Device.id, ascending=False).limit(50))
        query = query.order_by(search._sort_column(sort), ascending=not descending)
        return str(query.order_by(Device.id, ascending=not descending).limit(50))

    def counts(wanted: DeviceFilter) -> str:
        if wanted.is_empty():
            return "SELECT stage, COUNT(id) FROM device GROUP BY stage"
        matched = search.filtered(Device.select(Device.stage), wanted)
        return f"SELECT stage, COUNT(*) AS n FROM ({matched} LIMIT -1) GROUP BY stage"

    four = DeviceFilter(stage=Stage.AVAILABLE, category=Category.LAPTOP, donor="SPF Finances", site="atelier")
    choices = (
        "WITH RECURSIVE choice (value) AS (SELECT MIN(batch) FROM device WHERE batch > '' UNION ALL "
        "SELECT (SELECT MIN(batch) FROM device WHERE batch > choice.value) FROM choice "
        "WHERE choice.value IS NOT NULL) SELECT value FROM choice WHERE value IS NOT NULL LIMIT 500"
    )
    return {
        "/devices rows (newest first)": page(DeviceFilter()),
        "/devices stage counts": counts(DeviceFilter()),
        "/devices donor and batch choices (batch shown)": choices,
        "/devices?page=1000 rows": page(DeviceFilter()).replace("LIMIT 50", "LIMIT 50 OFFSET 49950"),
        "/devices?q=elitebook rows": page(DeviceFilter(q="elitebook")),
        "/devices?q=elitebook counts": counts(DeviceFilter(q="elitebook")),
        "/devices?q=hp counts (a word too short for the trigram index)": counts(DeviceFilter(q="hp")),
        "/devices 4 filters sorted by make, rows": page(four, Sort.MAKE),
        "/devices 4 filters, counts (all but the stage)": counts(four.without("stage")),
        "/devices?donor=SPF Finances rows": page(DeviceFilter(donor="SPF Finances")),
        "/devices?donor=SPF Finances counts": counts(DeviceFilter(donor="SPF Finances")),
        "/devices?sort=-updated_at rows": page(DeviceFilter(), Sort.UPDATED, descending=True),
    }


def explain(database: Path) -> None:
    """SQLite's plan of each list query the pages run (the device list's written by its code)."""
    connection = sqlite3.connect(database)
    queries = {
        **device_list_queries(database),
        "/devices exact code": (
            "SELECT asset_tag FROM device WHERE asset_tag = 'X' OR serial_key = 'X' OR donor_ref_key = 'X' LIMIT 2"
        ),
        "/loans?view=overdue": (
            "SELECT loan.id FROM loan WHERE loan.status = 'active' AND loan.due_on < '2026-12-07' "
            "ORDER BY loan.due_on, loan.id LIMIT 50"
        ),
        "/loans?view=returned&q=lefevre rows (the search reads beneficiaries, then loans by index)": (
            "SELECT loan.id FROM loan LEFT JOIN device ON loan.device = device.id "
            "LEFT JOIN beneficiary ON loan.beneficiary = beneficiary.id WHERE loan.status = 'returned' "
            "AND loan.beneficiary IN (SELECT id FROM beneficiary WHERE search_key LIKE '%lefevre%' "
            "ESCAPE '\\' OR reference LIKE '%LEFEVRE%' ESCAPE '\\') "
            "ORDER BY loan.closed_at DESC, loan.id DESC LIMIT 50"
        ),
        "/loans?view=returned&q=lefevre counts": (
            "SELECT loan.status, COUNT(loan.id) FROM loan WHERE loan.beneficiary IN (SELECT id FROM "
            "beneficiary WHERE search_key LIKE '%lefevre%' ESCAPE '\\' OR reference LIKE '%LEFEVRE%' "
            "ESCAPE '\\') GROUP BY loan.status"
        ),
        "/dashboard monthly flows": (
            "SELECT month, action, to_stage, moved, funding, SUM(events) FROM device_event_tally "
            "WHERE month >= '2026-01' AND month <= '2026-12' GROUP BY month, action, to_stage, moved, funding"
        ),
        "/dashboard devices by site": "SELECT site, COUNT(*) FROM device GROUP BY site",
    }
    for name, sql in queries.items():
        print(f"\n{name}\n  {sql}")
        for row in connection.execute("EXPLAIN QUERY PLAN " + sql):
            print(f"    {row[-1]}")
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=100_000)
    parser.add_argument("--loans", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=200, help="per page")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument(
        "--database",
        type=Path,
        help="keep the seeded database at this path and reuse it when it exists "
        "(migrated to the current release first; seeding takes a minute or two)",
    )
    arguments = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="relais-bench-"))
    database = arguments.database.resolve() if arguments.database else workdir / "bench.sqlite3"
    reuse = database.exists()
    env = {
        **os.environ,
        "RELAIS_DATABASE_URL": f"sqlite:///{database}",
        "RELAIS_SECRET_KEY": "bench",
        "RELAIS_ALLOWED_HOSTS": "127.0.0.1",
        "RELAIS_PASSWORD": PASSWORD,
        "PYTHONPATH": str(ROOT),
    }
    python = sys.executable
    subprocess.run(
        [python, "-m", "inventory.cli", "migrate"], env=env, cwd=workdir, check=True, capture_output=True
    )
    if reuse:
        print(f"reusing {database} (its devices and loans as seeded before)")
    else:
        started = time.perf_counter()
        seed(database, arguments.devices, arguments.loans, random.Random(2026))
        rebuild_tallies(database, env)
        print(
            f"seeded {arguments.devices:,} devices and {arguments.loans:,} loans in {time.perf_counter() - started:.1f} s"
        )
        subprocess.run(
            [python, "-m", "inventory.cli", "create-user", "bench", "--role", "admin"],
            env=env,
            cwd=workdir,
            check=True,
            capture_output=True,
        )
    if arguments.explain:
        explain(database)

    port = free_port()
    server = start(
        [python, "-m", "inventory.cli", "serve", "--port", str(port)], env, port, "/health", workdir
    )
    try:
        import httpx

        token = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/auth/token", json={"username": "bench", "password": PASSWORD}
        ).json()["token"]
        headers = {"Cookie": f"relais_session={token}"}
        middle = f"RL-{arguments.devices // 2:06d}"
        pages = {
            "device page": [f"/devices/{middle}", f"/devices/RL-{arguments.devices // 3:06d}"],
            "/devices": ["/devices"],
            "/devices?page=1000": ["/devices?page=1000"],
            "/devices?q=elitebook": ["/devices?q=elitebook"],
            "/devices?q=societe+generale+elite": ["/devices?q=societe+generale+elite"],
            "/devices (4 filters, sort)": [
                "/devices?stage=available&category=laptop&donor=SPF+Finances&site=atelier&sort=make"
            ],
            "/devices?sort=-updated_at": ["/devices?sort=-updated_at"],
            "/loans": ["/loans"],
            "/loans?view=overdue": ["/loans?view=overdue"],
            "/loans?view=returned&q=lefevre": ["/loans?view=returned&q=lefevre"],
            "/dashboard": ["/dashboard"],
        }
        results = {}
        for name, paths in pages.items():

            def request(client: int, index: int, paths: list[str] = paths) -> tuple[str, str, bytes]:
                return "GET", paths[index % len(paths)], b""

            asyncio.run(
                run_load(port, request, clients=1, requests_per_client=10, headers=headers)
            )  # warm-up
            results[name] = asyncio.run(
                run_load(port, request, clients=1, requests_per_client=arguments.requests, headers=headers)
            )
        base = results["device page"].percentile(99)
        print(f"\n{'page':40} {'median ms':>10} {'p99 ms':>8} {'p99 / device page':>18}  statuses")
        for name, result in results.items():
            p99 = result.percentile(99)
            print(
                f"{name:40} {result.percentile(50):10.1f} {p99:8.1f} {p99 / base:17.1f}x  {dict(result.statuses)}"
            )
        print(
            f"\none client, {arguments.requests} sequential requests per page after 10 of warm-up; python {platform()}"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def platform() -> str:
    import platform as p

    return f"{p.python_version()}, {os.cpu_count()} cores ({p.machine()})"


if __name__ == "__main__":
    main()
