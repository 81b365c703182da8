"""Schemathesis fuzzes every operation of the published OpenAPI document on a live server:
no input, however odd, may produce a server error."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import make_user, token_headers
from tests.helpers import device_at
from tests.live_server import live_server

MAX_EXAMPLES = "20"


async def test_no_generated_request_produces_a_server_error(
    database_url, client, auth, tmp_path: Path
) -> None:
    # Some data to find, so that generated lookups reach real rows too.
    await device_at(client, auth.technician, "available", serial_number="FUZZ-1")
    admin = await make_user("fuzzer", "admin")
    headers = await token_headers(admin)
    with live_server(database_url, tmp_path) as base_url:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "schemathesis.cli",
                "run",
                f"{base_url}/schema/openapi.json",
                "--checks",
                "not_a_server_error",
                "--max-examples",
                MAX_EXAMPLES,
                "--seed",
                "20261122",
                "--header",
                f"Authorization: {headers['Authorization']}",
                "--workers",
                "1",
                "--request-timeout",
                "20",
                "--phases",
                "examples,coverage,fuzzing",
                "--generation-with-security-parameters",
                "false",
                # Logging out would revoke the token the rest of the run needs.
                "--exclude-path",
                "/api/v1/auth/logout",
            ],
            capture_output=True,
            text=True,
            timeout=900,
            cwd=tmp_path,
        )
    report = result.stdout[-6000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
    assert "Authentication failed" not in result.stdout, report
    sent = re.search(r"(\d+) generated, \d+ passed", result.stdout)
    assert sent and int(sent.group(1)) >= 100, report  # the run really exercised the API
