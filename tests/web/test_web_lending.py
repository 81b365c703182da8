"""Lending in depth, in a real browser: the lend flow's steps store nothing before the
confirmation, the beneficiary signs on the signature pad, a return with the charger missing says
so on the scan page, and the waiting list takes a person from the beneficiary page to a loan."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.web.browsing import Server, available_device, log_in, scan

pytestmark = pytest.mark.browser


def _beneficiary(server: Server, name: str) -> dict:
    from datetime import date

    response = server.api(
        "POST",
        "/api/v1/beneficiaries",
        "sophie",
        json={"full_name": name, "language": "fr", "consent_recorded_on": date.today().isoformat()},
    )
    assert response.status_code == 201, response.text
    return response.json()


def _loans_of(server: Server, beneficiary: dict) -> list[dict]:
    return server.api("GET", "/api/v1/loans", params={"beneficiary_id": beneficiary["id"]}).json()["items"]


def _confirm(page: Page) -> None:
    """The page asks before an irreversible step (scanning.js's dialog): yes."""
    page.locator("dialog[data-confirm-dialog]").get_by_role("button", name="Confirmer").click()


def _sign(page: Page) -> None:
    pad = page.locator("[data-signature-pad]")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] * 0.6)
    page.mouse.down()
    for step in range(1, 20):
        page.mouse.move(box["x"] + 20 + step * 15, box["y"] + box["height"] * (0.6 - 0.02 * (step % 5)))
    page.mouse.up()


def test_the_lend_steps_store_nothing_before_the_signed_confirmation(page: Page, server: Server) -> None:
    person = _beneficiary(server, "Amina Benali")
    tag = available_device(server, serial_number="SN-SIGN-0001")
    log_in(page, "sophie")
    page.goto("/desk/lend")
    scan(page, person["reference"])
    scan(page, tag)
    expect(page.locator(".steps__item--current")).to_have_text("Échéance et accessoires")
    page.get_by_label("Chargeur").check()
    page.get_by_label("Souris").check()
    page.get_by_label("Autres accessoires").fill("Stylet USB-C")
    page.get_by_role("button", name="Vérifier le prêt").click()
    expect(page.locator(".steps__item--current")).to_have_text("Vérifier et confirmer")
    expect(page.get_by_text("Chargeur, Souris")).to_be_visible()
    # Three steps in, nothing is recorded yet.
    assert _loans_of(server, person) == []
    assert server.api("GET", f"/api/v1/devices/{tag}").json()["stage"] == "available"

    _sign(page)
    expect(page.locator("[data-signature-value]")).to_have_value(re.compile(r"^data:image/png;base64,"))
    page.get_by_role("button", name="Confirmer le prêt").click()
    _confirm(page)
    expect(page.get_by_role("status")).to_contain_text("L'appareil est prêté.")
    expect(page.get_by_text("À l'écran, au guichet")).to_be_visible()
    [loan] = _loans_of(server, person)
    assert (loan["signed"], loan["accessories"], loan["accessories_other"]) == (
        True,
        ["charger", "mouse"],
        ["Stylet USB-C"],
    )
    agreement = server.api("GET", f"/api/v1/loans/{loan['id']}/agreement.pdf", "sophie")
    assert sum(len(p.images) for p in PdfReader(io.BytesIO(agreement.content)).pages) == 1

    # The charger does not come back: the scan page says so, and the loan, and the worklist.
    page.goto("/desk/return")
    scan(page, tag)
    result = page.locator("#scan-result")
    result.get_by_label("Souris").check()
    result.get_by_role("button", name="Enregistrer le retour").click()
    _confirm(page)
    line = page.locator("[data-return-result]")
    expect(line).to_contain_text(f"{tag} rendu — Incomplet — manquant : Chargeur")
    expect(page.locator("[data-scan-input]")).to_be_focused()
    page.get_by_role("link", name="Prêt", exact=True).click()
    expect(page.locator("[data-accessories-missing]")).to_have_text("Chargeur")
    page.goto("/desk")
    expect(page.locator(".worklist")).to_contain_text("L'appareil est revenu sans : chargeur.")


def test_a_loan_signed_on_paper_and_corrected_while_active(page: Page, server: Server) -> None:
    person = _beneficiary(server, "Jan Peeters")
    tag = available_device(server, serial_number="SN-PAPER-0001")
    log_in(page, "sophie")
    page.goto(f"/desk/lend?beneficiary={person['id']}")
    scan(page, tag)
    page.get_by_role("button", name="Vérifier le prêt").click()
    page.get_by_role("button", name="Confirmer le prêt").click()
    _confirm(page)
    expect(page.get_by_text("Sur papier")).to_be_visible()
    edit = page.locator("#edit-title").locator("xpath=..")
    edit.get_by_label("Chargeur").check()
    edit.get_by_label("Notes").fill("Chargeur donné le lendemain")
    edit.get_by_role("button", name="Enregistrer la correction").click()
    expect(page.get_by_role("status")).to_contain_text("historique garde les valeurs précédentes")
    expect(page.locator("[data-accessories]")).to_have_text("Chargeur")
    expect(page.locator("[data-loan-history]")).to_contain_text("Corrigé")
    [loan] = _loans_of(server, person)
    assert loan["accessories"] == ["charger"] and loan["signed"] is False


def test_the_waiting_list_from_the_beneficiary_page_to_a_loan(page: Page, server: Server) -> None:
    first = _beneficiary(server, "Première Attente")
    second = _beneficiary(server, "Deuxième Attente")
    third = _beneficiary(server, "Troisième Attente")
    log_in(page, "sophie")
    for person in (first, second, third):
        page.goto(f"/beneficiaries/{person['id']}")
        page.get_by_label("Appareil souhaité").select_option("tablet")
        page.get_by_role("button", name="Ajouter à la liste d'attente").click()
        expect(page.get_by_role("status")).to_contain_text("Ajouté à la liste d'attente")
    expect(page.locator("[data-reservations]")).to_contain_text("position 3")

    page.goto("/waiting-list?category=tablet")
    rows = page.locator("[data-reservation]")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Première Attente")
    # The first finds a tablet elsewhere: the others move up.
    rows.nth(0).get_by_label("Raison").fill("A reçu une tablette de sa famille")
    rows.nth(0).get_by_role("button", name="Retirer").click()
    _confirm(page)
    expect(page.get_by_role("status")).to_contain_text("les suivants avancent")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("[data-position]")).to_have_text("1")
    expect(rows.nth(0)).to_contain_text("Deuxième Attente")

    # A tablet becomes available: the worklist tells the social worker, who lends it.
    tablet = available_device(server, make="Samsung", model="Galaxy Tab A8", category="tablet")
    page.goto("/desk")
    entry = page.locator(".worklist__item--device_available")
    expect(entry).to_contain_text("Deuxième Attente")
    expect(entry).to_contain_text(tablet)
    entry.get_by_role("link", name="Prêter un appareil").click()
    expect(page.locator(".person")).to_contain_text("Depuis la liste d'attente")
    scan(page, tablet)
    page.get_by_role("button", name="Vérifier le prêt").click()
    page.get_by_role("button", name="Confirmer le prêt").click()
    _confirm(page)
    expect(page.get_by_role("status")).to_contain_text("L'appareil est prêté.")
    reservations = server.api("GET", "/api/v1/reservations", params={"category": "tablet"}).json()["items"]
    assert [(r["beneficiary_id"], r["status"]) for r in reservations] == [
        (first["id"], "cancelled"),
        (second["id"], "fulfilled"),
        (third["id"], "waiting"),
    ]
    assert reservations[2]["position"] == 1
