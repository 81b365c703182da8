"""Regenerate docs/screenshots/: a demo database, a live server, headless Chromium.

Usage: .venv/bin/python scripts/screenshots.py [--only NAME ...]

The demo data is made the way users make it: the first coordinator with `relais create-user`,
everything else through the HTTP API and the web pages themselves. Nothing is mocked; the
pictures show what a fresh installation shows after a morning of work.
"""

from __future__ import annotations

import argparse
import math
import os
import secrets
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live_server import live_server  # noqa: E402

OUTPUT = ROOT / "docs" / "screenshots"
PASSWORD = "demo passphrase for screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}

SITES = [
    ("atelier", "Atelier de reconditionnement", "workshop"),
    ("antenne-nord", "Antenne sociale Nord", "antenna"),
    ("epn-centre", "Espace public numérique Centre", "digital_space"),
    ("bus", "Bus numérique", "bus"),
]
# (category, make, model, serial, donor, site, stage to reach)
DEVICES = [
    ("laptop", "Lenovo", "ThinkPad T480", "PF-1A2B3C", "SPF Finances", "atelier", "available"),
    ("laptop", "Lenovo", "ThinkPad T480", "PF-1A2B3D", "SPF Finances", "atelier", "available"),
    ("laptop", "Dell", "Latitude 5490", "7XK2Q53", "SPF Finances", "antenne-nord", "available"),
    ("laptop", "HP", "EliteBook 840 G5", "5CG8421ZX1", "Région bruxelloise", "epn-centre", "available"),
    ("laptop", "HP", "EliteBook 840 G5", "5CG8421ZX2", "Région bruxelloise", "bus", "available"),
    ("tablet", "Samsung", "Galaxy Tab A8", "R9TT30AB12C", "Proximus", "antenne-nord", "available"),
    ("laptop", "Lenovo", "ThinkPad L480", "PF-0Z9Y8X", "SPF Finances", "atelier", "refurbished"),
    ("laptop", "Dell", "Latitude 7490", "8YL3R64", "Région bruxelloise", "atelier", "refurbished"),
    ("desktop", "Dell", "OptiPlex 7060", "CN0H7Y", "Ville de Bruxelles", "atelier", "wiped"),
    ("laptop", "Fujitsu", "Lifebook U748", "DSAF012345", "Ville de Bruxelles", "atelier", "wiped"),
    ("phone", "Samsung", "Galaxy A52", "R58R12ABCDE", "Proximus", "atelier", "received"),
    ("laptop", "Acer", "TravelMate P215", "NXVPMEG001", "CPAS", "atelier", "received"),
    ("laptop", "Lenovo", "ThinkPad T470", "PF-0T470A", "SPF Finances", "atelier", "received"),
    ("monitor", "Philips", "243V7", "UK02117012345", "Ville de Bruxelles", "atelier", "received"),
]
WIPE = {
    "method": "nist-800-88-purge",
    "result": "passed",
    "tool": "nwipe 0.37",
    "passes": 1,
    "verification": "last-pass",
    "storage_serials": ["S3Z1NB0K123456"],
}
CHECKLIST = {
    item: "pass"
    for item in (
        "power",
        "battery",
        "screen",
        "keyboard",
        "pointing_device",
        "ports",
        "wifi",
        "camera",
        "audio",
        "charger",
    )
}
PATH = [
    ("wipe", WIPE, "wiped"),
    ("refurbish", {"checklist": CHECKLIST, "grade": "A", "os": "Linux Mint 22"}, "refurbished"),
    ("label", {}, "available"),
]


class Demo:
    """The live demo server and the API tokens used to fill it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.tokens = {"admin": self.token("admin")}

    def token(self, username: str) -> str:
        response = httpx.post(
            f"{self.url}/api/v1/auth/token", json={"username": username, "password": PASSWORD}
        )
        response.raise_for_status()
        return response.json()["token"]

    def api(self, method: str, path: str, username: str = "admin", **kwargs) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[username]}", "Accept-Language": "fr"}
        response = httpx.request(method, self.url + path, headers=headers, timeout=30, **kwargs)
        if response.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text}")
        return response

    def user(self, username: str, role: str, **extra: object) -> None:
        self.api(
            "POST", "/api/v1/users", json={"username": username, "password": PASSWORD, "role": role, **extra}
        )
        self.tokens[username] = self.token(username)


BENEFICIARIES = [
    ("Aïcha Benali", "fr", "0470 11 22 33", None, "antenne-nord"),
    ("Jan Peeters", "nl", None, "jan.peeters@example.be", "antenne-nord"),
    ("Çağrı Yılmaz", "nl", "0486 55 44 33", None, "epn-centre"),
    ("Maria Kowalska", "en", None, None, "bus"),
]
# (beneficiary index, device index of DEVICES, due in days; negative: overdue by that many days)
LOANS = [(0, 2, 5), (1, 3, 40), (2, 5, -9)]
# People waiting for a laptop at the north antenna, in the order they asked (name, language, needed in days).
WAITING = [("Fatima Ouali", "fr", 14), ("Pieter Janssens", "nl", None), ("Oksana Melnyk", "en", 30)]


def today() -> date:
    return datetime.now(ZoneInfo("Europe/Brussels")).date()


def make_overdue(database: Path, loan: dict, days: int) -> None:
    """No endpoint lends into the past: a loan made today gets the dates of one lent eight weeks
    before its due date, `days` ago (as tests/web/test_web_coordinator.py does)."""
    due = today() - timedelta(days=days)
    starts = (due - timedelta(weeks=8)).isoformat()
    with sqlite3.connect(database) as connection:
        connection.execute(
            "UPDATE loan SET starts_on = ?, due_on = ? WHERE id = ?", (starts, due.isoformat(), loan["id"])
        )
        connection.execute(
            "UPDATE device SET loan_due_on = ? WHERE asset_tag = ?", (due.isoformat(), loan["asset_tag"])
        )


def seed_loans(demo: Demo, environment: dict[str, str], workdir: Path) -> None:
    people = []
    for name, language, phone, email, site in BENEFICIARIES:
        body = {
            "full_name": name,
            "language": language,
            "consent_recorded_on": today().isoformat(),
            "phone": phone,
            "email": email,
            "site": site,
        }
        people.append(demo.api("POST", "/api/v1/beneficiaries", "sophie", json=body).json())
    for person, device, days in LOANS:
        body = {
            "asset_tag": f"RL-{device + 1:06d}",
            "beneficiary_id": people[person]["id"],
            "due_on": (today() + timedelta(days=max(days, 7))).isoformat(),
            "accessories": ["Chargeur"],
        }
        loan = demo.api("POST", "/api/v1/loans", "sophie", json=body).json()
        if days < 0:
            make_overdue(workdir / "demo.sqlite3", loan, -days)
    for name, language, needed_in in WAITING:
        body = {
            "full_name": name,
            "language": language,
            "consent_recorded_on": today().isoformat(),
            "site": "antenne-nord",
        }
        person = demo.api("POST", "/api/v1/beneficiaries", "sophie", json=body).json()
        reservation = {"beneficiary_id": person["id"], "category": "laptop", "site": "antenne-nord"}
        if needed_in is not None:
            reservation["needed_by"] = (today() + timedelta(days=needed_in)).isoformat()
        demo.api("POST", "/api/v1/reservations", "sophie", json=reservation)
    # The reminder sweep of the morning the first loans fall due (run ahead of time with --now):
    # letters to print land on the social worker's worklist.
    morning = datetime.combine(today() + timedelta(days=6), datetime.min.time()).replace(hour=10)
    sweep = subprocess.run(  # noqa: S603 - our own command with a date we formatted
        [sys.executable, "-m", "inventory.cli", "send-reminders", "--now", morning.isoformat()],
        cwd=workdir,
        env=environment,
        capture_output=True,
        text=True,
    )
    if sweep.returncode != 0:
        print(f"no reminder sweep, the worklist stays empty: {sweep.stderr.strip()[-300:]}", file=sys.stderr)


def seed_schools(demo: Demo) -> None:
    programme = demo.api(
        "POST",
        "/api/v1/programmes",
        json={"name": "Plan de relance numérique", "funder": "Ville de Bruxelles"},
    ).json()
    expiry = (today() + timedelta(days=180)).isoformat()
    for index, (name, fase) in enumerate(
        [
            ("École fondamentale Les Tilleuls", "1021"),
            ("Athénée Royal du Centre", "2034"),
            ("Lycée Émile Max", "3047"),
        ]
    ):
        school = demo.api("POST", "/api/v1/schools", json={"name": name, "fase_number": fase}).json()
        demo.api(
            "POST",
            "/api/v1/vouchers",
            json={
                "programme_id": programme["id"],
                "school_id": school["id"],
                "quantity": 10 - 3 * index,
                "category": "laptop",
                "expires_on": expiry,
            },
        )
        if index == 0:
            demo.user("tilleuls", "school", school_id=school["id"])
    voucher = demo.api("GET", "/api/v1/vouchers", "tilleuls").json()["items"][0]
    request = demo.api(
        "POST",
        f"/api/v1/vouchers/{voucher['code']}/redemptions",
        "tilleuls",
        json={"quantity": 2, "reference": "BC-17"},
    ).json()
    demo.api("POST", f"/api/v1/redemptions/{request['id']}/reserve", "julie", json={"asset_tag": "RL-000001"})


def seed(demo: Demo) -> None:
    for code, name, kind in SITES:
        demo.api("POST", "/api/v1/sites", json={"code": code, "name": name, "kind": kind})
    demo.user("julie", "technician", full_name="Julie Lambert")
    demo.user("sophie", "social_worker", full_name="Sophie Martin")
    for category, make, model, serial, donor, site, stage in DEVICES:
        body = {
            "category": category,
            "make": make,
            "model": model,
            "serial_number": serial,
            "donor": donor,
            "batch": f"{donor} 2026-11",
            "site": site,
            "specs": {"ram_gb": 8, "storage_gb": 256, "storage_type": "ssd"}
            if category == "laptop"
            else None,
        }
        tag = demo.api("POST", "/api/v1/devices", "julie", json=body).json()["asset_tag"]
        for action, action_body, reached in PATH:
            if stage == "received":
                break
            demo.api("POST", f"/api/v1/devices/{tag}/actions/{action}", "julie", json=action_body)
            if reached == stage:
                break


@contextmanager
def demo_server() -> Iterator[Demo]:
    with tempfile.TemporaryDirectory(prefix="relais-screenshots-") as folder:
        workdir = Path(folder)
        database_url = f"sqlite:///{workdir / 'demo.sqlite3'}"
        environment = {
            **os.environ,
            "RELAIS_DATABASE_URL": database_url,
            "RELAIS_SECRET_KEY": "screenshots",
            "RELAIS_PASSWORD": PASSWORD,
            "PYTHONPATH": str(ROOT),
        }
        subprocess.run(
            [sys.executable, "-m", "inventory.cli", "create-user", "admin", "--role", "admin"],
            cwd=workdir,
            env=environment,
            check=True,
            capture_output=True,
        )
        with live_server(
            database_url,
            workdir,
            RELAIS_ORG_NAME="CPAS de Bruxelles",
            RELAIS_LABEL_LINE="Aide : 02 543 21 00",
        ) as url:
            demo = Demo(url)
            seed(demo)
            seed_loans(demo, environment, workdir)
            seed_schools(demo)
            seed_dutch_colleagues(demo)
            yield demo


def log_in(page: Page, username: str) -> None:
    page.goto("/login")
    page.fill("#f-username", username)
    page.fill("#f-password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def scan(page: Page, code: str) -> None:
    page.locator("[data-scan-input]").focus()
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def scan_batch(page: Page, codes: tuple[str, ...]) -> None:
    """Scan code after code in a batch page, each answered before the next."""
    for index, code in enumerate(codes):
        scan(page, code)
        page.wait_for_function(
            "n => document.querySelectorAll('#batch-log .result').length >= n", arg=index + 1
        )


def shot_login(page: Page) -> None:
    page.goto("/login")


def shot_scan_station(page: Page, username: str = "julie") -> None:
    log_in(page, username)
    page.goto("/scan")
    scan(page, "PF-1A2B3C")
    page.locator("#scan-result .device").wait_for()
    page.locator("[data-scan-input]").blur()


def shot_batch_wipe(page: Page) -> None:
    log_in(page, "julie")
    page.goto("/scan/batch?action=wipe")
    page.select_option("#f-method", "nist-800-88-purge")
    page.fill("#f-tool", "nwipe 0.37")
    page.select_option("#f-verification", "last-pass")
    page.get_by_role("button", name="Commencer à scanner").click()
    scan_batch(page, ("RL-000011", "NXVPMEG001", "RL-000001", "RL-000013"))
    page.locator("[data-scan-input]").blur()


def shot_intake_batch(page: Page) -> None:
    log_in(page, "julie")
    page.goto("/intake/batch")
    page.select_option("#f-category", "laptop")
    page.fill("#f-make", "HP")
    page.fill("#f-model", "ProBook 450 G6")
    page.fill("#f-donor", "Ville de Bruxelles")
    page.fill("#f-batch", "Ville de Bruxelles 2026-11")
    page.select_option("#f-site", "atelier")
    page.get_by_role("button", name="Commencer à scanner").click()
    scan_batch(page, ("5CD9123AB1", "5CD9123AB2", "5CD9123AB1"))
    page.locator("[data-scan-input]").blur()


def shot_refurbish(page: Page) -> None:
    log_in(page, "julie")
    page.goto("/devices/RL-000009/actions/refurbish")
    page.get_by_role("button", name="Tout cocher comme réussi").click()
    page.locator('input[name="checklist.camera"][value="n/a"]').check()
    page.get_by_label("B", exact=True).check()
    page.fill("#f-os", "Linux Mint 22")
    page.fill("#f-battery_health_percent", "86")


def shot_labels(page: Page) -> None:
    log_in(page, "julie")
    page.goto("/labels")
    page.fill("#f-start_position", "7")
    page.dispatch_event("#f-start_position", "input")


def shot_dashboard(page: Page) -> None:
    log_in(page, "admin")
    page.goto("/dashboard")


def shot_users(page: Page) -> None:
    log_in(page, "admin")
    page.goto("/admin/users")


def shot_device_correct(page: Page) -> None:
    log_in(page, "julie")
    page.goto("/devices/RL-000012/edit")
    page.fill("#f-serial_number", "NXVPMEG0O1")
    page.fill("#f-model", "TravelMate P215-53")
    page.fill("#f-reason", "Numéro de série et modèle mal recopiés à l'enregistrement.")


def shot_device_corrected(page: Page) -> None:
    shot_device_correct(page)
    page.get_by_role("button", name="Enregistrer la correction").click()
    page.wait_for_url("**/devices/RL-000012?done=correct")


def shot_user_edit(page: Page) -> None:
    log_in(page, "admin")
    page.goto("/admin/users")
    page.get_by_role("row").filter(has_text="tilleuls").get_by_role("link", name="Modifier").click()
    page.fill("#f-full_name", "Anne Delvaux")


def shot_voucher_batch(page: Page) -> None:
    log_in(page, "admin")
    page.goto("/admin/voucher-batches/new")
    page.select_option("#f-programme_id", label="Plan de relance numérique")
    page.fill("#f-quantity", "5")
    page.select_option("#f-category", "tablet")
    page.fill("#f-expires_on", (today() + timedelta(days=365)).isoformat())
    page.get_by_label("Toutes les écoles (3)").check()
    page.get_by_role("button", name="Émettre les bons").click()
    page.wait_for_url("**/admin/voucher-batches/*?done=issued")


def shot_voucher(page: Page) -> None:
    log_in(page, "admin")
    page.goto("/admin/schools")
    page.locator("table a.mono").first.click()
    page.fill("#f-reason", "L'école a fusionné avec l'Athénée Royal du Centre.")


def shot_device_list(page: Page) -> None:
    log_in(page, "admin")
    page.goto("/devices?category=laptop&sort=make")


def shot_loans_overdue(page: Page) -> None:
    log_in(page, "admin")
    page.goto("/loans?view=overdue")


def shot_voucher_history(page: Page) -> None:
    log_in(page, "admin")
    page.goto("/admin/schools")
    page.locator("table a.mono").first.click()
    page.fill("#f-expires_on", (today() + timedelta(days=540)).isoformat())
    page.get_by_role("button", name="Enregistrer la date").click()
    page.wait_for_url("**/admin/vouchers/*?done=extended")


def shot_scan_station_nl(page: Page) -> None:
    # The account's language wins over the browser's: a Dutch-speaking technician's account.
    shot_scan_station(page, "pieter")


def shot_batch_label(page: Page) -> None:
    log_in(page, "julie")
    page.goto("/scan/batch?action=label")
    page.get_by_role("button", name="Commencer à scanner").click()
    codes = ("RL-000007", "RL-000008", "RL-000012")
    scan_batch(page, codes)
    page.locator("[data-scan-input]").blur()


def shot_desk(page: Page) -> None:
    log_in(page, "sophie")
    page.goto("/desk")


def shot_lend(page: Page) -> None:
    log_in(page, "sophie")
    page.goto("/desk/lend?card=Maria")
    page.get_by_role("link", name="Maria Kowalska").click()
    # Step 2, the device; accessories and the due date are the next step's (lend-details).
    page.locator("[data-scan-input]").fill("RL-000005")
    page.locator("[data-scan-input]").blur()


def shot_loan(page: Page) -> None:
    log_in(page, "sophie")
    page.goto("/desk/return?code=RL-000003")
    page.get_by_role("link", name="Aïcha Benali").click()
    page.get_by_role("link", name="RL-000003").click()


def shot_waiting_list(page: Page) -> None:
    log_in(page, "sophie")
    page.goto("/waiting-list?category=laptop&site=antenne-nord")
    page.locator("[data-reservation]").first.wait_for()


def shot_lend_signature(page: Page) -> None:
    """On a tablet at the desk: the loan checked, the beneficiary signing on the screen."""
    log_in(page, "sophie")
    page.goto("/desk/lend?card=Maria")
    page.get_by_role("link", name="Maria Kowalska").click()
    scan(page, "RL-000005")
    page.get_by_label("Chargeur").check()
    page.get_by_label("Souris").check()
    page.get_by_role("button", name="Vérifier le prêt").click()
    pad = page.locator("[data-signature-pad]")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    if box is None:
        raise RuntimeError("no signature pad on the confirmation step")
    # A hand-written stroke: a few loops across the pad.
    left, middle = box["x"] + 30, box["y"] + box["height"] * 0.6
    page.mouse.move(left, middle)
    page.mouse.down()
    for step in range(1, 40):
        page.mouse.move(left + step * 9, middle - box["height"] * 0.25 * ((step % 6) / 5) + (step % 3) * 4)
    page.mouse.up()
    page.wait_for_function("() => document.querySelector('[data-signature-value]').value.length > 0")


def shot_return_missing_charger(page: Page) -> None:
    """A return at the desk: the laptop is back, its charger is not (nothing ticked as returned)."""
    log_in(page, "sophie")
    page.goto("/desk/return")
    scan(page, "RL-000004")
    result = page.locator("#scan-result")
    result.get_by_role("button", name="Enregistrer le retour").wait_for()
    result.get_by_role("button", name="Enregistrer le retour").click()
    page.locator("dialog[data-confirm-dialog]").get_by_role("button", name="Confirmer").click()
    page.locator("[data-return-result]").wait_for()
    page.locator("[data-scan-input]").blur()


def shot_school(page: Page) -> None:
    log_in(page, "tilleuls")
    page.goto("/school")


def shot_redemption(page: Page) -> None:
    log_in(page, "julie")
    page.goto("/redemptions")
    page.get_by_role("link", name="Préparer").first.click()
    scan(page, "RL-000002")
    page.wait_for_function("() => document.querySelectorAll('#reservation tbody tr').length >= 2")
    page.locator("[data-scan-input]").blur()


# A donor's spreadsheet as Belgian Excel saves it: semicolons, Windows-1252, French headers;
# one row with an unknown category, one serial already registered.
DONOR_SHEET = (
    "Catégorie;Marque;Modèle;Numéro de série;N° d'inventaire;Emplacement\r\n"
    "Portable;Lenovo;ThinkPad T490;PF-2B3C4D;FIN-2026-0101;North Galaxy 3.12\r\n"
    "Portable;Lenovo;ThinkPad T490;PF-2B3C4E;FIN-2026-0102;North Galaxy 3.12\r\n"
    "Tablette;Samsung;Galaxy Tab S6 Lite;R9TT40CD34E;FIN-2026-0103;North Galaxy 2.04\r\n"
    "Imprimante;Canon;Pixma TS5150;KMNB01234;FIN-2026-0104;North Galaxy 2.04\r\n"
    "Portable;Lenovo;ThinkPad T480;PF-1A2B3C;FIN-2026-0105;North Galaxy 1.10\r\n"
).encode("cp1252")


def shot_import(page: Page) -> None:
    log_in(page, "julie")
    page.goto("/intake/import")
    page.set_input_files(
        "#f-file", files=[{"name": "SPF-Finances-2026-12.csv", "mimeType": "text/csv", "buffer": DONOR_SHEET}]
    )
    page.select_option("#f-site", "atelier")
    page.fill("#f-donor", "SPF Finances")
    page.fill("#f-batch", "SPF Finances 2026-12")
    page.click('form[action="/intake/import/preview"] button[type=submit]')
    page.wait_for_url("**/intake/import/preview")


def shot_stock_take(page: Page) -> None:
    log_in(page, "julie")
    page.goto("/scan/counts")
    page.select_option("#f-site", "atelier")
    page.click('form[action="/scan/counts"] button[type=submit]')
    page.locator("[data-scan-input]").wait_for()
    # Two on the shelf (one twice), one registered at the bus, one on loan, an unknown label.
    scan_batch(page, ("RL-000001", "PF-1A2B3D", "RL-000001", "5CG8421ZX2", "7XK2Q53", "INV-OLD-77"))
    page.locator("[data-scan-input]").blur()


def shot_count_result(page: Page) -> None:
    log_in(page, "julie")
    page.goto("/scan/counts")
    page.locator("a.button--primary[href^='/scan/counts/']").first.click()
    page.locator("a[href$='/result']").first.click()
    page.wait_for_url("**/result")


def shot_schools_admin(page: Page) -> None:
    log_in(page, "admin")
    page.goto("/admin/schools")


# ---- Issue 15: the scanner-proof, mistake-proof flows, in French and in Dutch ----
# The account's language wins over the browser's, so each Dutch shot signs in as a
# Dutch-speaking colleague (and its browser asks for nl-BE, which dates in forms follow).
DUTCH_COLLEAGUES = {"julie": "pieter", "sophie": "lotte", "tilleuls": "els"}


def seed_dutch_colleagues(demo: Demo) -> None:
    demo.user("pieter", "technician", full_name="Pieter Claes", language="nl")
    demo.user("lotte", "social_worker", full_name="Lotte Janssens", language="nl")
    # Not at Les Tilleuls: the user-edit shot picks the row that mentions "tilleuls".
    athenee = next(
        school
        for school in demo.api("GET", "/api/v1/schools").json()["items"]
        if school["name"] == "Athénée Royal du Centre"
    )
    demo.user("els", "school", school_id=athenee["id"], full_name="Els Vermeulen", language="nl")


def colleague(username: str, dutch: bool) -> str:
    return DUTCH_COLLEAGUES[username] if dutch else username


def page_api(page: Page, username: str, method: str, path: str, body: object = None, **params: str) -> dict:
    """The HTTP API, from inside a shot: what happened before the moment the picture shows."""
    token = page.request.post("/api/v1/auth/token", data={"username": username, "password": PASSWORD})
    headers = {"Authorization": f"Bearer {token.json()['token']}"}
    response = page.request.fetch(path, method=method, headers=headers, data=body, params=params or None)
    if not response.ok:
        raise RuntimeError(f"{method} {path}: {response.status} {response.text()}")
    return response.json()


def fresh_device(page: Page, model: str, *, to: str = "available") -> str:
    """A device of its own for a shot that changes it, walked through the workshop by the API."""
    body = {
        "category": "laptop",
        "make": "Lenovo",
        "model": model,
        "serial_number": f"PF-{secrets.token_hex(3).upper()}",
        "donor": "SPF Finances",
        "site": "antenne-nord",
        "specs": {"ram_gb": 8, "storage_gb": 256, "storage_type": "ssd"},
    }
    tag = page_api(page, "julie", "POST", "/api/v1/devices", body)["asset_tag"]
    for action, action_body, _ in PATH if to == "available" else ():
        page_api(page, "julie", "POST", f"/api/v1/devices/{tag}/actions/{action}", action_body)
    return tag


def fresh_loan(page: Page, borrower: str, accessories: list[str]) -> tuple[int, str]:
    """A loan made this morning of a device of its own: (loan id, asset tag)."""
    tag = fresh_device(page, "ThinkPad T14")
    person = page_api(page, "sophie", "GET", "/api/v1/beneficiaries", q=borrower)["items"][0]
    body = {
        "asset_tag": tag,
        "beneficiary_id": person["id"],
        "due_on": (today() + timedelta(days=42)).isoformat(),
        "accessories": accessories,
    }
    return page_api(page, "sophie", "POST", "/api/v1/loans", body)["id"], tag


def confirm_dialog(page: Page) -> None:
    page.locator("dialog[data-confirm-dialog]").wait_for(state="visible")


def steps(start: float, stop: float, step: float) -> list[float]:
    return [start + step * index for index in range(int((stop - start) / step) + 1)]


def lend_to_review(page: Page, dutch: bool, *, review: bool) -> None:
    """Lend steps 3 and 4: the device scanned, due date and accessories, then the review with the
    signature pad; nothing is stored before the confirmation."""
    log_in(page, colleague("sophie", dutch))
    borrower = "Jan Peeters" if dutch else "Maria Kowalska"
    page.goto(f"/desk/lend?card={borrower.split()[0]}")
    page.get_by_role("link", name=borrower).click()
    page.locator("[data-scan-input]").wait_for()
    scan(page, "RL-000005")
    page.wait_for_url("**/desk/lend/device")
    for kind in ("charger", "mouse", "bag"):
        page.locator(f'input[name="accessories"][value="{kind}"]').check()
    page.fill("#f-due_on", (today() + timedelta(days=42)).isoformat())
    page.fill(
        "#f-notes",
        "Voor de opleiding digitale basisvaardigheden."
        if dutch
        else "Pour la formation aux premiers pas numériques.",
    )
    if not review:
        page.locator("#f-notes").blur()
        return
    page.click('form[action="/desk/lend/review"] button[type=submit]')
    page.wait_for_url("**/desk/lend/review")
    pad = page.locator("[data-signature-pad]")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box is not None
    # A hand-written flourish: loops drifting to the right, then a stroke underneath.
    strokes = [
        [
            (0.1 + 0.03 * u + 0.04 * math.sin(u), 0.5 - 0.22 * math.cos(u) * (1 - u / 30))
            for u in steps(0, 22, 0.25)
        ],
        [(0.12 + 0.7 * t / 20, 0.82 - 0.04 * t / 20) for t in range(0, 21)],
    ]
    for stroke in strokes:
        x, y = stroke[0]
        page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
        page.mouse.down()
        for x, y in stroke[1:]:
            page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
        page.mouse.up()


def shot_lend_details(page: Page, dutch: bool = False) -> None:
    lend_to_review(page, dutch, review=False)


def shot_lend_review(page: Page, dutch: bool = False) -> None:
    lend_to_review(page, dutch, review=True)


def return_ticked(page: Page, dutch: bool) -> None:
    """A device comes back at the desk: the mouse and the bag handed back, the charger not."""
    borrower = "Çağrı Yılmaz" if dutch else "Aïcha Benali"
    _, tag = fresh_loan(page, borrower, ["charger", "mouse", "bag"])
    log_in(page, colleague("sophie", dutch))
    page.goto("/desk/return")
    scan(page, tag)
    page.locator('#scan-result form[action$="/return"]').wait_for()
    page.locator('input[name="return.accessories_returned"][value="mouse"]').check()
    page.locator('input[name="return.accessories_returned"][value="bag"]').check()
    page.fill("#f-return\\.notes", "Oplader thuis vergeten." if dutch else "Chargeur oublié à la maison.")


def shot_return_check(page: Page, dutch: bool = False) -> None:
    return_ticked(page, dutch)
    page.locator("#f-return\\.notes").blur()


def shot_return_done(page: Page, dutch: bool = False) -> None:
    return_ticked(page, dutch)
    page.click('#scan-result form[action$="/return"] button[type=submit]')
    confirm_dialog(page)
    page.click("dialog[data-confirm-dialog] button[value=confirm]")
    page.wait_for_url("**/desk/return?returned=*")
    page.locator("[data-return-result]").wait_for()
    page.locator("[data-scan-input]").blur()


def shot_loss_confirm(page: Page, dutch: bool = False) -> None:
    """Recording a loss needs what happened, then asks before it ends the loan for good."""
    loan, _ = fresh_loan(page, "Jan Peeters" if dutch else "Aïcha Benali", ["charger"])
    log_in(page, colleague("sophie", dutch))
    page.goto(f"/loans/{loan}")
    reason = (
        "Gestolen uit de wagen, aangifte bij de politie op 4 december."
        if dutch
        else "Volé dans la voiture, plainte déposée à la police le 4 décembre."
    )
    page.fill("#f-report-lost\\.notes", reason)
    page.click('form[action$="/report-lost"] button[type=submit]')
    confirm_dialog(page)


def shot_scan_caught(page: Page, dutch: bool = False) -> None:
    """An asset label scanned into the intake form's serial number: caught, nothing saved."""
    log_in(page, colleague("julie", dutch))
    page.goto("/intake")
    page.select_option("#f-category", "laptop")
    page.fill("#f-make", "HP")
    page.fill("#f-model", "EliteBook 840 G6")
    page.locator("#f-serial_number").focus()
    page.keyboard.type("RL-000011", delay=5)
    page.keyboard.press("Enter")
    page.locator("[data-scan-warning]").wait_for()


def shot_batch_wipe_failed(page: Page, dutch: bool = False) -> None:
    """A batch of failed wipes: each says what to do next; a device scanned twice is already done."""
    tags = [fresh_device(page, "ThinkPad X270", to="received") for _ in range(2)]
    log_in(page, colleague("julie", dutch))
    page.goto("/scan/batch?action=wipe")
    page.select_option("#f-method", "nist-800-88-purge")
    page.locator('input[name="result"][value="failed"]').check()
    page.fill("#f-tool", "nwipe 0.37")
    page.select_option("#f-verification", "last-pass")
    page.click('form[action="/scan/batch/run"] button[type=submit]')
    scan_batch(page, (tags[0], tags[1], tags[0]))
    page.locator("[data-scan-input]").blur()


def shot_school_equipment(page: Page, dutch: bool = False) -> None:
    """A school registers a laptop it bought itself with its voucher."""
    log_in(page, colleague("tilleuls", dutch))
    page.goto("/school")
    page.locator('a[href^="/school/vouchers/"][href$="/equipment"]').first.click()
    page.wait_for_url("**/equipment")
    page.fill("#f-make", "Lenovo")
    page.fill("#f-model", "ThinkPad E14 Gen 5")
    page.fill("#f-serial_number", "PF-4E5F6G")
    page.fill("#f-supplier", "Computerland Brussel" if dutch else "Informatique Dumont")
    page.fill("#f-invoice_ref", "F-2026-1187")
    page.fill("#f-specs\\.ram_gb", "16")
    page.fill("#f-specs\\.storage_gb", "512")
    page.select_option("#f-specs\\.storage_type", "ssd")
    page.fill("#f-specs\\.os", "Windows 11 Education")
    page.locator("#f-specs\\.os").blur()


def in_dutch(shot: Callable[..., None]) -> Callable[[Page], None]:
    return lambda page: shot(page, dutch=True)


# name: (what to do, viewport, Accept-Language, full page)
SHOTS: dict[str, tuple[Callable[[Page], None], dict[str, int], str, bool]] = {
    "login": (shot_login, DESKTOP, "fr-BE", False),
    "scan-station": (shot_scan_station, DESKTOP, "fr-BE", True),
    "batch-wipe": (shot_batch_wipe, DESKTOP, "fr-BE", True),
    "intake-batch": (shot_intake_batch, DESKTOP, "fr-BE", True),
    "refurbish-form": (shot_refurbish, DESKTOP, "fr-BE", True),
    "labels": (shot_labels, DESKTOP, "fr-BE", True),
    "import-dry-run": (shot_import, DESKTOP, "fr-BE", True),
    "stock-take": (shot_stock_take, DESKTOP, "fr-BE", True),
    "stock-take-result": (shot_count_result, DESKTOP, "fr-BE", True),
    "dashboard": (shot_dashboard, DESKTOP, "fr-BE", True),
    "users": (shot_users, DESKTOP, "fr-BE", False),
    "desk": (shot_desk, DESKTOP, "fr-BE", True),
    "lend": (shot_lend, DESKTOP, "fr-BE", True),
    "loan": (shot_loan, DESKTOP, "fr-BE", True),
    "waiting-list": (shot_waiting_list, DESKTOP, "fr-BE", True),
    "lend-signature": (shot_lend_signature, TABLET, "fr-BE", True),
    # Returns RL-000004: after every shot that shows its loan.
    "return-missing-charger": (shot_return_missing_charger, DESKTOP, "fr-BE", True),
    "school-portal": (shot_school, DESKTOP, "fr-BE", True),
    "school-request-preparation": (shot_redemption, DESKTOP, "fr-BE", True),
    "schools-admin": (shot_schools_admin, DESKTOP, "fr-BE", True),
    "phone-desk": (shot_desk, PHONE, "fr-BE", True),
    "scan-station-nl": (shot_scan_station_nl, DESKTOP, "nl-BE", True),
    "phone-scan-station": (shot_scan_station, PHONE, "fr-BE", True),
    "phone-batch-label": (shot_batch_label, PHONE, "fr-BE", False),
    "device-correct": (shot_device_correct, DESKTOP, "fr-BE", True),
    "device-corrected": (shot_device_corrected, DESKTOP, "fr-BE", True),
    "user-edit": (shot_user_edit, DESKTOP, "fr-BE", True),
    "voucher-batch": (shot_voucher_batch, DESKTOP, "fr-BE", True),
    "voucher": (shot_voucher, DESKTOP, "fr-BE", True),
    "voucher-history": (shot_voucher_history, DESKTOP, "fr-BE", True),
    "device-list": (shot_device_list, DESKTOP, "fr-BE", True),
    "loans-overdue": (shot_loans_overdue, DESKTOP, "fr-BE", True),
    # Issue 15: each flow in French and in Dutch, on a desk and (where it is done standing) a phone.
    "lend-details": (shot_lend_details, DESKTOP, "fr-BE", True),
    "lend-details-nl": (in_dutch(shot_lend_details), DESKTOP, "nl-BE", True),
    "phone-lend-details": (shot_lend_details, PHONE, "fr-BE", True),
    "phone-lend-details-nl": (in_dutch(shot_lend_details), PHONE, "nl-BE", True),
    "lend-review": (shot_lend_review, DESKTOP, "fr-BE", True),
    "lend-review-nl": (in_dutch(shot_lend_review), DESKTOP, "nl-BE", True),
    "phone-lend-review": (shot_lend_review, PHONE, "fr-BE", True),
    "phone-lend-review-nl": (in_dutch(shot_lend_review), PHONE, "nl-BE", True),
    "return-check": (shot_return_check, DESKTOP, "fr-BE", True),
    "return-check-nl": (in_dutch(shot_return_check), DESKTOP, "nl-BE", True),
    "phone-return-check": (shot_return_check, PHONE, "fr-BE", True),
    "phone-return-check-nl": (in_dutch(shot_return_check), PHONE, "nl-BE", True),
    "return-done": (shot_return_done, DESKTOP, "fr-BE", True),
    "return-done-nl": (in_dutch(shot_return_done), DESKTOP, "nl-BE", True),
    "phone-return-done": (shot_return_done, PHONE, "fr-BE", True),
    "phone-return-done-nl": (in_dutch(shot_return_done), PHONE, "nl-BE", True),
    "loss-confirm": (shot_loss_confirm, DESKTOP, "fr-BE", False),
    "loss-confirm-nl": (in_dutch(shot_loss_confirm), DESKTOP, "nl-BE", False),
    "phone-loss-confirm": (shot_loss_confirm, PHONE, "fr-BE", False),
    "phone-loss-confirm-nl": (in_dutch(shot_loss_confirm), PHONE, "nl-BE", False),
    "scan-caught": (shot_scan_caught, DESKTOP, "fr-BE", True),
    "scan-caught-nl": (in_dutch(shot_scan_caught), DESKTOP, "nl-BE", True),
    "batch-wipe-failed": (shot_batch_wipe_failed, DESKTOP, "fr-BE", True),
    "batch-wipe-failed-nl": (in_dutch(shot_batch_wipe_failed), DESKTOP, "nl-BE", True),
    "phone-batch-wipe-failed": (shot_batch_wipe_failed, PHONE, "fr-BE", True),
    "phone-batch-wipe-failed-nl": (in_dutch(shot_batch_wipe_failed), PHONE, "nl-BE", True),
    "school-equipment": (shot_school_equipment, DESKTOP, "fr-BE", True),
    "school-equipment-nl": (in_dutch(shot_school_equipment), DESKTOP, "nl-BE", True),
}


def take(browser: Browser, demo: Demo, name: str) -> Path:
    action, viewport, language, full_page = SHOTS[name]
    context = browser.new_context(
        base_url=demo.url,
        viewport=viewport,
        device_scale_factor=2 if viewport is PHONE else 1,
        has_touch=viewport is TABLET,
        locale=language,
        extra_http_headers={"Accept-Language": language},
    )
    page = context.new_page()
    try:
        try:
            action(page)
        except Exception:
            page.screenshot(path=str(OUTPUT / f"failed-{name}.png"), full_page=True)
            raise
        page.wait_for_load_state("networkidle")
        path = OUTPUT / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
    finally:
        context.close()
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(SHOTS), help="take only these screenshots")
    arguments = parser.parse_args()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with demo_server() as demo, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        # Batch shots change the demo data, so each runs against the state the seed left or the
        # shots before it made; the order of SHOTS is the order of a morning's work.
        for name in arguments.only or SHOTS:
            print(take(browser, demo, name).relative_to(ROOT))
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
