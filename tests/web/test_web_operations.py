"""Operations in a real browser: a donor's spreadsheet checked, corrected and imported, then a
site's shelves counted by typing scans, the count closed and a misplaced device moved here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.operations.operation_steps import spreadsheet
from tests.web.browsing import Server, available_device, log_in, scan

pytestmark = pytest.mark.browser

SITES = {"atelier": ("Atelier", "workshop"), "antenne-nord": ("Antenne Nord", "antenna")}


def ensure_sites(server: Server) -> None:
    for code, (name, kind) in SITES.items():
        response = server.api("POST", "/api/v1/sites", json={"code": code, "name": name, "kind": kind})
        assert response.status_code in (201, 409), response.text


def choose_file(page: Page, name: str, content: bytes) -> None:
    page.get_by_label("Tableur (fichier CSV)").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content}
    )


def test_technician_imports_a_donors_spreadsheet_after_a_dry_run(page: Page, server: Server) -> None:
    ensure_sites(server)
    log_in(page, "tech")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Importation").click()
    expect(page.get_by_role("heading", name="Importer un tableur")).to_be_visible()

    # The first file has the same serial number twice: the dry run names the row and imports nothing.
    rows = [
        ["Portable", "Dell", "Latitude 5490", "PAL-0001", "FIN/1", ""],
        ["Tablette", "Dell", "Latitude 7350 Detachable", "PAL-0001", "FIN/2", ""],
    ]
    choose_file(page, "palette.csv", spreadsheet(rows))
    page.get_by_label("Site", exact=True).select_option("antenne-nord")
    page.get_by_label("Donateur", exact=True).fill("SPF Finances")
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_role("heading", name="Vérification à blanc")).to_be_visible()
    problems = page.locator("#problems")
    expect(problems.locator('[data-row="3"]')).to_contain_text(
        "même marque et même numéro de série qu'à la ligne 2"
    )
    expect(page.get_by_role("button", name=re.compile("^Importer"))).to_have_count(0)

    # The corrected file, checked from the same page: every row can be registered.
    rows[1][3] = "PAL-0002"
    choose_file(page, "palette-corrigee.csv", spreadsheet(rows))
    expect(page.get_by_label("Donateur", exact=True)).to_have_value("SPF Finances")
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.locator("#to-register tbody tr")).to_have_count(2)
    expect(page.locator("#to-register")).to_contain_text("Latitude 7350 Detachable")
    listed = server.api("GET", "/api/v1/devices", params={"q": "PAL-000"}).json()
    assert listed["items"] == []  # a dry run writes nothing

    page.get_by_role("button", name="Importer les 2 appareils").click()
    done = page.locator("[data-import-done]")
    expect(done).to_contain_text(re.compile(r"2 appareils enregistrés, de RL-\d{6} à RL-\d{6}\."))
    tags = re.findall(r"RL-\d{6}", done.locator(".alert__title").inner_text())
    devices = server.api("GET", "/api/v1/devices", params={"q": "PAL-000"}).json()["items"]
    assert sorted(d["asset_tag"] for d in devices) == tags
    assert {(d["site"], d["donor"], d["stage"]) for d in devices} == {
        ("antenne-nord", "SPF Finances", "received")
    }
    expect(page.locator("table").first).to_contain_text("palette-corrigee.csv")

    # Their labels, through the label page with both tags filled in.
    done.get_by_role("link", name=re.compile("Imprimer les étiquettes")).click()
    expect(page.get_by_label("Autres numéros d'inventaire")).to_have_value("\n".join(tags))


def test_a_file_over_the_limit_is_refused_before_it_is_sent_and_the_form_keeps_its_values(
    page: Page, server: Server, tmp_path: Path
) -> None:
    oversized = tmp_path / "inventaire-complet.csv"
    oversized.write_bytes(b"x" * (20 * 1024 * 1024 + 1))
    log_in(page, "tech")
    page.goto("/intake/import")
    expect(page.get_by_text("20 Mo au plus.")).to_be_visible()
    page.get_by_label("Donateur", exact=True).fill("SPF Finances")
    field = page.get_by_label("Tableur (fichier CSV)")
    field.set_input_files(oversized)
    refusal = "Ce fichier dépasse 20 Mo, le maximum qu'une importation accepte."
    expect(field).to_have_accessible_description(re.compile(re.escape(refusal)))
    expect(field).to_have_attribute("aria-invalid", "true")
    sent = []
    page.on("request", lambda request: sent.append(request.url) if request.method == "POST" else None)
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(field).to_be_focused()
    assert sent == [] and page.url.endswith("/intake/import")
    expect(page.get_by_label("Donateur", exact=True)).to_have_value("SPF Finances")

    # A file of the right size clears the refusal and goes to the dry run.
    choose_file(page, "palette.csv", spreadsheet([["Portable", "Dell", "Latitude 5490", "BIG-0001", "", ""]]))
    expect(page.get_by_text(refusal)).to_be_hidden()
    expect(field).to_have_attribute("aria-invalid", "false")
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_role("heading", name="Vérification à blanc")).to_be_visible()


def test_technician_counts_a_sites_shelves_and_moves_a_misplaced_device_here(
    page: Page, server: Server
) -> None:
    ensure_sites(server)
    found = available_device(server, "HP", "ProBook 450", site="antenne-nord")
    misplaced = available_device(server, "Lenovo", "ThinkPad T480", site="atelier")
    missing = available_device(server, "Dell", "Latitude 7490", site="antenne-nord")
    log_in(page, "tech")
    page.get_by_role("link", name="Inventaire").first.click()
    page.get_by_label("Site").select_option("antenne-nord")
    page.get_by_role("button", name="Ouvrir le comptage").click()
    expect(page).to_have_url(re.compile(r"/scan/counts/\d+$"))
    expect(page.get_by_role("heading", name=re.compile("Inventaire · Antenne Nord"))).to_be_visible()
    page.evaluate(
        "() => { window.heard = []; document.addEventListener('relais:scanned',"
        " (event) => window.heard.push(event.detail.outcome)); }"
    )

    log = page.locator("#batch-log .result")
    scan(page, found)
    expect(log.first).to_contain_text("Compté")
    expect(log.first).to_have_class(re.compile("result--ok"))
    scan(page, misplaced)
    expect(log.first).to_contain_text(f"{misplaced} est enregistré à Atelier")
    expect(log.first).to_have_class(re.compile("result--warn"))
    scan(page, "inconnu-42")
    expect(log.first).to_contain_text("Code inconnu")
    expect(log.first).to_have_class(re.compile("result--refused"))
    for box, number in (("found", 1), ("already-counted", 0), ("misplaced", 1), ("unknown", 1)):
        expect(page.locator(f"[data-tally-{box}]")).to_have_text(str(number))
    expect(page.locator(".tally__note")).to_contain_text("appareils : 2 · codes inconnus : 1")
    page.wait_for_function("() => window.heard.length >= 3")
    assert page.evaluate("() => window.heard") == ["ok", "warn", "refused"]

    page.get_by_role("link", name="Voir le résultat et clôturer").click()
    page.get_by_role("button", name="Clôturer le comptage").click()
    page.locator("dialog[data-confirm-dialog]").get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("button", name="Clôturer le comptage")).to_have_count(0)
    expect(page.locator(".page-head__sub")).to_contain_text("clôturé par tech")
    expect(page.locator("#missing")).to_contain_text(missing)
    expect(page.locator("#misplaced")).to_contain_text(misplaced)
    expect(page.locator("#unknown")).to_contain_text("inconnu-42")
    expect(page.locator("#missing")).not_to_contain_text(found)

    page.locator("#misplaced").get_by_role("button", name=f"Transférer ici {misplaced}").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"{misplaced} est maintenant enregistré à Antenne Nord."
    )
    expect(page.locator("#misplaced")).to_contain_text("Transféré ici")
    device = server.api("GET", f"/api/v1/devices/{misplaced}", "tech").json()
    assert (device["site"], device["transfer_to"]) == ("antenne-nord", None)

    page.get_by_role("link", name="Tous les comptages").click()
    history = page.locator("table tbody tr").first
    expect(history).to_contain_text("Antenne Nord")
    expect(history).to_contain_text("tech")
