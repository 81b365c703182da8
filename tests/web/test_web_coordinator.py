"""The coordinator's dashboard in a real browser: devices by stage, site and month drawn as SVG
on the server with the seeded numbers, the overdue loans, the vouchers by programme, and a CSV
export downloaded with a click."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from playwright.sync_api import Page, expect

from tests.web.browsing import Server, available_device, log_in

pytestmark = pytest.mark.browser

BRUSSELS = ZoneInfo("Europe/Brussels")
DAYS_LATE = 10


def intake(server: Server, site: str, serial: str) -> str:
    body = {"category": "laptop", "make": "HP", "model": "ProBook 450", "site": site, "serial_number": serial}
    response = server.api("POST", "/api/v1/devices", "tech", json=body)
    assert response.status_code == 201, response.text
    return response.json()["asset_tag"]


def lend(server: Server, tag: str, name: str) -> dict:
    person = server.api(
        "POST",
        "/api/v1/beneficiaries",
        "sophie",
        json={"full_name": name, "language": "fr", "consent_recorded_on": date.today().isoformat()},
    )
    assert person.status_code == 201, person.text
    due = (date.today() + timedelta(weeks=8)).isoformat()
    loan = server.api(
        "POST",
        "/api/v1/loans",
        "sophie",
        json={"asset_tag": tag, "beneficiary_id": person.json()["id"], "due_on": due},
    )
    assert loan.status_code == 201, loan.text
    return loan.json()


def make_overdue(server: Server, loan: dict, days: int) -> None:
    """No endpoint lends into the past: the loan's dates are moved back in its database."""
    due = datetime.now(BRUSSELS).date() - timedelta(days=days)
    starts = (due - timedelta(weeks=8)).isoformat()
    due = due.isoformat()
    with sqlite3.connect(server.database) as database:
        database.execute("UPDATE loan SET starts_on = ?, due_on = ? WHERE id = ?", (starts, due, loan["id"]))
        database.execute("UPDATE device SET loan_due_on = ? WHERE asset_tag = ?", (due, loan["asset_tag"]))


def issue(server: Server, programme: int, school: int, quantity: int) -> str:
    body = {
        "programme_id": programme,
        "school_id": school,
        "quantity": quantity,
        "expires_on": (date.today() + timedelta(days=200)).isoformat(),
    }
    voucher = server.api("POST", "/api/v1/vouchers", json=body)
    assert voucher.status_code == 201, voucher.text
    return voucher.json()["code"]


@pytest.fixture(scope="module")
def seeded(server: Server) -> dict:
    """Three devices in the workshop at the Atelier, four labelled at the Antenne Nord of which
    two are lent (one overdue), and vouchers of two programmes."""
    for code, name, kind in (("atelier", "Atelier", "workshop"), ("antenne-nord", "Antenne Nord", "antenna")):
        assert server.api("POST", "/api/v1/sites", json={"code": code, "name": name, "kind": kind}).is_success
    intake(server, "atelier", "DASH-R1")
    intake(server, "atelier", "DASH-R2")
    wiped = intake(server, "atelier", "DASH-W1")
    wipe = {"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37"}
    assert server.api("POST", f"/api/v1/devices/{wiped}/actions/wipe", "tech", json=wipe).is_success
    shelf = [available_device(server, site="antenne-nord", serial_number=f"DASH-A{n}") for n in range(4)]
    lend(server, shelf[0], "Amina Benali")
    late = lend(server, shelf[1], "Jan <b>Peeters</b>")
    make_overdue(server, late, DAYS_LATE)

    schools = [
        server.api("POST", "/api/v1/schools", json={"name": name, "fase_number": fase}).json()["id"]
        for name, fase in (("École du Parc", "5101"), ("Athénée Nord", "5102"))
    ]
    relance = server.api("POST", "/api/v1/programmes", json={"name": "Plan de relance"}).json()["id"]
    numerique = server.api("POST", "/api/v1/programmes", json={"name": "Écoles numériques"}).json()["id"]
    code = issue(server, relance, schools[0], 3)
    issue(server, relance, schools[1], 2)
    issue(server, numerique, schools[1], 5)
    asked = server.api("POST", f"/api/v1/vouchers/{code}/redemptions", json={"quantity": 2})
    assert asked.status_code == 201, asked.text
    return {"late": late}


def bar_values(page: Page, chart: str) -> dict[str, str]:
    """The label and number of each bar of a server-drawn bar chart."""
    svg = page.locator(f'svg[aria-labelledby^="{chart}-title"]')
    expect(svg).to_be_visible()
    return svg.evaluate(
        "svg => Object.fromEntries([...svg.querySelectorAll('g')].map(bar =>"
        " [bar.querySelector('.chart__label').textContent, bar.querySelector('.chart__value').textContent]))"
    )


def test_the_coordinator_sees_the_dashboard_and_downloads_an_export(
    page: Page, server: Server, seeded: dict
) -> None:
    log_in(page, "admin")
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    kpis = page.locator(".kpi")
    expect(kpis.filter(has_text="appareils enregistrés").locator(".kpi__value")).to_have_text("7")
    expect(kpis.filter(has_text="prêts en retard").locator(".kpi__value")).to_have_text("1")

    # Counts by stage and by site, as SVG bars drawn on the server.
    assert bar_values(page, "by-stage") == {"Reçu": "2", "Effacé": "1", "Disponible": "2", "En prêt": "2"}
    assert bar_values(page, "by-site") == {"Antenne Nord": "4", "Atelier": "3"}
    expect(page.locator('svg[aria-labelledby^="by-stage-title"] title').first).to_have_text(
        "Reçu\u202f: 2"
    )  # French sets the colon apart

    # This month's activity: columns in the chart, and the same figures in its table.
    month = format_date(datetime.now(BRUSSELS).date(), format="MMM yy", locale="fr")
    columns = page.locator('svg[aria-labelledby^="by-month-title"]')
    expect(columns).to_be_visible()
    titles = columns.locator("rect title").evaluate_all("titles => titles.map(t => t.textContent)")
    assert sorted(titles) == sorted(
        f"{month} · {series}\u202f: {count}"  # French sets the colon apart
        for series, count in (("Reçu", 7), ("Effacé", 5), ("Reconditionné", 4), ("Prêtés", 2))
    )
    page.get_by_text("Afficher sous forme de tableau").click()
    this_month = page.locator(".chart-table tbody tr").last
    expect(this_month.locator("th")).to_have_text(month)
    expect(this_month.locator("td")).to_have_text(["7", "5", "4", "2", "0"])

    # The overdue loan, with who holds the device (the coordinator may know) escaped.
    overdue = page.locator("#overdue-loans tbody tr")
    expect(overdue).to_have_count(1)
    expect(overdue).to_contain_text("Jan <b>Peeters</b>")
    expect(overdue).to_contain_text(seeded["late"]["asset_tag"])
    expect(overdue.locator("td.num")).to_have_text(str(DAYS_LATE))
    expect(page.locator("#overdue-loans b")).to_have_count(0)

    vouchers = page.get_by_role("region", name="Chèques par programme").locator("tbody tr")
    expect(vouchers).to_have_count(2)
    expect(vouchers.nth(0).locator("th, td")).to_have_text(["Plan de relance", "2", "5", "2", "3"])
    expect(vouchers.nth(1).locator("th, td")).to_have_text(["Écoles numériques", "1", "5", "0", "5"])

    # Every export is offered; a click downloads the devices, ready for Belgian Excel.
    exports = page.get_by_role("region", name="Exports CSV")
    expect(exports.locator(".exports__link")).to_have_count(13)
    with page.expect_download() as started:
        exports.get_by_role("link", name="Appareils", exact=True).click()
    download = started.value
    assert re.fullmatch(r"devices-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 7
    assert sorted(row["stage"] for row in rows) == sorted(
        ["received", "received", "wiped", "available", "available", "on_loan", "on_loan"]
    )
    with page.expect_download() as started:
        exports.get_by_role("link", name="Prêts, séparé par des virgules").click()
    loans = list(csv.DictReader(io.StringIO(Path(started.value.path()).read_text("utf-8-sig"))))
    assert sorted(row["beneficiary_name"] for row in loans) == ["Amina Benali", "Jan <b>Peeters</b>"]
    expect(page).to_have_url(re.compile(r"/dashboard$"))  # downloading left the page as it was
