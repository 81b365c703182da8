"""A real `relais serve` process on a free loopback port, for tests that speak real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def live_server(
    database_url: str, workdir: Path, *arguments: str, startup_seconds: float = 60, **env: str
) -> Iterator[str]:
    """Serve Relais on this database until the block ends; yields the base URL. `arguments`
    go to `relais serve` (e.g. "--workers", "2")."""
    port = free_port()
    environment = {
        **os.environ,
        "RELAIS_DATABASE_URL": database_url,
        "RELAIS_SECRET_KEY": "live-test-secret",
        "RELAIS_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # The code under test, wherever this checkout is, whatever is installed.
        "PYTHONPATH": str(ROOT),
        **env,
    }
    log = (workdir / f"server-{port}.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "inventory.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *arguments,
        ],
        cwd=workdir,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_seconds
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"relais serve exited: {(workdir / log.name).read_text()[-2000:]}")
            try:
                if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"relais serve did not become healthy within {startup_seconds} s")
            time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
