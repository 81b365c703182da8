"""Hostile requests against the whole service: forged Host headers, forged log lines, and
personal data left in caches (issue 13, findings 7, 8 and 9)."""

from __future__ import annotations

import asyncio
import re
import socket
import subprocess
import sys
from pathlib import Path

from litestar.routes import HTTPRoute

from inventory.app import create_app
from tests.conftest import TEST_HOST, settings_for
from tests.live_server import ROOT, live_server
from tests.loans.loan_steps import lend

# Host


def raw_request(base_url: str, path: str, host_lines: list[str]) -> tuple[int, str]:
    """One request written byte for byte (an HTTP client would normalise the Host header)."""
    address = base_url.removeprefix("http://")
    host, port = address.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        head = f"GET {path} HTTP/1.1\r\n" + "".join(f"Host: {line}\r\n" for line in host_lines)
        connection.sendall((head + "Connection: close\r\n\r\n").encode("latin-1"))
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    status_line, _, rest = answer.decode("latin-1").partition("\r\n")
    return int(status_line.split()[1]), rest


def test_host_headers_are_parsed_strictly() -> None:
    from inventory.http.security import host_allowed, parse_host

    allowed = frozenset({"localhost", "127.0.0.1", "[::1]", "*.relais.example"})
    for good, name in (
        ("localhost:8000", "localhost"),
        ("LOCALHOST.", "localhost"),
        ("127.0.0.1:65535", "127.0.0.1"),
        ("[::1]:1", "[::1]"),
        ("[0:0::1]", "[::1]"),
        ("desk.relais.example:443", "desk.relais.example"),
    ):
        assert parse_host(good) == name, good
        assert host_allowed(good, allowed), good
    for bad in (
        "127.0.0.1:8301@evil.com",
        "user@localhost",
        "[::1]evil.com",
        "[::1]:80evil",
        "[::1",
        "::1",
        "[fe80::1%eth0]",
        "127.0.0.1:70000",
        "127.0.0.1:0",
        "127.0.0.1:",
        "127.0.0.1:+80",
        "127.0.0.1:80:80",
        "127.0.0.256",
        "localhost/evil",
        "local_host",
        "-localhost",
        " localhost",
        "localhost\tx",
        "a" * 64 + ".example",
        "",
    ):
        assert parse_host(bad) is None, bad
        assert not host_allowed(bad, frozenset({"*"})), bad


async def test_a_real_server_refuses_forged_and_doubled_host_headers(database_url, tmp_path) -> None:
    with live_server(database_url, tmp_path) as url:
        port = url.rsplit(":", 1)[1]

        def status(*hosts: str) -> int:
            return raw_request(url, "/health", list(hosts))[0]

        answers = await asyncio.to_thread(
            lambda: {
                "plain": status(f"127.0.0.1:{port}"),
                "userinfo": status("127.0.0.1:8301@evil.com"),
                "after bracket": status("[::1]evil.com"),
                "port 70000": status("127.0.0.1:70000"),
                "two, good last": status("evil.com", f"127.0.0.1:{port}"),
                "two, good first": status(f"127.0.0.1:{port}", "evil.com"),
                "two, both good": status("127.0.0.1", "localhost"),
                "none": status(),
            }
        )
    assert answers == {
        "plain": 200,
        "userinfo": 400,
        "after bracket": 400,
        "port 70000": 400,
        "two, good last": 400,
        "two, good first": 400,
        "two, both good": 400,
        "none": 400,
    }


# Logs

FORGED = re.compile(r"^WARNING forged", re.MULTILINE)


async def test_a_request_cannot_forge_a_line_in_the_server_log(database_url, tmp_path) -> None:
    """The server's own log, as the operator reads it: whatever the request makes the service
    log, a line break in the path never starts a line of its own."""
    with live_server(database_url, tmp_path) as url:
        paths = [
            "/static/x%00%0AWARNING%20forged",
            "/x%0D%0AWARNING%20forged",
            "/api/v1/x%0AWARNING%20forged",
        ]
        for path in paths:
            await asyncio.to_thread(raw_request, url, path, [url.removeprefix("http://")])
        await asyncio.sleep(0.5)  # the log is written by a queue listener thread
    log = "".join(path.read_text() for path in tmp_path.glob("server-*.log"))
    assert not FORGED.search(log), log
    assert "\x00" not in log


LOGGING_SCRIPT = r"""
import logging
from inventory.app import create_app
from inventory.settings import Settings

create_app(Settings(database_url="sqlite:///unused.sqlite3", secret_key="x"))  # the server's logging
log = logging.getLogger("relais")
log.error("unhandled error on %s %s", "GET", "/static/x\x00\nWARNING forged by an argument")
log.warning("a message itself\r\nWARNING forged by the message")
log.warning("an object %s, a representation %r", ValueError("x\nWARNING forged by str"), "y\nz")
log.warning("a number %d and %.1f stay numbers", 7, 2.5)
try:
    raise ValueError("bad value\nWARNING forged by an exception\u2028WARNING forged by a separator")
except ValueError:
    log.exception("unhandled error on %s", "\x1b[31mred")
"""


def test_every_value_in_a_log_line_is_escaped(tmp_path: Path) -> None:
    """Log output captured from a process configured as the server is: the message, text
    arguments, objects and exception messages are escaped; tracebacks keep their lines."""
    completed = subprocess.run(
        [sys.executable, "-c", LOGGING_SCRIPT],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert not FORGED.search(output), output
    lines = output.splitlines()
    assert not any(character in output for character in "\x00\r\x1b\u2028"), output
    assert any(
        line.endswith(r"unhandled error on GET /static/x\x00\nWARNING forged by an argument")
        for line in lines
    )
    assert any(line.endswith(r"a message itself\r\nWARNING forged by the message") for line in lines)
    assert any(
        line.endswith(r"an object x\nWARNING forged by str, a representation 'y\\nz'") for line in lines
    )
    assert any(line.endswith("a number 7 and 2.5 stay numbers") for line in lines)
    assert any(line.endswith(r"unhandled error on \x1b[31mred") for line in lines)
    assert "Traceback (most recent call last):" in lines
    assert (
        r"ValueError: bad value\nWARNING forged by an exception\u2028WARNING forged by a separator" in lines
    )


# Caching


def concrete_path(path: str) -> str:
    """A route's path with each parameter filled in with a value of its type."""
    samples = {"int": "1", "str": "x", "path": "/x", "date": "2026-01-01", "uuid": "0" * 32}
    return re.sub(r"\{[^}:]+:([^}]+)\}", lambda match: samples.get(match.group(1), "x"), path)


async def test_every_route_tells_caches_not_to_store_its_answer(client, auth) -> None:
    """Every route of the app, each method, as a signed-in coordinator on the API and on the web
    UI: each answer (success or refusal) says `no-store`, except static assets."""
    app = create_app(settings_for("sqlite:///unused"), manage_engine=False)
    client.cookies.set(
        "relais_session", auth.admin["Authorization"].removeprefix("Bearer "), domain=TEST_HOST
    )
    checked = 0
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for method in sorted(route.methods - {"OPTIONS"}):
            path = concrete_path(route.path)
            response = await client.request(method, path, headers=auth.admin)
            cache_control = response.headers.get("cache-control", "")
            if route.path.startswith("/static"):  # an asset is cached (below); a missing one is not
                assert response.status_code == 404 and cache_control == "no-store", path
            else:
                assert cache_control == "no-store", (method, path, response.status_code)
            checked += 1
    assert checked > 150


async def test_personal_data_is_never_stored_by_a_cache(client, auth) -> None:
    """The pages, documents and files that name a beneficiary, each answered 200, say `no-store`;
    static assets (their URLs carry a content hash) stay cacheable."""
    social = auth.social_worker
    loan = await lend(client, social, auth.technician)
    beneficiary = loan["beneficiary_id"]
    client.cookies.set("relais_session", social["Authorization"].removeprefix("Bearer "), domain=TEST_HOST)
    for path in (
        f"/beneficiaries/{beneficiary}",
        "/beneficiaries",
        f"/loans/{loan['id']}",
        f"/loans/{loan['id']}/agreement.pdf",
        f"/beneficiaries/{beneficiary}/card.pdf",
        "/exports/beneficiaries.csv",
        f"/api/v1/beneficiaries/{beneficiary}",
        f"/api/v1/loans/{loan['id']}",
        f"/api/v1/loans/{loan['id']}/agreement.pdf",
        f"/api/v1/beneficiaries/{beneficiary}/card.pdf",
        "/api/v1/exports/beneficiaries.csv",
    ):
        headers = social if path.startswith("/api/") else {}
        response = await client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.status_code)
        assert response.headers["cache-control"] == "no-store", path
    page = (await client.get("/beneficiaries")).text
    static = await client.get(re.search(r'/static/[^"?]+\.css', page).group(0))
    assert static.status_code == 200
    assert "max-age" in static.headers["cache-control"]
