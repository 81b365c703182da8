"""The first run in a real browser: `relais serve` on an empty database prints a one-time setup
address; opening it, the first coordinator chooses their account and lands signed in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.live_server import live_server

SETUP_LINE = re.compile(r"(http://127\.0\.0\.1:\d+/setup/[A-Za-z0-9_-]+)")
PASSPHRASE = "le bus part à neuf heures"


@pytest.fixture
def first_run(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A server started on a database that does not exist yet, as after `scripts/run.sh`."""
    database = tmp_path / "var" / "relais.sqlite3"
    with live_server(f"sqlite:///{database}", tmp_path) as url:
        yield url, next(tmp_path.glob("server-*.log"))


def test_the_run_command_alone_leads_to_a_signed_in_coordinator(
    browser: Browser, first_run: tuple[str, Path]
) -> None:
    url, log = first_run
    printed = SETUP_LINE.findall(log.read_text())
    assert len(printed) == 1, log.read_text()
    setup_url = printed[0]
    assert setup_url.startswith(url)
    context = browser.new_context(locale="fr-BE", extra_http_headers={"Accept-Language": "fr-BE,fr;q=0.9"})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("pageerror", lambda error: pytest.fail(f"JavaScript error: {error}"))
    page.goto(setup_url)
    expect(page.get_by_role("heading", name="Configurer Relais")).to_be_visible()
    page.get_by_label("Nom d'utilisateur").fill("coordination")
    page.get_by_label("Nom complet").fill("Nadia El Amrani")
    page.get_by_label("Langue").select_option("fr")
    page.get_by_label("Mot de passe", exact=False).first.fill(PASSPHRASE)
    page.get_by_label("Répétez le mot de passe").fill(PASSPHRASE)
    page.get_by_role("button", name="Créer le compte et se connecter").click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_text("coordination").first).to_be_visible()
    # The address worked once: now it is a 404, in the browser too.
    response = page.goto(setup_url)
    assert response is not None and response.status == 404
    # The coordinator logs in again with the password they chose.
    token = httpx.post(
        f"{url}/api/v1/auth/token", json={"username": "coordination", "password": PASSPHRASE}, timeout=30
    )
    assert token.status_code == 200, token.text
    context.close()
