"""Schemathesis fuzzes every operation of the published OpenAPI document on a live server, as
each role, with every check and both positive and negative data: no input, however odd, may
produce a server error, and every answer must be one the document describes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_user, token_headers
from tests.helpers import device_at
from tests.live_server import ROOT, live_server

# Bounded so that the whole file (four roles, two databases) runs in about three minutes on
# two cores: the coordinator reaches every operation; the other roles are refused most of them
# (403), so fewer examples exercise their guards and scoping.
MAX_EXAMPLES = {"admin": "3", "technician": "1", "social_worker": "1", "school": "1"}
SEED = "20261122"
# `positive_data_acceptance` is replaced by the hook's `schema_valid_shape_is_accepted` (see
# tests/fuzz_hooks.py); `allow_header_conformance` checks Litestar's automatic OPTIONS answers,
# not the service.
EXCLUDED_CHECKS = "positive_data_acceptance,allow_header_conformance"


def schemathesis(
    base_url: str, authorization: str, workdir: Path, examples: str
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            f"{base_url}/schema/openapi.json",
            "--checks",
            "all",
            "--exclude-checks",
            EXCLUDED_CHECKS,
            "--mode",
            "all",
            "--max-examples",
            examples,
            "--seed",
            SEED,
            "--generation-deterministic",
            "--header",
            f"Authorization: {authorization}",
            "--workers",
            "2",
            "--request-timeout",
            "20",
            "--phases",
            "examples,fuzzing",
            "--generation-with-security-parameters",
            "false",
            # Logging out would revoke the token the rest of the run needs.
            "--exclude-path",
            "/api/v1/auth/logout",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=workdir,
        env={**os.environ, "SCHEMATHESIS_HOOKS": "tests.fuzz_hooks", "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.parametrize("role", ["technician", "social_worker", "admin", "school"])
async def test_no_generated_request_produces_a_server_error_or_an_undocumented_answer(
    database_url, client, auth, role, tmp_path: Path
) -> None:
    # Some data to find, so that generated lookups reach real rows too.
    await device_at(client, auth.technician, "available", serial_number="FUZZ-1")
    user = await make_user(f"fuzz-{role}".replace("_", "-"), role, school_id=1 if role == "school" else None)
    headers = await token_headers(user)
    with live_server(database_url, tmp_path) as base_url:
        result = schemathesis(base_url, headers["Authorization"], tmp_path, MAX_EXAMPLES[role])
    report = result.stdout[-8000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
    # Other roles are refused most operations (403); the admin only the log-in with a wrong password.
    refused = re.search(r"Authentication failed: (\d+) operation", result.stdout)
    if role == "admin":
        assert refused is None or int(refused.group(1)) <= 1, report
    sent = re.search(r"(\d+) generated", result.stdout)
    assert sent and int(sent.group(1)) >= 80, report  # the run really exercised the API
