"""`relais check` run as the operator runs it, against real parts: a migrated database, a real
SMTP server (aiosmtpd on loopback), a real HTTP SMS gateway, unreachable ports, wrong URLs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import asyncpg
import pytest
from aiosmtpd.controller import Controller

from tests.conftest import POSTGRES_ADMIN_URL, RUN_ID, _postgres_url
from tests.live_server import ROOT, free_port
from tests.loans.conftest import MailSink

STRONG_KEY = "k3y-for-the-check-tests-0123456789-abcdefghijkl"


def relais(workdir: Path, *arguments: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The command with only the given RELAIS_* settings (none inherited from the test run)."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("RELAIS_")}
    environment.update({"PYTHONPATH": str(ROOT), **env})
    return subprocess.run(
        [sys.executable, "-m", "inventory.cli", *arguments],
        cwd=workdir,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def lines_of(output: str) -> dict[str, list[str]]:
    """Each part's lines, by part name, as `ok ...` or `PROBLEM ...`."""
    parts: dict[str, list[str]] = {}
    for line in output.splitlines():
        status, _, rest = line.partition(" ")
        part, colon, text = rest.strip().partition(": ")
        if colon and status in {"ok", "PROBLEM"}:
            parts.setdefault(part, []).append(f"{status} {text}")
    return parts


@pytest.fixture
def smtp() -> Iterator[tuple[str, MailSink]]:
    sink = MailSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", sink
    finally:
        controller.stop()


@pytest.fixture
def sms_gateway() -> Iterator[tuple[str, list[dict]]]:
    """A real HTTP SMS gateway on loopback that takes JSON posts (and answers 405 to a GET)."""
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(202)
            self.end_headers()

        def do_GET(self) -> None:  # noqa: N802
            self.send_response(405)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sms", received
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def migrated_sqlite(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'relais.sqlite3'}"
    assert relais(tmp_path, "migrate", RELAIS_DATABASE_URL=url).returncode == 0
    return url


def test_a_sound_configuration_passes_every_part_and_sends_the_test_messages(
    tmp_path: Path, migrated_sqlite: str, smtp: tuple[str, MailSink], sms_gateway: tuple[str, list[dict]]
) -> None:
    smtp_url, sink = smtp
    gateway_url, texts = sms_gateway
    result = relais(
        tmp_path,
        "check",
        "--mail-to",
        "it@cpas.example",
        "--sms-to",
        "0470 12 34 56",
        RELAIS_DATABASE_URL=migrated_sqlite,
        RELAIS_SECRET_KEY=STRONG_KEY,
        RELAIS_SMTP_URL=smtp_url,
        RELAIS_MAIL_FROM="relais@cpas.example",
        RELAIS_SMS_GATEWAY_URL=gateway_url,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    parts = lines_of(result.stdout)
    assert set(parts) == {
        "secret key",
        "hosts and https",
        "timezone",
        "accessories",
        "database",
        "backup tools",
        "smtp",
        "sms",
    }
    assert all(line.startswith("ok ") for lines in parts.values() for line in lines), result.stdout
    assert "every migration applied" in parts["database"][0]
    assert [message.recipients for message in sink.received] == [["it@cpas.example"]]
    assert "relais check" in sink.received[0].body
    assert texts and texts[0]["to"] == "+32470123456"
    # Without --sms-to the gateway is only asked whether it answers: no SMS goes out.
    again = relais(
        tmp_path,
        "check",
        RELAIS_DATABASE_URL=migrated_sqlite,
        RELAIS_SECRET_KEY=STRONG_KEY,
        RELAIS_SMTP_URL=smtp_url,
        RELAIS_SMS_GATEWAY_URL=gateway_url,
    )
    assert again.returncode == 0, again.stdout
    assert len(texts) == 1 and len(sink.received) == 1
    assert "HTTP 405" in lines_of(again.stdout)["sms"][0]


def test_unreachable_mail_and_sms_ports_are_each_a_problem(tmp_path: Path, migrated_sqlite: str) -> None:
    result = relais(
        tmp_path,
        "check",
        RELAIS_DATABASE_URL=migrated_sqlite,
        RELAIS_SECRET_KEY=STRONG_KEY,
        RELAIS_SMTP_URL=f"smtp://127.0.0.1:{free_port()}",
        RELAIS_SMS_GATEWAY_URL=f"http://127.0.0.1:{free_port()}/sms",
    )
    assert result.returncode == 1
    parts = lines_of(result.stdout)
    assert parts["smtp"][0].startswith("PROBLEM ") and "RELAIS_SMTP_URL" in parts["smtp"][0]
    assert parts["sms"][0].startswith("PROBLEM ") and "RELAIS_SMS_GATEWAY_URL" in parts["sms"][0]
    assert parts["database"][0].startswith("ok ")
    assert result.stdout.rstrip().endswith("2 problems")


def test_a_wrong_database_url_is_a_problem_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "relais.sqlite3"
    result = relais(
        tmp_path, "check", RELAIS_DATABASE_URL=f"sqlite:///{missing}", RELAIS_SECRET_KEY=STRONG_KEY
    )
    assert result.returncode == 1
    assert lines_of(result.stdout)["database"][0].startswith("PROBLEM no database file")
    assert not missing.exists()
    wrong = relais(
        tmp_path,
        "check",
        RELAIS_DATABASE_URL=f"postgresql://relais:s3cret@127.0.0.1:{free_port()}/relais",
        RELAIS_SECRET_KEY=STRONG_KEY,
    )
    assert wrong.returncode == 1
    line = lines_of(wrong.stdout)["database"][0]
    assert line.startswith("PROBLEM cannot reach postgresql://relais:***@127.0.0.1")
    assert "s3cret" not in wrong.stdout + wrong.stderr


async def test_postgresql_unknown_unmigrated_then_migrated(tmp_path: Path) -> None:
    name = f"relais_check_{RUN_ID}"
    url = _postgres_url(name)
    unknown = relais(tmp_path, "check", RELAIS_DATABASE_URL=url, RELAIS_SECRET_KEY=STRONG_KEY)
    assert unknown.returncode == 1
    assert f'database "{name}" does not exist' in lines_of(unknown.stdout)["database"][0]
    admin = await asyncpg.connect(POSTGRES_ADMIN_URL)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        empty = relais(tmp_path, "check", RELAIS_DATABASE_URL=url, RELAIS_SECRET_KEY=STRONG_KEY)
        assert empty.returncode == 1
        assert "relais migrate" in lines_of(empty.stdout)["database"][0]
        assert relais(tmp_path, "migrate", RELAIS_DATABASE_URL=url).returncode == 0
        migrated = relais(tmp_path, "check", RELAIS_DATABASE_URL=url, RELAIS_SECRET_KEY=STRONG_KEY)
        parts = lines_of(migrated.stdout)
        assert parts["database"][0].startswith("ok PostgreSQL")
        assert parts["backup tools"][0].startswith("ok pg_dump")
        assert migrated.returncode == 0, migrated.stdout
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def test_weak_key_incoherent_https_and_unknown_timezone_are_each_named(
    tmp_path: Path, migrated_sqlite: str
) -> None:
    result = relais(
        tmp_path,
        "check",
        RELAIS_DATABASE_URL=migrated_sqlite,
        RELAIS_SECRET_KEY="changeme",
        RELAIS_HTTPS="1",
        RELAIS_TIMEZONE="Europe/Bruxelles",
    )
    assert result.returncode == 1
    parts = lines_of(result.stdout)
    assert parts["secret key"][0].startswith("PROBLEM RELAIS_SECRET_KEY is too weak")
    assert any("RELAIS_ALLOWED_HOSTS" in line for line in parts["hosts"])
    assert any("RELAIS_TRUSTED_PROXIES" in line for line in parts["https"])
    assert parts["timezone"][0].startswith("PROBLEM RELAIS_TIMEZONE='Europe/Bruxelles'")
    public_over_http = relais(
        tmp_path,
        "check",
        RELAIS_DATABASE_URL=migrated_sqlite,
        RELAIS_SECRET_KEY=STRONG_KEY,
        RELAIS_ALLOWED_HOSTS="relais.cpas.example",
        RELAIS_TRUSTED_PROXIES="0.0.0.0/0",
    )
    https_lines = lines_of(public_over_http.stdout)["https"]
    assert any("RELAIS_HTTPS is off" in line for line in https_lines)
    assert any("0.0.0.0/0" in line for line in https_lines)
    coherent = relais(
        tmp_path,
        "check",
        RELAIS_DATABASE_URL=migrated_sqlite,
        RELAIS_SECRET_KEY=STRONG_KEY,
        RELAIS_ALLOWED_HOSTS="relais.cpas.example",
        RELAIS_HTTPS="1",
        RELAIS_TRUSTED_PROXIES="10.0.0.1",
    )
    assert coherent.returncode == 0, coherent.stdout


def test_a_setting_that_cannot_be_read_is_a_problem(tmp_path: Path) -> None:
    result = relais(tmp_path, "check", RELAIS_REMINDER_SEND_HOUR="25")
    assert result.returncode == 1
    assert result.stdout.startswith("PROBLEM  configuration: RELAIS_REMINDER_SEND_HOUR")


def test_an_unknown_accessory_kind_is_named_with_the_known_ones(tmp_path) -> None:
    from inventory.check import check_accessory_kinds
    from inventory.settings import load_settings

    settings = load_settings(
        {"RELAIS_ACCESSORY_KINDS": "charger,teleporter", "RELAIS_SECRET_KEY": STRONG_KEY}
    )
    [finding] = check_accessory_kinds(settings)
    assert not finding.ok and "teleporter" in finding.text and "dongle_4g" in finding.text
