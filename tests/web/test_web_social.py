"""A social worker at the desk, in a real browser: registers a beneficiary, lends a device with
two scans (the card, then the device), prints the agreement, takes the device back, and renews
a loan whose reminders then follow the new due date."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date, format_datetime
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

    # At the desk: the beneficiary's card, then the device, then the details and a review.
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Nouveau prêt").click()
    scan(page, reference)
    expect(page.locator(".person__name")).to_contain_text("Çağrı Yılmaz")
    scan(page, tag.lower())
    page.get_by_label("Chargeur").check()
    page.get_by_role("button", name="Vérifier le prêt").click()
    assert server.api("GET", f"/api/v1/devices/{tag}").json()["stage"] == "available"
    page.get_by_role("button", name="Confirmer le prêt").click()
    page.locator("dialog[data-confirm-dialog]").get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("status")).to_contain_text("L'appareil est prêté.")
    expect(page.locator(".badge")).to_have_text("Actif")
    expect(page.locator("[data-accessories]")).to_have_text("Chargeur")
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
    result.get_by_label("Chargeur").check()
    result.get_by_label("Abîmé").check()
    result.get_by_label("Notes").fill("Écran fissuré")
    result.get_by_role("button", name="Enregistrer le retour").click()
    page.locator("dialog[data-confirm-dialog]").get_by_role("button", name="Confirmer").click()
    # Back to the scan field, with the result of that return.
    expect(page.locator("[data-return-result]")).to_contain_text(f"{tag} rendu — Abîmé")
    expect(page.locator("[data-scan-input]")).to_be_focused()
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


def planned_reminders(server: Server, loan_id: int) -> list[dict]:
    response = server.api("GET", f"/api/v1/loans/{loan_id}/reminders", "sophie")
    assert response.status_code == 200, response.text
    return [r for r in response.json()["items"] if r["status"] == "scheduled"]


def test_a_social_worker_renews_a_loan_and_its_reminders_follow_the_new_date(
    page: Page, server: Server
) -> None:
    tag = available_device(server, serial_number="SN-LOAN-0003")
    person = server.api(
        "POST",
        "/api/v1/beneficiaries",
        "sophie",
        json={
            "full_name": "Fatou <i>Diallo</i>",
            "language": "fr",
            "consent_recorded_on": date.today().isoformat(),
        },
    ).json()
    first_due = date.today() + timedelta(days=20)
    loan = server.api(
        "POST",
        "/api/v1/loans",
        "sophie",
        json={"asset_tag": tag, "beneficiary_id": person["id"], "due_on": first_due.isoformat()},
    ).json()
    before = planned_reminders(server, loan["id"])
    assert before

    log_in(page, "sophie")
    page.goto(f"/loans/{loan['id']}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(tag)
    renewal = page.get_by_role("region", name="Prolonger")
    # A date before the current due date is refused, and the loan is unchanged.
    renewal.get_by_label("Nouvelle échéance").fill((first_due - timedelta(days=1)).isoformat())
    renewal.get_by_role("button", name="Prolonger le prêt").click()
    expect(page.get_by_role("alert")).to_contain_text("Choisissez une date postérieure à l'échéance")
    assert (
        server.api("GET", f"/api/v1/loans/{loan['id']}", "sophie").json()["due_on"] == first_due.isoformat()
    )

    new_due = first_due + timedelta(weeks=6)
    renewal = page.get_by_role("region", name="Prolonger")
    renewal.get_by_label("Nouvelle échéance").fill(new_due.isoformat())
    renewal.get_by_role("button", name="Prolonger le prêt").click()
    shown = format_date(new_due, format="medium", locale="fr")
    expect(page.get_by_role("status")).to_contain_text(
        f"Prolongé jusqu'au {shown}. Les rappels suivent la nouvelle date."
    )
    due_back = page.locator(".facts div", has_text="À rendre le")
    expect(due_back).to_contain_text(shown)
    expect(due_back).to_contain_text("prolongé une fois")
    expect(page.locator(".facts")).to_contain_text("Fatou <i>Diallo</i>")  # escaped, shown as typed

    # The reminders not yet sent are cancelled and planned again from the new date.
    renewed = server.api("GET", f"/api/v1/loans/{loan['id']}", "sophie").json()
    assert (renewed["due_on"], renewed["renewals"]) == (new_due.isoformat(), 1)
    after = planned_reminders(server, loan["id"])
    assert len(after) == len(before)
    brussels = ZoneInfo("Europe/Brussels")
    [first] = [r for r in after if r["kind"] == "before_due"]
    assert datetime.fromisoformat(first["due_at"]).astimezone(brussels).date() == new_due - timedelta(days=7)
    rows = page.locator(".table tbody tr")
    expect(rows.filter(has_text="Annulé")).to_have_count(len(before))
    expect(rows.filter(has_text="Planifié")).to_have_count(len(after))
    for reminder in after:
        moment = format_datetime(
            datetime.fromisoformat(reminder["due_at"]), format="short", tzinfo=brussels, locale="fr"
        )
        expect(rows.filter(has_text="Planifié").filter(has_text=moment)).to_have_count(1)
