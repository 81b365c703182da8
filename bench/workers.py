"""Benchmark: the scan load (bench/scan.py's codes, bench/loadgen.py) on PostgreSQL, served by
`relais serve --workers 1` and then `--workers 2`, throughput and CPU per request for each.

    .venv/bin/python bench/workers.py [--devices 20000] [--clients 16] [--requests 300] [--rounds 2]

It creates a throw-away PostgreSQL database (RELAIS_TEST_POSTGRES_URL's server, default the
local one with trust authentication), migrates it with `relais migrate`, seeds devices with one
INSERT ... SELECT, and creates a user. For each worker count it starts `relais serve`, warms it
up, then drives GET /api/v1/scan/{code} with 16 keep-alive clients from this process. CPU time
is read from /proc before and after each measured load (user + system, all threads):

- "relais": the serve process and every process under it (the uvicorn workers, their
  document-rendering processes);
- "postgres": the server processes of the benchmark's connections (pg_stat_activity).

Rounds alternate 1 and 2 workers, so that other work on a shared machine weighs on both alike;
the figures printed are each configuration's median round. On a 2-core machine the throughput
of two workers cannot double (the load generator and PostgreSQL share the cores); what should
hold is CPU per request: a second worker should not make each request cost more.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).parent.parent))
from bench.loadgen import LoadResult, run_load  # noqa: E402
from bench.scan import codes, cpu_seconds, start  # noqa: E402
from tests.live_server import free_port  # noqa: E402

ROOT = Path(__file__).parent.parent
PASSWORD = "benchmark password 123"
ADMIN_URL = os.environ.get("RELAIS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")

SEED = """
INSERT INTO device (asset_tag, category, make, make_key, model, serial_number, serial_key, donor,
    donor_ref, donor_ref_key, batch, site, specs, stage, funding, notes, version, created_at, updated_at)
SELECT 'RL-' || lpad(n::text, 6, '0'), 'laptop', 'Dell', 'DELL', 'Latitude ' || (n % 50),
    'SN' || lpad(n::text, 8, '0'), 'SN' || lpad(n::text, 8, '0'), 'SPF Finances', 'INV-' || n,
    'INV-' || n, 'B1', 1, '{}', 'received', 'donation', '', 1, now(), now()
FROM generate_series(1, $1) AS n
"""


def descendants(pid: int) -> list[int]:
    """`pid` and every process under it (Linux /proc)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            pending.extend(int(child) for child in children)
    return found


def cpu_of(pids: list[int]) -> dict[int, float]:
    times = {}
    for pid in pids:
        try:
            times[pid] = cpu_seconds(pid)
        except (FileNotFoundError, ProcessLookupError):
            pass
    return times


def spent(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(after[pid] - before.get(pid, 0.0) for pid in after)


async def backend_pids(database: str) -> list[int]:
    connection = await asyncpg.connect(ADMIN_URL)
    try:
        rows = await connection.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", database
        )
    finally:
        await connection.close()
    return [row["pid"] for row in rows]


@dataclass
class Round:
    workers: int
    load: LoadResult
    relais_us: float
    postgres_us: float


def measure(
    workers: int,
    env: dict[str, str],
    workdir: Path,
    database: str,
    scan_codes: list[str],
    clients: int,
    requests: int,
) -> Round:
    port = free_port()
    server = start(
        [sys.executable, "-m", "inventory.cli", "serve", "--port", str(port), "--workers", str(workers)],
        env,
        port,
        "/health",
        workdir,
    )
    try:
        token = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/auth/token",
            json={"username": "bench", "password": PASSWORD},
            timeout=60,
        ).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}

        def scan_request(client: int, index: int) -> tuple[str, str, bytes]:
            return "GET", f"/api/v1/scan/{scan_codes[(client * requests + index) % len(scan_codes)]}", b""

        # Warm-up: every worker started (the health check may have reached the first one only)
        # and its pool of database connections opened.
        asyncio.run(run_load(port, scan_request, clients=clients, requests_per_client=100, headers=headers))
        processes = descendants(server.pid)
        backends = asyncio.run(backend_pids(database))
        relais_before, postgres_before = cpu_of(processes), cpu_of(backends)
        load = asyncio.run(
            run_load(port, scan_request, clients=clients, requests_per_client=requests, headers=headers)
        )
        # Connections opened during the load count whole: they were born during it.
        relais_after = cpu_of(sorted({*processes, *descendants(server.pid)}))
        postgres_after = cpu_of(sorted({*backends, *asyncio.run(backend_pids(database))}))
        assert set(load.statuses) == {200}, load.statuses
        return Round(
            workers,
            load,
            spent(relais_before, relais_after) / load.requests * 1e6,
            spent(postgres_before, postgres_after) / load.requests * 1e6,
        )
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=300, help="per client")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of (1 worker, 2 workers)")
    arguments = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="relais-bench-workers-"))
    database = f"relais_bench_workers_{os.getpid()}"
    base, _, _ = ADMIN_URL.rpartition("/")
    url = f"{base}/{database}"

    async def create() -> None:
        admin = await asyncpg.connect(ADMIN_URL)
        await admin.execute(f'CREATE DATABASE "{database}"')
        await admin.close()

    async def drop() -> None:
        admin = await asyncpg.connect(ADMIN_URL)
        await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        await admin.close()

    async def seed() -> None:
        connection = await asyncpg.connect(url)
        await connection.execute(
            "INSERT INTO site (code, name, kind, address, active, created_at) VALUES "
            "('a', 'Atelier', 'workshop', '', true, now())"
        )
        await connection.execute(SEED, arguments.devices)
        await connection.execute("UPDATE counter SET value = $1 WHERE name = 'asset_tag'", arguments.devices)
        await connection.execute("ANALYZE")
        await connection.close()

    env = {
        **os.environ,
        "RELAIS_DATABASE_URL": url,
        "RELAIS_SECRET_KEY": "bench-workers-secret-key-0123456789abcdef",
        "RELAIS_ALLOWED_HOSTS": "127.0.0.1",
        "RELAIS_PASSWORD": PASSWORD,
        "PYTHONPATH": str(ROOT),
    }
    asyncio.run(create())
    try:
        subprocess.run(
            [sys.executable, "-m", "inventory.cli", "migrate"],
            env=env,
            cwd=workdir,
            check=True,
            capture_output=True,
        )
        asyncio.run(seed())
        subprocess.run(
            [sys.executable, "-m", "inventory.cli", "create-user", "bench", "--role", "admin"],
            env=env,
            cwd=workdir,
            check=True,
            capture_output=True,
        )
        scan_codes = codes(arguments.devices, 42)
        rounds: list[Round] = []
        for number in range(arguments.rounds):
            for workers in (1, 2):
                result = measure(
                    workers, env, workdir, database, scan_codes, arguments.clients, arguments.requests
                )
                rounds.append(result)
                print(
                    f"round {number + 1}, {workers} worker(s): {result.load.throughput:,.0f} req/s, "
                    f"relais CPU {result.relais_us:,.0f} µs/request, "
                    f"postgres CPU {result.postgres_us:,.0f} µs/request",
                    flush=True,
                )
    finally:
        asyncio.run(drop())

    from importlib.metadata import version

    server_version = subprocess.run(["psql", "--version"], capture_output=True, text=True, check=False).stdout
    print(
        f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Litestar {version('litestar')}, uvicorn {version('uvicorn')}, {server_version.strip()}; "
        f"load average at the end {os.getloadavg()[0]:.1f}"
    )
    print(
        f"load: {arguments.clients} concurrent keep-alive clients on loopback, GET /api/v1/scan/{{code}} "
        f"on {arguments.devices:,} devices, {arguments.requests} requests per client, "
        f"median of {arguments.rounds} round(s) per configuration"
    )
    summary = {}
    for workers in (1, 2):
        mine = [r for r in rounds if r.workers == workers]
        throughput = statistics.median(r.load.throughput for r in mine)
        relais_us = statistics.median(r.relais_us for r in mine)
        postgres_us = statistics.median(r.postgres_us for r in mine)
        p50 = statistics.median(r.load.percentile(50) for r in mine)
        p99 = statistics.median(r.load.percentile(99) for r in mine)
        summary[workers] = relais_us
        print(
            f"{workers} worker(s): {throughput:,.0f} req/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms; "
            f"CPU per request: relais {relais_us:,.0f} µs, postgres {postgres_us:,.0f} µs"
        )
    ratio = summary[2] / summary[1]
    print(f"relais CPU per request, 2 workers / 1 worker: {ratio:.2f}x (target: at most 1.10x)")


if __name__ == "__main__":
    main()
