"""Benchmark: GET /api/v1/scan/{code} and one device action on 100,000 devices (SQLite),
under a bounded loopback load, against a bare Litestar floor in the same run.

    .venv/bin/python bench/scan.py [--devices 100000] [--clients 16] [--requests 400]

It seeds a fresh SQLite database through the real migrations, starts `relais serve` (one
worker) and the floor app (bench/scan_floor.py, one uvicorn worker, the same driver), warms
each up, then drives each with the same load generator (bench/loadgen.py) in this process.
Every figure comes from this one run on this machine. Beside throughput and latency it prints
each server's CPU time per request (user + system, all threads, from /proc): on a shared
machine that figure moves less than throughput, which other work on the cores takes away.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent.parent))
from bench.loadgen import LoadResult, run_load  # noqa: E402
from tests.live_server import free_port  # noqa: E402

ROOT = Path(__file__).parent.parent
PASSWORD = "benchmark password 123"


def seed(database: Path, count: int) -> None:
    """Bulk rows written with sqlite3 directly: seeding is not what is measured."""
    now = datetime.now(UTC).isoformat()
    connection = sqlite3.connect(database)
    connection.execute(
        "INSERT INTO site (code, name, kind, address, active, created_at) VALUES "
        "('a', 'Atelier', 'workshop', '', 1, ?), ('b', 'Bus', 'bus', '', 1, ?)",
        (now, now),
    )
    rows = (
        (
            f"RL-{n:06d}",
            "laptop",
            "Dell",
            "DELL",
            f"Latitude {n % 50}",
            f"SN{n:08d}",
            f"SN{n:08d}",
            "SPF Finances",
            f"INV-{n}",
            f"INV-{n}",
            "B1",
            1,
            "{}",
            "received",
            "donation",
            "",
            1,
            now,
            now,
        )
        for n in range(1, count + 1)
    )
    connection.executemany(
        "INSERT INTO device (asset_tag, category, make, make_key, model, serial_number, serial_key, "
        "donor, donor_ref, donor_ref_key, batch, site, specs, stage, funding, notes, version, "
        "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    connection.execute("UPDATE counter SET value = ? WHERE name = 'asset_tag'", (count,))
    connection.commit()
    connection.execute("ANALYZE")
    connection.close()


def start(command: list[str], env: dict[str, str], port: int, health: str, workdir: Path) -> subprocess.Popen:
    log = (workdir / f"server-{port}.log").open("w")
    process = subprocess.Popen(command, env=env, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}{health}", timeout=1).status_code < 500:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{command} did not start; its output is in {log.name}")


def codes(count: int, seed_value: int) -> list[str]:
    """Scans as a workshop makes them: asset tags mostly, serials and donor references too."""
    rng = random.Random(seed_value)
    result = []
    for _ in range(20_000):
        n = rng.randint(1, count)
        kind = rng.random()
        result.append(f"RL-{n:06d}" if kind < 0.6 else f"sn{n:08d}" if kind < 0.85 else f"INV-{n}")
    return result


def cpu_seconds(pid: int) -> float:
    """User and system time of a process and all its threads so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Measured:
    load: LoadResult
    cpu_us_per_request: float


def measure(
    server: subprocess.Popen,
    port: int,
    prefix: str,
    scan_codes: list[str],
    headers: dict[str, str],
    clients: int,
    requests: int,
) -> Measured:
    def scan_request(client: int, index: int) -> tuple[str, str, bytes]:
        return "GET", f"{prefix}/{scan_codes[(client * requests + index) % len(scan_codes)]}", b""

    asyncio.run(
        run_load(port, scan_request, clients=clients, requests_per_client=50, headers=headers)
    )  # warm-up
    before = cpu_seconds(server.pid)
    load = asyncio.run(
        run_load(port, scan_request, clients=clients, requests_per_client=requests, headers=headers)
    )
    return Measured(load, (cpu_seconds(server.pid) - before) / load.requests * 1e6)


def measure_action(port: int, headers: dict[str, str], clients: int, requests: int) -> LoadResult:
    """Each client moves its own device between two sites: transfer, then receive_transfer."""

    def action_request(client: int, index: int) -> tuple[str, str, bytes]:
        tag = f"RL-{client + 1:06d}"
        if index % 2:
            return "POST", f"/api/v1/devices/{tag}/actions/receive_transfer", b"{}"
        site = "b" if index % 4 == 0 else "a"
        return "POST", f"/api/v1/devices/{tag}/actions/transfer", json.dumps({"site": site}).encode()

    return asyncio.run(
        run_load(port, action_request, clients=clients, requests_per_client=requests, headers=headers)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=400, help="per client")
    arguments = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="relais-bench-"))
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
    started = time.perf_counter()
    seed(database, arguments.devices)
    print(f"seeded {arguments.devices:,} devices in {time.perf_counter() - started:.1f} s")
    subprocess.run(
        [python, "-m", "inventory.cli", "create-user", "bench", "--role", "admin"],
        env=env,
        cwd=workdir,
        check=True,
        capture_output=True,
    )

    relais_port, floor_port, shared_port = free_port(), free_port(), free_port()
    relais = start(
        [python, "-m", "inventory.cli", "serve", "--port", str(relais_port)],
        env,
        relais_port,
        "/health",
        workdir,
    )
    floor_env = {**env, "SCAN_FLOOR_DB": str(database)}
    uvicorn = [
        python,
        "-m",
        "uvicorn",
        "bench.scan_floor:app",
        "--no-access-log",
        "--log-level",
        "warning",
        "--host",
        "127.0.0.1",
    ]
    floor = start(
        [*uvicorn, "--port", str(floor_port)],
        {**floor_env, "SCAN_FLOOR_MODE": "per-request"},
        floor_port,
        "/scan/x",
        workdir,
    )
    shared = start(
        [*uvicorn, "--port", str(shared_port)],
        {**floor_env, "SCAN_FLOOR_MODE": "shared"},
        shared_port,
        "/scan/x",
        workdir,
    )
    try:
        token = httpx.post(
            f"http://127.0.0.1:{relais_port}/api/v1/auth/token",
            json={"username": "bench", "password": PASSWORD},
        ).json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        scan_codes = codes(arguments.devices, 42)
        c, r = arguments.clients, arguments.requests
        floor_measured = measure(floor, floor_port, "/scan", scan_codes, {}, c, r)
        shared_measured = measure(shared, shared_port, "/scan", scan_codes, {}, c, r)
        relais_measured = measure(relais, relais_port, "/api/v1/scan", scan_codes, auth, c, r)
        action_result = measure_action(relais_port, auth, c, r // 4)
    finally:
        for process in (relais, floor, shared):
            process.terminate()
            process.wait(timeout=10)

    from importlib.metadata import version

    print(
        f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Litestar {version('litestar')}, Piccolo {version('piccolo')}, SQLite {sqlite3.sqlite_version}"
    )
    print(
        f"load: {arguments.clients} concurrent keep-alive clients on loopback, one uvicorn worker "
        f"per server, {arguments.devices:,} devices, random codes "
        "(60% tags, 25% serials in lower case, 15% donor refs)"
    )
    floor_result, shared_result, relais_result = (
        floor_measured.load,
        shared_measured.load,
        relais_measured.load,
    )
    print(f"floor, connection per request : {floor_result.summary()}")
    print(f"floor, one shared connection  : {shared_result.summary()}")
    print(f"relais GET /api/v1/scan/{{code}}: {relais_result.summary()}")
    print(f"relais device action          : {action_result.summary()}")
    for name, measured in (
        ("floor, connection per request", floor_measured),
        ("floor, one shared connection", shared_measured),
        ("relais scan", relais_measured),
    ):
        print(f"server CPU per request, {name}: {measured.cpu_us_per_request:.0f} us")
    per_request = relais_result.throughput / floor_result.throughput
    shared = relais_result.throughput / shared_result.throughput
    cpu_ratio = shared_measured.cpu_us_per_request / relais_measured.cpu_us_per_request
    print(f"\nscan throughput vs floor (connection per request): {per_request:.0%}")
    print(f"scan throughput vs floor (one shared connection) : {shared:.0%} (target >= 60%)")
    print(f"scan CPU cost vs floor (one shared connection)   : {cpu_ratio:.0%} (floor CPU / relais CPU)")
    print(f"scan p99: {relais_result.percentile(99):.1f} ms (target < 25 ms)")
    print(f"action p99: {action_result.percentile(99):.1f} ms")
    shutil.rmtree(workdir, ignore_errors=True)  # kept only when a run fails, for its logs


if __name__ == "__main__":
    main()
