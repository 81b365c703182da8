"""A social worker at the desk, in a real browser: registers a beneficiary, lends a device with
two scans (the card, then the device), prints the agreement, and takes the device back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.browsing import Server, available_device, log_in, scan

pytestmark = pytest.mark.browser


def test_social_worker_lends_a_device_with_two_scans_and_takes_it_back(page: Page, server: Server) -> None:
    tag = available_device(server, serial_number="SN-LOAN-0001")
    log_in(page, "sophie")
    expect(page).to_have_url(re.compile(r"/desk$"))

    page.get_by_role("link", name="Nouveau bénéficiaire").click()
    page.get_by_label("Nom complet").fill("Çağrı Yılmaz")
    page.get_by_label("Langue des rappels et de la convention").select_option("nl")
    page.get_by_label("Téléphone").fill("0470 12 34 56")
    page.get_by_role("button", name="Enregistrer le bénéficiaire").click()
    notice = page.get_by_role("status")
    expect(notice).to_contain_text("Sa référence est B-")
    reference = re.search(r"B-\d{4}-\d{5}", notice.inner_text()).group(0)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Çağrı Yılmaz")

    # At the desk: the beneficiary's card, then the device.
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Nouveau prêt").click()
    scan(page, reference)
    expect(page.locator(".person__name")).to_contain_text("Çağrı Yılmaz")
    page.get_by_label("Chargeur").check()
    scan(page, tag.lower(), focused=False)  # the scanner types while a checkbox has the focus
    expect(page.get_by_role("status")).to_contain_text("L'appareil est prêté.")
    expect(page.locator(".badge")).to_have_text("Actif")
    expect(page.get_by_text("Chargeur", exact=True)).to_be_visible()
    agreement = page.request.get(
        page.get_by_role("link", name="Imprimer la convention de prêt").get_attribute("href")
    )
    assert agreement.status == 200 and agreement.body().startswith(b"%PDF")
    assert server.api("GET", f"/api/v1/devices/{tag}").json()["stage"] == "on_loan"

    # The technician's scan station shows the loan's due date, never who holds the device.
    loans = server.api("GET", "/api/v1/loans", params={"status": "active"}).json()["items"]
    assert [loan["asset_tag"] for loan in loans] == [tag]

    # Back at the desk, some weeks later: the device comes back damaged.
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Retours").click()
    scan(page, tag)
    result = page.locator("#scan-result")
    expect(result).to_contain_text("Çağrı Yılmaz")
    result.get_by_label("Abîmé").check()
    result.get_by_label("Notes").fill("Écran fissuré")
    result.get_by_role("button", name="Enregistrer le retour").click()
    expect(page.get_by_role("status")).to_contain_text("Retour enregistré")
    expect(page.locator(".badge")).to_have_text("Rendu")
    assert server.api("GET", f"/api/v1/devices/{tag}").json()["stage"] == "returned"
    loan = server.api("GET", f"/api/v1/loans/{loans[0]['id']}").json()
    assert loan["status"] == "returned" and loan["return_condition"] == "damaged"


def test_a_technician_sees_until_when_a_device_is_lent_but_not_to_whom(page: Page, server: Server) -> None:
    tag = available_device(server, serial_number="SN-LOAN-0002")
    person = server.api(
        "POST",
        "/api/v1/beneficiaries",
        "sophie",
        json={"full_name": "Jan Peeters", "language": "nl", "consent_recorded_on": "2026-11-02"},
    ).json()
    server.api(
        "POST",
        "/api/v1/loans",
        "sophie",
        json={"asset_tag": tag, "beneficiary_id": person["id"], "due_on": "2027-02-01"},
    )
    log_in(page, "tech")
    scan(page, tag)
    card = page.locator("#scan-result .device")
    expect(card.locator(".badge")).to_have_text("En prêt")
    expect(card).to_contain_text("En prêt jusqu'au")
    expect(card).to_contain_text("2027")
    expect(card).not_to_contain_text("Jan Peeters")
    expect(card).not_to_contain_text(person["reference"])
