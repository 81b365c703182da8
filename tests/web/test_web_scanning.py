"""Scanner-proof and mistake-proof forms, in a real browser: a keyboard-wedge scanner's burst
into a field that is not a scan field saves nothing, Enter moves on instead of submitting,
irreversible actions ask first, a failed wipe warns, and a batch's double scan reads "already
done"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.browsing import WORKSHOP_PATH, Server, available_device, log_in, scan, scanner_burst

pytestmark = pytest.mark.browser

LOOKS_LIKE_A_SCAN = "ressemble à un scan"


def received_device(server: Server, model: str, **fields: object) -> str:
    body = {"category": "laptop", "make": "Dell", "model": model, **fields}
    response = server.api("POST", "/api/v1/devices", "tech", json=body)
    assert response.status_code == 201, response.text
    return response.json()["asset_tag"]


def wiped_device(server: Server, model: str) -> str:
    tag = received_device(server, model)
    action, body = WORKSHOP_PATH[0]
    assert server.api("POST", f"/api/v1/devices/{tag}/actions/{action}", "tech", json=body).status_code == 200
    return tag


def events_of(server: Server, tag: str) -> list[str]:
    return [event["action"] for event in server.api("GET", f"/api/v1/devices/{tag}/events").json()["items"]]


def stage_of(server: Server, tag: str) -> str:
    return server.api("GET", f"/api/v1/devices/{tag}").json()["stage"]


def expect_caught(page: Page, field, code: str) -> None:
    warning = page.locator("[data-scan-warning]")
    expect(warning).to_contain_text(LOOKS_LIKE_A_SCAN)
    expect(warning).to_contain_text(code)
    expect(field).to_have_value("")


def loan_of(server: Server, model: str, name: str) -> dict:
    tag = available_device(server, "Dell", model)
    person = server.api(
        "POST",
        "/api/v1/beneficiaries",
        "sophie",
        json={"full_name": name, "language": "fr", "consent_recorded_on": "2026-11-02"},
    ).json()
    loan = server.api(
        "POST",
        "/api/v1/loans",
        "sophie",
        json={"asset_tag": tag, "beneficiary_id": person["id"], "due_on": "2027-02-01"},
    )
    assert loan.status_code == 201, loan.text
    return {**loan.json(), "reference": person["reference"], "beneficiary_id": person["id"]}


def confirm_dialog(page: Page):
    return page.locator("dialog[data-confirm-dialog]")


def test_a_scan_into_the_intake_forms_serial_number_saves_nothing_and_enter_never_submits(
    page: Page, server: Server
) -> None:
    log_in(page, "tech")
    page.goto("/intake")
    page.get_by_label("Catégorie").select_option("laptop")
    page.get_by_label("Marque").fill("HP")
    page.get_by_label("Modèle").fill("EliteBook 840")
    serial = page.get_by_label("Numéro de série")
    serial.focus()
    # The device's asset label scanned where its maker's serial number goes: caught, not saved.
    scanner_burst(page, "RL-000042")
    expect_caught(page, serial, "RL-000042")
    expect(page).to_have_url(re.compile(r"/intake$"))
    # The maker's sticker is what this field takes: it stays, and Enter moves on, not submits.
    scanner_burst(page, "5CD1234XYZ")
    expect(serial).to_have_value("5CD1234XYZ")
    expect(page.locator("[data-scan-warning]")).to_have_count(0)
    expect(page.get_by_label("Donateur", exact=True)).to_be_focused()
    page.keyboard.type("Ville de Namur")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Numéro d'inventaire du donateur")).to_be_focused()
    expect(page).to_have_url(re.compile(r"/intake$"))
    assert server.api("GET", "/api/v1/devices", params={"q": "EliteBook"}).json()["items"] == []

    # Only the button, or Ctrl+Enter, registers the device.
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("status")).to_contain_text("Appareil enregistré sous")
    [device] = server.api("GET", "/api/v1/devices", params={"q": "EliteBook"}).json()["items"]
    assert device["serial_number"] == "5CD1234XYZ" and device["donor"] == "Ville de Namur"


def test_a_scan_into_the_wipe_forms_tool_field_records_no_wipe(page: Page, server: Server) -> None:
    tag = received_device(server, "Latitude 7390")
    log_in(page, "tech")
    page.goto(f"/devices/{tag}/actions/wipe")
    page.get_by_label("Méthode").select_option("nist-800-88-purge")
    tool = page.get_by_label("Outil et version")
    tool.focus()
    scanner_burst(page, "RL-000011")
    expect_caught(page, tool, "RL-000011")
    expect(page).to_have_url(re.compile(f"/devices/{tag}/actions/wipe$"))
    # Typed by hand, then Enter: the next field, still nothing recorded.
    tool.fill("nwipe 0.37")
    tool.press("Enter")
    expect(page.get_by_label("Vérification")).to_be_focused()
    assert events_of(server, tag) == ["intake"]
    assert stage_of(server, tag) == "received"

    page.locator('form[action$="/actions/wipe"] button[type=submit]').click()
    expect(page.locator(".device .badge")).to_have_text("Effacé")
    certificate = server.api("GET", f"/api/v1/devices/{tag}/events").json()["items"][-1]["data"]
    assert certificate["tool"] == "nwipe 0.37"


def test_a_scan_into_the_refurbishment_form_records_nothing(page: Page, server: Server) -> None:
    tag = wiped_device(server, "Latitude 5400")
    log_in(page, "tech")
    page.goto(f"/devices/{tag}/actions/refurbish")
    page.get_by_role("button", name="Tout cocher comme réussi").click()
    page.get_by_label("B", exact=True).check()
    system = page.get_by_label("Système d'exploitation installé")
    system.focus()
    scanner_burst(page, tag)
    expect_caught(page, system, tag)
    assert stage_of(server, tag) == "wiped"
    system.fill("Linux Mint 22")
    system.press("Enter")
    expect(page).to_have_url(re.compile(f"/devices/{tag}/actions/refurbish$"))
    assert stage_of(server, tag) == "wiped"


def test_a_scan_into_the_stock_take_form_opens_no_count(page: Page, server: Server) -> None:
    response = server.api(
        "POST", "/api/v1/sites", json={"code": "depot", "name": "Dépôt", "kind": "workshop"}
    )
    assert response.status_code in (201, 409), response.text
    log_in(page, "tech")
    page.goto("/scan/counts")
    site = page.get_by_label("Site")
    site.select_option("depot")
    site.focus()
    page.keyboard.press("Enter")  # moves on, does not open the count
    notes = page.get_by_label("Notes")
    expect(notes).to_be_focused()
    scanner_burst(page, "RL-000007")
    expect_caught(page, notes, "RL-000007")
    expect(page).to_have_url(re.compile(r"/scan/counts$"))
    expect(page.get_by_text("Aucun comptage n'est ouvert.")).to_be_visible()


def test_a_scan_into_the_lend_and_return_forms_saves_nothing(page: Page, server: Server) -> None:
    tag = available_device(server, "Dell", "Latitude 3190")
    person = server.api(
        "POST",
        "/api/v1/beneficiaries",
        "sophie",
        json={"full_name": "Awa Diallo", "language": "fr", "consent_recorded_on": "2026-11-02"},
    ).json()
    log_in(page, "sophie")
    page.goto("/desk/lend")
    scan(page, person["reference"])
    expect(page.locator(".person__name")).to_contain_text("Awa Diallo")
    scan(page, tag)  # the device scan is its own step; nothing is stored before the confirmation
    others = page.get_by_label("Autres accessoires")
    others.focus()
    scanner_burst(page, tag)
    expect_caught(page, others, tag)
    assert server.api("GET", "/api/v1/loans", params={"status": "active"}).json()["items"] == [] or all(
        loan["asset_tag"] != tag for loan in server.api("GET", "/api/v1/loans").json()["items"]
    )
    assert stage_of(server, tag) == "available"

    loan = loan_of(server, "Latitude 3380", "Jan Peeters")
    page.goto("/desk/return")
    scan(page, loan["asset_tag"])
    notes = page.locator("#scan-result").get_by_label("Notes")
    notes.focus()
    scanner_burst(page, loan["asset_tag"])
    expect_caught(page, notes, loan["asset_tag"])
    expect(confirm_dialog(page)).to_be_hidden()
    assert server.api("GET", f"/api/v1/loans/{loan['id']}").json()["status"] == "active"


def test_a_loss_asks_first_and_needs_a_reason(page: Page, server: Server) -> None:
    loan = loan_of(server, "Latitude 5280", "Marie Dubois")
    log_in(page, "sophie")
    page.goto(f"/loans/{loan['id']}")
    record = page.get_by_role("button", name="Enregistrer la perte")
    # Without a reason: asked, confirmed, refused with the field to fill.
    record.click()
    dialog = confirm_dialog(page)
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(f"Enregistrer {loan['asset_tag']} comme perdu")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        dialog.get_by_role("button", name="Confirmer").click()
    assert answer.value.status == 400
    expect(page.locator(".field--error")).to_contain_text("Ce qui s'est passé")
    assert server.api("GET", f"/api/v1/loans/{loan['id']}").json()["status"] == "active"

    # With a reason, but cancelled: nothing happens.
    page.get_by_label("Ce qui s'est passé").fill("Volé dans le bus")
    record.click()
    dialog.get_by_role("button", name="Annuler").click()
    expect(dialog).to_be_hidden()
    assert server.api("GET", f"/api/v1/loans/{loan['id']}").json()["status"] == "active"

    record.click()
    dialog.get_by_role("button", name="Confirmer").click()
    expect(page.locator(".badge")).to_have_text("Perdu")
    lost = server.api("GET", f"/api/v1/loans/{loan['id']}").json()
    assert lost["status"] == "lost"

    # The API keeps the reason optional, as its published contract says.
    other = loan_of(server, "Latitude 5290", "Omar Haddad")
    answer = server.api("POST", f"/api/v1/loans/{other['id']}/report-lost", "sophie", json={})
    assert answer.status_code == 200 and answer.json()["status"] == "lost"


def test_a_return_asks_first(page: Page, server: Server) -> None:
    loan = loan_of(server, "Latitude 7280", "Lucie Martin")
    log_in(page, "sophie")
    page.goto(f"/loans/{loan['id']}")
    page.get_by_role("button", name="Enregistrer le retour").click()
    dialog = confirm_dialog(page)
    expect(dialog).to_contain_text(f"Enregistrer le retour de {loan['asset_tag']}")
    page.keyboard.press("Escape")  # Escape cancels, like the button
    expect(dialog).to_be_hidden()
    assert server.api("GET", f"/api/v1/loans/{loan['id']}").json()["status"] == "active"
    page.get_by_role("button", name="Enregistrer le retour").click()
    dialog.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("status")).to_contain_text("Retour enregistré")
    assert server.api("GET", f"/api/v1/loans/{loan['id']}").json()["status"] == "returned"


def test_retiring_a_device_asks_first(page: Page, server: Server) -> None:
    tag = wiped_device(server, "Latitude E6440")
    log_in(page, "tech")
    page.goto(f"/devices/{tag}/actions/retire")
    page.get_by_label("Raison").select_option(index=1)
    submit = page.locator("form.card button[type=submit]")
    submit.click()
    dialog = confirm_dialog(page)
    expect(dialog).to_contain_text(f"Retirer {tag} définitivement")
    dialog.get_by_role("button", name="Annuler").click()
    assert stage_of(server, tag) == "wiped"
    submit.click()
    dialog.get_by_role("button", name="Confirmer").click()
    expect(page.locator(".device .badge")).to_have_text("Retiré")
    assert stage_of(server, tag) == "retired"


def test_a_failed_wipe_warns_and_says_what_to_do_next(page: Page, server: Server) -> None:
    tag = received_device(server, "Latitude E7450")
    log_in(page, "tech")
    page.goto(f"/devices/{tag}/actions/wipe")
    page.get_by_label("Méthode").select_option("nist-800-88-purge")
    page.get_by_label("Échoué").check()
    page.get_by_label("Outil et version").fill("nwipe 0.37")
    page.locator('form[action$="/actions/wipe"] button[type=submit]').click()
    warning = page.locator("[data-wipe-failed]")
    expect(warning).to_be_visible()
    expect(warning).to_have_class(re.compile("alert--warning"))
    expect(warning).to_contain_text("L'effacement a échoué")
    expect(page.locator(".alert--success")).to_have_count(0)
    assert stage_of(server, tag) == "received"
    # What to do next: wipe again, destroy the storage, retire.
    expect(warning.get_by_role("link")).to_have_count(3)
    warning.get_by_role("link", name="Détruire").click()
    expect(page.get_by_label("Méthode")).to_have_value("physical-destruction")
    page.goto(f"/devices/{tag}")
    expect(page.locator("[data-wipe-failed]")).to_have_count(0)


def test_a_device_scanned_twice_in_a_batch_is_already_done_not_refused(page: Page, server: Server) -> None:
    tag = received_device(server, "Latitude 7490")
    other = wiped_device(server, "Latitude 7480")
    log_in(page, "tech")
    page.goto("/scan/batch?action=wipe")
    page.get_by_label("Méthode").select_option("nist-800-88-purge")
    # The batch's settings are a form like the others: a scan there does not start the batch.
    tool = page.get_by_label("Outil et version")
    tool.focus()
    scanner_burst(page, tag)
    expect_caught(page, tool, tag)
    expect(page).to_have_url(re.compile(r"/scan/batch\?action=wipe$"))
    tool.fill("nwipe 0.37")
    page.get_by_role("button", name="Commencer à scanner").click()
    scan(page, tag)
    expect(page.locator("#batch-log .result").first).to_have_attribute("data-outcome", "ok")
    scan(page, tag.lower())
    again = page.locator("#batch-log .result").first
    expect(again).to_have_attribute("data-outcome", "again")
    expect(again).to_contain_text("Déjà fait")
    expect(page.locator("[data-tally-ok]")).to_have_text("1")
    expect(page.locator("[data-tally-again]")).to_have_text("1")
    expect(page.locator("[data-tally-refused]")).to_have_text("0")
    # A device this batch did not do, already wiped elsewhere: that one is refused.
    scan(page, other)
    refusal = page.locator("#batch-log .result").first
    expect(refusal).to_have_attribute("data-outcome", "refused")
    expect(refusal).to_contain_text("n'est pas possible maintenant")
    expect(page.locator("[data-tally-refused]")).to_have_text("1")
    assert events_of(server, tag) == ["intake", "wipe"]


def test_a_failed_wipe_in_a_batch_reads_failed_and_counts_as_failed(page: Page, server: Server) -> None:
    tag = received_device(server, "Latitude 7400")
    log_in(page, "tech")
    page.goto("/scan/batch?action=wipe")
    page.get_by_label("Méthode").select_option("nist-800-88-purge")
    page.get_by_label("Échoué").check()
    page.get_by_label("Outil et version").fill("nwipe 0.37")
    page.get_by_role("button", name="Commencer à scanner").click()
    scan(page, tag)
    result = page.locator("#batch-log .result").first
    expect(result).to_have_attribute("data-outcome", "failed")
    expect(result).to_have_class(re.compile("result--warn"))
    expect(result).to_contain_text("L'effacement a échoué")
    # What to do next: wipe again, destroy the storage, retire.
    expect(result.get_by_role("link", name="à nouveau")).to_be_visible()
    expect(result.get_by_role("link", name="Détruire")).to_have_attribute(
        "href", f"/devices/{tag}/actions/wipe?method=physical-destruction"
    )
    expect(result.get_by_role("link", name="Retirer l'appareil")).to_be_visible()
    expect(page.locator("[data-tally-failed]")).to_have_text("1")
    expect(page.locator("[data-tally-ok]")).to_have_text("0")
    expect(page.locator(".tally__item--warn")).to_contain_text("effacement échoué")
    assert stage_of(server, tag) == "received"
    # Scanned twice: already done, and the failure is not recorded a second time.
    scan(page, tag)
    expect(page.locator("#batch-log .result").first).to_have_attribute("data-outcome", "again")
    expect(page.locator("[data-tally-failed]")).to_have_text("1")
    assert events_of(server, tag) == ["intake", "wipe"]


def test_a_batch_of_retirements_asks_before_it_starts(page: Page, server: Server) -> None:
    tag = wiped_device(server, "Latitude E5470")
    log_in(page, "tech")
    page.goto("/scan/batch?action=retire")
    page.get_by_label("Raison").select_option(index=1)
    start = page.get_by_role("button", name="Commencer à scanner")
    start.click()
    dialog = confirm_dialog(page)
    expect(dialog).to_contain_text("Retirer définitivement chaque appareil scanné dans ce lot")
    dialog.get_by_role("button", name="Annuler").click()
    expect(dialog).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/scan/batch\?action=retire$"))
    expect(page.get_by_label("Raison")).not_to_have_value("")
    assert stage_of(server, tag) == "wiped"

    start.click()
    dialog.get_by_role("button", name="Confirmer").click()
    expect(page).to_have_url(re.compile(r"/scan/batch/run\?"))
    scan(page, tag)
    expect(page.locator("#batch-log .result").first).to_have_attribute("data-outcome", "ok")
    assert stage_of(server, tag) == "retired"


def test_closing_a_stock_take_asks_first(page: Page, server: Server) -> None:
    response = server.api(
        "POST", "/api/v1/sites", json={"code": "annexe", "name": "Annexe Sud", "kind": "workshop"}
    )
    assert response.status_code == 201, response.text
    opened = server.api("POST", "/api/v1/stock-counts", "tech", json={"site": "annexe"})
    assert opened.status_code == 201, opened.text
    count = opened.json()["id"]
    log_in(page, "tech")
    page.goto(f"/scan/counts/{count}/result")
    close = page.get_by_role("button", name="Clôturer le comptage")
    close.click()
    dialog = confirm_dialog(page)
    expect(dialog).to_contain_text("Clôturer l'inventaire de Annexe Sud")
    dialog.get_by_role("button", name="Annuler").click()
    expect(dialog).to_be_hidden()
    assert server.api("GET", f"/api/v1/stock-counts/{count}", "tech").json()["status"] == "open"

    close.click()
    dialog.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("button", name="Clôturer le comptage")).to_have_count(0)
    assert server.api("GET", f"/api/v1/stock-counts/{count}", "tech").json()["status"] == "closed"


def test_a_scan_into_a_select_is_caught_and_leaves_its_choice(page: Page, server: Server) -> None:
    # A site whose name starts like an asset tag: a select's typeahead would jump to it.
    response = server.api(
        "POST", "/api/v1/sites", json={"code": "reserve", "name": "Réserve Nord", "kind": "workshop"}
    )
    assert response.status_code == 201, response.text
    log_in(page, "tech")

    # Intake: the site select keeps "No site" and nothing is registered.
    page.goto("/intake")
    page.get_by_label("Catégorie").select_option("laptop")
    page.get_by_label("Marque").fill("Acer")
    page.get_by_label("Modèle").fill("TravelMate P214")
    site = page.get_by_label("Site")
    expect(site).to_have_value("")
    site.focus()
    scanner_burst(page, "RL-000042")
    expect(page.locator("[data-scan-warning]")).to_contain_text(LOOKS_LIKE_A_SCAN)
    expect(page.locator("[data-scan-warning]")).to_contain_text("RL-000042")
    expect(site).to_have_value("")
    expect(page).to_have_url(re.compile(r"/intake$"))
    assert server.api("GET", "/api/v1/devices", params={"q": "TravelMate"}).json()["items"] == []

    # Wipe: "Réécriture, …" starts with the R of the tag; the method chosen stays.
    tag = received_device(server, "Latitude 3500")
    page.goto(f"/devices/{tag}/actions/wipe")
    method = page.get_by_label("Méthode")
    method.select_option("nist-800-88-purge")
    method.focus()
    scanner_burst(page, "RL-000011")
    expect(page.locator("[data-scan-warning]")).to_contain_text("RL-000011")
    expect(method).to_have_value("nist-800-88-purge")
    expect(page).to_have_url(re.compile(f"/devices/{tag}/actions/wipe$"))
    assert events_of(server, tag) == ["intake"]

    # Refurbishment has no select; a scan while a grade is focused changes and saves nothing.
    wiped = wiped_device(server, "Latitude 3510")
    page.goto(f"/devices/{wiped}/actions/refurbish")
    page.get_by_role("button", name="Tout cocher comme réussi").click()
    grade = page.get_by_label("B", exact=True)
    grade.check()
    grade.focus()
    scanner_burst(page, wiped)
    expect(grade).to_be_checked()
    expect(page).to_have_url(re.compile(f"/devices/{wiped}/actions/refurbish$"))
    assert stage_of(server, wiped) == "wiped"
