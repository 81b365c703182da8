"""`relais serve` as a real process: demo mode, two workers with metrics and JSON logs, and a
graceful stop on SIGTERM (requests in flight answered, claimed reminders released)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller

from tests.live_server import ROOT, free_port, live_server
from tests.loans.conftest import MailSink

PASSWORD = "correct horse battery staple"
METRICS_TOKEN = "metrics-token-for-the-tests-0123456789"
# The machine may be loaded (hashing a password can take seconds): generous read timeouts.
http = httpx.Client(timeout=60)


def relais(workdir: Path, *arguments: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {name: value for name, value in os.environ.items() if not name.startswith("RELAIS_")}
    environment.update({"PYTHONPATH": str(ROOT), **env})
    return subprocess.run(
        [sys.executable, "-m", "inventory.cli", *arguments],
        cwd=workdir,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


def wait_for(condition, what: str, seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    """Poll until `condition()` holds (a deadline against hanging, not a timing assertion)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


# Demo mode ----------------------------------------------------------------------------------------


def test_demo_mode_serves_a_separate_demo_database_and_prints_who_can_log_in(tmp_path: Path) -> None:
    real = tmp_path / "real" / "relais.sqlite3"
    with live_server(f"sqlite:///{real}", tmp_path, "--demo", startup_seconds=180) as url:
        log = next(tmp_path.glob("server-*.log")).read_text()
        assert "Demo mode" in log
        password = re.search(r"all with the password (\S+):", log)
        assert password is not None, log
        for username in ("coordination", "amina", "sophie"):
            assert re.search(rf"^\S* ?.*\b{username}\b", log, re.MULTILINE)
        token = http.post(
            f"{url}/api/v1/auth/token", json={"username": "coordination", "password": password.group(1)}
        )
        assert token.status_code == 200, token.text
        headers = {"Authorization": f"Bearer {token.json()['token']}"}
        devices = http.get(f"{url}/api/v1/devices", params={"limit": 500}, headers=headers).json()
        assert len(devices["items"]) == 41
        assert "/setup/" not in log  # the demo has users: no first-run address
    # The real database was never opened, let alone filled.
    assert not real.exists()
    assert (tmp_path / "var" / "demo" / "relais-demo.sqlite3").exists()


# Two workers: metrics and JSON logs --------------------------------------------------------------


def _samples(text: str, name: str) -> dict[str, float]:
    """`labels -> value` of one metric in a Prometheus text exposition."""
    found = {}
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            key, _, value = line.rpartition(" ")
            found[key[len(name) :]] = float(value)
    return found


def test_two_workers_add_up_their_metrics_and_log_json_lines_without_personal_data(tmp_path: Path) -> None:
    database = tmp_path / "relais.sqlite3"
    url_of_database = f"sqlite:///{database}"
    folder = tmp_path / "metrics"
    relais(
        tmp_path,
        "create-user",
        "admin",
        "--role",
        "admin",
        RELAIS_DATABASE_URL=url_of_database,
        RELAIS_PASSWORD=PASSWORD,
    )
    with live_server(
        url_of_database,
        tmp_path,
        "--workers",
        "2",
        RELAIS_METRICS_TOKEN=METRICS_TOKEN,
        RELAIS_LOG_FORMAT="json",
        PROMETHEUS_MULTIPROC_DIR=str(folder),
    ) as url:
        token = http.post(f"{url}/api/v1/auth/token", json={"username": "admin", "password": PASSWORD})
        headers = {"Authorization": f"Bearer {token.json()['token']}"}
        # Scans (each on a new connection) until both workers have answered some.
        scans = 0

        def both_workers_counted() -> bool:
            nonlocal scans
            # A new connection each time: the kernel hands each to whichever worker accepts first.
            answer = http.get(f"{url}/api/v1/scan/RL-999999", headers={**headers, "Connection": "close"})
            assert answer.status_code == 404
            scans += 1
            return len({path.name for path in folder.glob("counter_*.db")}) >= 2

        wait_for(both_workers_counted, "both workers to answer", seconds=300)
        searched = http.get(f"{url}/api/v1/beneficiaries", params={"q": "Dupont-Lefebvre"}, headers=headers)
        assert searched.status_code == 200
        assert http.get(f"{url}/metrics").status_code == 401
        assert http.get(f"{url}/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        # Whichever worker answers the scrape, it adds up both workers' samples.
        for _ in range(4):
            scrape = http.get(f"{url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
            assert scrape.status_code == 200
            assert scrape.headers["content-type"].startswith("text/plain")
            requests = _samples(scrape.text, "relais_http_requests_total")
            scan_route = '{method="GET",route="/api/v1/scan/{code}",status="404"}'
            assert requests[scan_route] == scans, requests
            assert _samples(scrape.text, "relais_scans_total") == {'{outcome="not_found"}': scans}
            assert _samples(scrape.text, "relais_reminder_outbox_backlog") == {"": 0.0}
            assert "relais_http_request_duration_seconds_bucket" in scrape.text
            assert "RL-999999" not in scrape.text
    lines = [line for line in next(tmp_path.glob("server-*.log")).read_text().splitlines() if line.strip()]
    # Every line written, by the starting process and by both workers, is a JSON object.
    entries = [json.loads(line) for line in lines]
    assert entries and all(
        isinstance(entry, dict) and {"time", "level", "message"} <= set(entry) for entry in entries
    )
    request_lines = [entry for entry in entries if entry.get("logger") == "relais.request"]
    assert len(request_lines) >= scans + 6
    for entry in request_lines:
        assert {"request_id", "method", "route", "status", "duration_ms"} <= set(entry)
    scanned = [entry for entry in request_lines if entry["route"] == "/api/v1/scan/{code}"]
    assert len(scanned) == scans and all(
        entry["user_id"] == 1 and entry["status"] == 404 for entry in scanned
    )
    log_text = "\n".join(lines)
    assert "Dupont" not in log_text and "RL-999999" not in log_text


# Graceful shutdown --------------------------------------------------------------------------------


class HeldMail(MailSink):
    """An SMTP server that holds the first message's DATA until told to let it through."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.arrived.set()
        while not self.release.is_set():
            await asyncio.sleep(0.02)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def held_mail() -> Iterator[tuple[str, HeldMail]]:
    sink = HeldMail()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", sink
    finally:
        sink.release.set()
        controller.stop()


def test_sigterm_answers_the_request_in_flight_and_releases_the_claimed_reminders(
    tmp_path: Path, held_mail: tuple[str, HeldMail]
) -> None:
    smtp_url, sink = held_mail
    database = tmp_path / "relais.sqlite3"
    relais(tmp_path, "seed-demo", RELAIS_DATABASE_URL=f"sqlite:///{database}", RELAIS_PASSWORD=PASSWORD)
    with sqlite3.connect(database) as connection:
        # Every reminder due, every beneficiary reachable by e-mail: the sweep has mail to send.
        connection.execute("UPDATE beneficiary SET email = 'person' || id || '@example.org'")
        connection.execute(
            "UPDATE loan_reminder SET next_attempt_at = '2026-01-01 08:00:00+00:00' "
            "WHERE status = 'scheduled'"
        )
    port = free_port()
    log_path = tmp_path / "server.log"
    environment = {name: value for name, value in os.environ.items() if not name.startswith("RELAIS_")}
    environment.update(
        PYTHONPATH=str(ROOT),
        RELAIS_DATABASE_URL=f"sqlite:///{database}",
        RELAIS_SECRET_KEY="live-test-secret-for-shutdown",
        RELAIS_SMTP_URL=smtp_url,
        RELAIS_MAIL_FROM="relais@cpas.example",
        RELAIS_REMINDER_SWEEP_SECONDS="1",
    )
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "inventory.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=tmp_path,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        # The sweep is sending its first e-mail, held by the mail server.
        wait_for(sink.arrived.is_set, "the sweep's first e-mail", seconds=120)
        # A request in flight: its headers are in, half of its body too.
        body = json.dumps({"username": "coordination", "password": PASSWORD}).encode()
        client = socket.create_connection(("127.0.0.1", port))
        # First a whole request on this connection, so the server has accepted it...
        client.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        greeting = b""
        while b'"status"' not in greeting:
            greeting += client.recv(65536)
        # ...then the next request's headers and half of its body, before the signal.
        client.sendall(
            b"POST /api/v1/auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body[:10]
        )
        process.send_signal(signal.SIGTERM)
        wait_for(lambda: "Shutting down" in log_path.read_text(), "the server to start shutting down")
        client.sendall(body[10:])
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
            if b"\r\n\r\n" in answer and b'"token"' in answer:
                break
        client.close()
        assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
        # The sweep is still sending; once the scheduler is told to stop, the mail goes through.
        wait_for(lambda: "relais.scheduler: stopping: 1 job(s) running" in log_path.read_text(), "the stop")
        assert process.poll() is None
        sink.release.set()
        # uvicorn ends by re-raising the signal it handled, once everything is stopped (systemd
        # counts an exit by SIGTERM as clean).
        assert process.wait(timeout=120) in (0, -signal.SIGTERM)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    with sqlite3.connect(database) as connection:
        statuses = dict(
            connection.execute("SELECT status, COUNT(*) FROM loan_reminder GROUP BY status").fetchall()
        )
        held = connection.execute(
            "SELECT COUNT(*) FROM loan_reminder WHERE status = 'scheduled' AND claim_token IS NULL "
            "AND attempts = 0 AND next_attempt_at <= '2026-12-31'"
        ).fetchone()[0]
    assert "sending" not in statuses, statuses
    assert len(sink.received) == 1  # the e-mail in progress went out, and was recorded as sent
    assert statuses.get("sent", 0) >= 1
    assert held >= 1, statuses  # claimed but not sent: released for the next sweep, anywhere
