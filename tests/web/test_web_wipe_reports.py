"""The wipe form takes nwipe's report: what it says is shown first, recorded only on confirmation."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from inventory import db
from tests.helpers import intake
from tests.web.browsing import Server, log_in
from tests.web.test_web_http import signed_in

LOGS = Path(__file__).parents[1] / "devices" / "nwipe_logs"


async def recorded() -> tuple[int, int]:
    rows = await db.fetch(
        "SELECT (SELECT COUNT(*) FROM wipe_record) AS wipes, (SELECT COUNT(*) FROM wipe_report) AS reports"
    )
    return rows[0]["wipes"], rows[0]["reports"]


async def test_a_report_is_previewed_then_recorded_on_confirmation(client, auth) -> None:
    tag = (await intake(client, auth.technician))["asset_tag"]
    token = await signed_in(client, auth.technician)
    content = (LOGS / "dodshort_verify_last.log").read_bytes()

    form = await client.get(f"/devices/{tag}/actions/wipe")
    assert f'action="/devices/{tag}/wipe-report/preview"' in form.text
    preview = await client.post(
        f"/devices/{tag}/wipe-report/preview",
        data={"_csrf_token": token},
        files={"file": ("station-usb/dodshort.log", content, "text/plain")},
    )
    assert preview.status_code == 200, preview.text
    assert "DoD Short" in preview.text and "Réécriture, 3 passes" in preview.text
    assert hashlib.sha256(content).hexdigest() in preview.text
    assert "data-confirm=" in preview.text
    assert await recorded() == (0, 0)  # a preview writes nothing

    carried = re.search(r'name="report" value="([^"]+)"', preview.text).group(1)
    sha256 = hashlib.sha256(content).hexdigest()
    confirmed = await client.post(
        f"/devices/{tag}/wipe-report",
        data={"_csrf_token": token, "report": carried, "sha256": sha256, "filename": "dodshort.log"},
    )
    assert confirmed.status_code == 303
    assert await recorded() == (1, 1)
    device = await client.get(confirmed.headers["location"])
    assert "RL-WC-000001" in device.text


async def test_a_bad_report_shows_the_form_again_saying_why(client, auth) -> None:
    tag = (await intake(client, auth.technician))["asset_tag"]
    token = await signed_in(client, auth.technician)
    refused = await client.post(
        f"/devices/{tag}/wipe-report/preview",
        data={"_csrf_token": token},
        files={"file": ("notes.txt", b"hello, this is not a log\n", "text/plain")},
    )
    assert refused.status_code == 400
    assert "pas un journal de nwipe" in refused.text
    tampered = await client.post(
        f"/devices/{tag}/wipe-report",
        data={"_csrf_token": token, "report": "aGVsbG8=", "sha256": "0" * 64, "filename": "x.log"},
    )
    assert tampered.status_code == 400
    assert await recorded() == (0, 0)


async def test_a_report_over_the_limit_comes_back_to_the_form_with_the_limit(client, auth) -> None:
    tag = (await intake(client, auth.technician))["asset_tag"]
    token = await signed_in(client, auth.technician)
    refused = await client.post(
        f"/devices/{tag}/wipe-report/preview",
        data={"_csrf_token": token},
        files={"file": ("big.log", b"x" * (21 * 1024 * 1024), "text/plain")},
    )
    assert refused.status_code == 303
    form = await client.get(refused.headers["location"])
    assert "20 Mo" in form.text or "20 MB" in form.text
    assert await recorded() == (0, 0)


@pytest.mark.browser
def test_technician_drops_nwipes_log_sees_what_it_says_and_records_it(page: Page, server: Server) -> None:
    response = server.api(
        "POST", "/api/v1/devices", "tech", json={"category": "laptop", "make": "HP", "model": "EliteBook 840"}
    )
    tag = response.json()["asset_tag"]
    log_in(page, "tech")
    page.goto(f"/devices/{tag}/actions/wipe")
    page.locator("#f-wipe-report").set_input_files(str(LOGS / "three_drives_dodshort.log"))
    page.get_by_role("button", name="Lire le rapport").click()
    expect(page.locator("[data-wipe-result]")).to_have_text("Réussi")
    expect(page.locator("[data-drive]")).to_have_count(3)
    page.get_by_role("button", name="Enregistrer cet effacement").click()
    page.locator("dialog[data-confirm-dialog]").get_by_role("button", name="Confirmer").click()
    expect(page).to_have_url(re.compile(rf"/devices/{tag}\?done=wipe$"))
    expect(page.get_by_text("RL-WC-", exact=False).first).to_be_visible()
