"""Benchmark: a technician's scan latency on a quiet server, then while heavy work runs.

    .venv/bin/python bench/loop_lag.py [--devices 100000] [--letters 2000] [--logins 32]
                                       [--quiet-scans 400] [--load impact letters export]
                                       [--skip-comparison]

Method. A fresh SQLite database is migrated with the real migrations and seeded with sqlite3
directly (seeding is not measured): `--devices` devices (the scan benchmark's), of which the
first `--letters` are on loan to beneficiaries without e-mail or phone, each with a reminder
letter waiting to be printed (a `print_letter` worklist entry). `relais serve` (one uvicorn
worker, as `scripts/run.sh` starts it) serves it on loopback.

A technician scans one device after another (GET /api/v1/scan/{code}, random tags, serials and
donor references, one keep-alive connection, a 10 ms pause between scans, as a barcode reader
in a busy workshop): first `--quiet-scans` on the quiet server, then for as long as the load
runs. The load starts at once, from a separate process (so that receiving a 100,000-row CSV
never delays the scanner's own loop): `--logins` anonymous log-ins for unknown users (POST
/api/v1/auth/token, all at once), the impact report (GET /api/v1/reports/impact-YEAR.pdf),
the batch of `--letters` reminder letters (GET /api/v1/worklist/letters.pdf) and the export of
every device (GET /api/v1/exports/devices.csv). Latency is measured by the scanner from sending
the request to the last byte of the answer. Target (issue 13): scan p99 under load <= 5 x the
quiet p99, and never above 250 ms.

A second, in-process part shows why batches of documents run in worker processes: the event
loop's lag (a 1 ms ticker's worst lateness) while the same letters render on the loop, in a
worker thread, and in a worker process.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent.parent))
from bench.scan import codes, seed, start  # noqa: E402
from tests.live_server import free_port  # noqa: E402

ROOT = Path(__file__).parent.parent
PASSWORD = "benchmark password 123"
TARGET_RATIO = 5.0
TARGET_CEILING_MS = 250.0


def seed_letters(database: Path, letters: int) -> None:
    """The first `letters` devices on loan, each with a reminder letter waiting to be printed."""
    now = datetime.now(UTC)
    created = str(now - timedelta(days=20))
    today = now.date()
    connection = sqlite3.connect(database)
    social_worker = connection.execute("SELECT id FROM relais_user WHERE username = 'bench'").fetchone()[0]
    connection.execute(
        "UPDATE device SET stage = 'on_loan', loan_due_on = ? WHERE id <= ?",
        ((today - timedelta(days=3)).isoformat(), letters),
    )
    languages = ("fr", "nl", "en")
    connection.executemany(
        "INSERT INTO beneficiary (reference, full_name, search_key, language, site, social_worker,"
        " consent_recorded_on, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)",
        (
            (
                f"B-2026-{n:05d}",
                f"Bénéficiaire Ñandú {n}",
                f"beneficiaire nandu {n}",
                languages[n % 3],
                social_worker,
                today.isoformat(),
                created,
                created,
            )
            for n in range(1, letters + 1)
        ),
    )
    starts = (today - timedelta(days=40)).isoformat()
    due = (today - timedelta(days=3)).isoformat()
    connection.executemany(
        "INSERT INTO loan (device, beneficiary, social_worker, site, starts_on, due_on, status,"
        " created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, 'active', ?, ?)",
        ((n, n, social_worker, starts, due, created, created) for n in range(1, letters + 1)),
    )
    connection.executemany(
        "INSERT INTO loan_reminder (loan, kind, offset_days, recipient, channel, language, due_at,"
        " status, sent_at, created_at)"
        " VALUES (?, 'after_due', 3, 'beneficiary', 'letter', ?, ?, 'sent', ?, ?)",
        ((n, languages[n % 3], created, created, created) for n in range(1, letters + 1)),
    )
    connection.executemany(
        "INSERT INTO worklist_entry (loan, reminder, social_worker, action, kind, channel, created_at)"
        " VALUES (?, ?, ?, 'print_letter', 'after_due', 'letter', ?)",
        ((n, n, social_worker, created) for n in range(1, letters + 1)),
    )
    connection.commit()
    connection.close()


# The load, in its own process


LOADS = ("impact", "letters", "export")


async def _load(
    port: int, token: str, logins: int, year: int, loads: tuple[str, ...]
) -> dict[str, tuple[int, float, int, dict[int, int]]]:
    """Every heavy request at once; per request kind (status, seconds, bytes) of the slowest,
    and how many answers had each status."""
    auth = {"Authorization": f"Bearer {token}"}
    timeout = httpx.Timeout(600)
    limits = httpx.Limits(max_connections=logins + 8)
    results: dict[str, tuple[int, float, int, dict[int, int]]] = {}
    statuses: dict[str, dict[int, int]] = {}
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", timeout=timeout, limits=limits
    ) as client:

        async def one(name: str, method: str, path: str, **kwargs: object) -> None:
            started = time.perf_counter()
            size = 0
            async with client.stream(method, path, **kwargs) as response:  # type: ignore[arg-type]
                async for chunk in response.aiter_raw():
                    size += len(chunk)
            took = time.perf_counter() - started
            counts = statuses.setdefault(name, {})
            counts[response.status_code] = counts.get(response.status_code, 0) + 1
            if name not in results or took > results[name][1]:
                results[name] = (response.status_code, took, size, counts)

        jobs = [
            one(
                "log-in",
                "POST",
                "/api/v1/auth/token",
                json={"username": f"nobody{n}", "password": "wrong guess"},
            )
            for n in range(logins)
        ]
        if "impact" in loads:
            jobs.append(one("impact report", "GET", f"/api/v1/reports/impact-{year}.pdf", headers=auth))
        if "letters" in loads:
            jobs.append(one("letters", "GET", "/api/v1/worklist/letters.pdf", headers=auth))
        if "export" in loads:
            jobs.append(one("export", "GET", "/api/v1/exports/devices.csv", headers=auth))
        await asyncio.gather(*jobs)
    return results


def _load_process(port: int, token: str, logins: int, year: int, loads, started, queue, niceness) -> None:  # noqa: ANN001
    if niceness:
        os.nice(niceness)  # --client-niceness: the load's clients would be other machines
    started.set()
    queue.put(asyncio.run(_load(port, token, logins, year, loads)))


# The scanner


def scan_latencies(
    client: httpx.Client, scan_codes: list[str], *, count: int | None, until=None
) -> list[float]:  # noqa: ANN001
    """Scan after scan (10 ms apart); milliseconds from request to the answer's last byte."""
    latencies = []
    index = 0
    while (count is not None and index < count) or (until is not None and not until()):
        code = scan_codes[index % len(scan_codes)]
        started = time.perf_counter()
        response = client.get(f"/api/v1/scan/{code}")
        latencies.append((time.perf_counter() - started) * 1000)
        assert response.status_code in (200, 404), response.text
        index += 1
        time.sleep(0.01)
    return latencies


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def describe(values: list[float]) -> str:
    return (
        f"{len(values)} scans: p50 {percentile(values, 50):.1f} ms, p99 {percentile(values, 99):.1f} ms, "
        f"max {max(values):.1f} ms, mean {statistics.fmean(values):.1f} ms"
    )


# The in-process comparison: letters on the loop, in a thread, in a process


async def _lag_while(work) -> tuple[float, float]:  # noqa: ANN001
    """(worst lateness of a 1 ms ticker in ms, seconds the work took) while `work()` runs."""
    worst = 0.0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal worst
        while not done.is_set():
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            worst = max(worst, (time.perf_counter() - before) * 1000 - 1)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0.01)
    started = time.perf_counter()
    await work()
    took = time.perf_counter() - started
    done.set()
    await task
    return worst, took


def letters_comparison(count: int) -> list[str]:
    import anyio.to_process
    import anyio.to_thread

    from inventory.loans.letters import render_letters

    sample = sample_letters(count)
    today = date.today()

    def render() -> bytes:
        return render_letters(sample, organisation="CPAS de Relais", printed_on=today)

    async def on_loop() -> None:
        render()

    async def in_thread() -> None:
        await anyio.to_thread.run_sync(render)

    async def in_process() -> None:
        await anyio.to_process.run_sync(_render_sample, count)

    async def compare() -> list[str]:
        # Fonts load on first use, and a worker process starts on first use: both before measuring.
        _render_sample(1)
        await anyio.to_process.run_sync(_render_sample, 1)
        lines = []
        for name, work in (
            ("on the event loop", on_loop),
            ("in a worker thread", in_thread),
            ("in a worker process", in_process),
        ):
            worst, took = await _lag_while(work)
            lines.append(
                f"{count} letters rendered {name:<20}: {took:5.2f} s, worst loop lag {worst:7.1f} ms"
            )
        return lines

    return asyncio.run(compare())


def sample_letters(count: int) -> list:
    from inventory.loans.messages import ReminderContext
    from inventory.loans.vocabulary import ReminderKind

    return [
        ReminderContext(
            kind=ReminderKind.AFTER_DUE,
            language=("fr", "nl", "en")[n % 3],
            organisation="CPAS de Relais",
            beneficiary_name=f"Bénéficiaire Ñandú {n}",
            beneficiary_reference=f"B-2026-{n:05d}",
            asset_tag=f"RL-{n:06d}",
            device="Dell Latitude 5490",
            due_on=date.today() - timedelta(days=3),
            offset_days=3,
            site_name="Antenne Nord",
            site_address="Rue Haute 1, 1000 Bruxelles",
        )
        for n in range(1, count + 1)
    ]


def _render_sample(count: int) -> int:
    from inventory.loans.letters import render_letters

    return len(render_letters(sample_letters(count), organisation="CPAS de Relais", printed_on=date.today()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=100_000)
    parser.add_argument("--letters", type=int, default=2_000)
    parser.add_argument("--logins", type=int, default=32)
    parser.add_argument("--quiet-scans", type=int, default=400)
    parser.add_argument(
        "--load", nargs="*", default=list(LOADS), choices=LOADS, help="the heavy requests beside the log-ins"
    )
    parser.add_argument("--skip-comparison", action="store_true")
    parser.add_argument(
        "--client-niceness",
        type=int,
        default=0,
        help="nice value of the process that sends the load (its 32 clients and the 16 MB download "
        "would be other machines; on a 2-core machine they take the server's CPU)",
    )
    arguments = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="relais-lag-"))
    database = workdir / "bench.sqlite3"
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
    seed(database, arguments.devices)
    for username, role in (("bench", "admin"), ("tech", "technician")):
        subprocess.run(
            [python, "-m", "inventory.cli", "create-user", username, "--role", role],
            env=env,
            cwd=workdir,
            check=True,
            capture_output=True,
        )
    seed_letters(database, arguments.letters)
    print(f"seeded {arguments.devices:,} devices and {arguments.letters:,} letters to print")

    port = free_port()
    server = start(
        [python, "-m", "inventory.cli", "serve", "--port", str(port)], env, port, "/health", workdir
    )
    try:
        base = f"http://127.0.0.1:{port}"

        def token_of(username: str) -> str:
            answer = httpx.post(
                f"{base}/api/v1/auth/token", json={"username": username, "password": PASSWORD}
            )
            answer.raise_for_status()
            return answer.json()["token"]

        admin_token, tech_token = token_of("bench"), token_of("tech")
        scan_codes = codes(arguments.devices, 7)
        random.Random(7).shuffle(scan_codes)
        with httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {tech_token}"}, timeout=600
        ) as scanner:
            scan_latencies(scanner, scan_codes, count=100)  # warm-up
            machine_load = os.getloadavg()[0]  # other work on the machine, before ours
            quiet = scan_latencies(scanner, scan_codes, count=arguments.quiet_scans)

            context = multiprocessing.get_context("spawn")
            started, queue = context.Event(), context.Queue()
            year = datetime.now().year
            load = context.Process(
                target=_load_process,
                args=(
                    port,
                    admin_token,
                    arguments.logins,
                    year,
                    tuple(arguments.load),
                    started,
                    queue,
                    arguments.client_niceness,
                ),
            )
            load.start()
            started.wait(60)
            window_started = time.perf_counter()
            loaded = scan_latencies(
                scanner, scan_codes, count=None, until=lambda: not load.is_alive() or not queue.empty()
            )
            window = time.perf_counter() - window_started
            results = queue.get(timeout=600)
            load.join(60)
    finally:
        server.terminate()
        server.wait(timeout=10)

    from importlib.metadata import version

    print(
        f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Litestar {version('litestar')}, SQLite {sqlite3.sqlite_version}; one uvicorn worker"
    )
    print(f"quiet server      : {describe(quiet)}")
    print(f"under load        : {describe(loaded)} (over {window:.1f} s)")
    for name, (status, took, size, counts) in sorted(results.items()):
        answers = ", ".join(f"{count} x {code}" for code, count in sorted(counts.items()))
        print(
            f"  load: {name:<14} status {status}, {took:6.2f} s, {size:,} bytes"
            + (f" (slowest of the log-ins; answers: {answers})" if name == "log-in" else "")
        )
    print(
        "  measured by: the scanner (this process, one keep-alive connection) from request to last"
        " byte; the load's clients run in a second process of this machine"
        f" (nice {arguments.client_niceness}), sharing its {os.cpu_count()} cores with the server,"
        f" load average {machine_load:.2f} before the quiet scans, {os.getloadavg()[0]:.2f} at the end"
    )
    ratio = percentile(loaded, 99) / percentile(quiet, 99)
    ceiling = percentile(loaded, 99)
    verdict = "met" if ratio <= TARGET_RATIO and ceiling <= TARGET_CEILING_MS else "NOT met"
    print(
        f"scan p99 under load / quiet p99: {ratio:.1f}x (target <= {TARGET_RATIO:.0f}x); "
        f"p99 under load {ceiling:.1f} ms (target <= {TARGET_CEILING_MS:.0f} ms): {verdict}"
    )
    if not arguments.skip_comparison:
        print()
        for line in letters_comparison(arguments.letters):
            print(line)
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
