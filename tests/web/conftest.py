"""Browser test fixtures: a real `relais serve` on a fresh SQLite database per test module,
users made through the API, and headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.live_server import ROOT, live_server
from tests.web.browsing import CHROMIUM, CHROMIUM_ARGS, PASSWORD, USERS, Server, token


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A fresh, migrated database and a server on it, for the tests of one module."""
    workdir = tmp_path_factory.mktemp("web")
    database = workdir / "relais.sqlite3"
    database_url = f"sqlite:///{database}"
    environment = {
        **os.environ,
        "RELAIS_DATABASE_URL": database_url,
        "RELAIS_SECRET_KEY": "live-test-secret",
        "RELAIS_PASSWORD": PASSWORD,
        # The code under test, wherever this checkout is, whatever is installed.
        "PYTHONPATH": str(ROOT),
    }
    # The first coordinator comes from the command line, as in a real installation.
    subprocess.run(
        [sys.executable, "-m", "inventory.cli", "create-user", "admin", "--role", "admin"],
        cwd=workdir,
        env=environment,
        check=True,
        capture_output=True,
    )
    with live_server(database_url, workdir, RELAIS_ORG_NAME="CPAS de Relais") as url:
        running = Server(url=url, tokens={"admin": token(url, "admin")}, database=database)
        for username, role in USERS.items():
            running.create_user(username, role)
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser: Browser, server: Server) -> Iterator[BrowserContext]:
    """A fresh browser profile (no cookies) that speaks French, the default."""
    browser_context = browser.new_context(
        base_url=server.url, locale="fr-BE", extra_http_headers={"Accept-Language": "fr-BE,fr;q=0.9"}
    )
    browser_context.set_default_timeout(10_000)
    yield browser_context
    browser_context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    new_page = context.new_page()
    new_page.on("pageerror", lambda error: pytest.fail(f"JavaScript error: {error}"))
    return new_page


@pytest.fixture(scope="module")
def voucher(server: Server) -> dict:
    """A school with a user, a programme and a voucher for three laptops."""
    school = server.api(
        "POST", "/api/v1/schools", json={"name": "École du Centre", "fase_number": "4321"}
    ).json()
    server.create_user("ecole", "school", school_id=school["id"])
    programme = server.api(
        "POST", "/api/v1/programmes", json={"name": "Plan de relance", "funder": "Ville"}
    ).json()
    body = {
        "programme_id": programme["id"],
        "school_id": school["id"],
        "quantity": 3,
        "category": "laptop",
        "expires_on": (date.today() + timedelta(days=90)).isoformat(),
    }
    issued = server.api("POST", "/api/v1/vouchers", json=body)
    assert issued.status_code == 201, issued.text
    return issued.json()
