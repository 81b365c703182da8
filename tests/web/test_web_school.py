"""A school and the workshop, in a real browser: the school requests devices against its
voucher, the workshop reserves them by scanning and hands them over with a delivery note."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.web.browsing import Server, available_device, log_in, scan, scanner_burst

pytestmark = pytest.mark.browser


def test_a_school_requests_devices_and_the_workshop_hands_them_over(
    page: Page, server: Server, voucher: dict
) -> None:
    log_in(page, "ecole")
    expect(page).to_have_url(re.compile(r"/school$"))
    card = page.locator(".voucher", has_text=voucher["code"])
    expect(card).to_contain_text("3 / 3")
    # More than the voucher has left is refused, and nothing is taken from it.
    card.get_by_label("Nombre d'appareils").fill("4")
    card.get_by_role("button", name="Demander des appareils").click()
    expect(page.get_by_role("alert")).to_contain_text("Il ne reste pas assez d'appareils sur le chèque")
    card = page.locator(".voucher", has_text=voucher["code"])
    card.get_by_label("Nombre d'appareils").fill("2")
    card.get_by_label("Votre référence").fill("BC-2026-17")
    card.get_by_role("button", name="Demander des appareils").click()
    expect(page.get_by_role("status")).to_contain_text("Votre demande a été envoyée à l'atelier")
    expect(page.locator(".voucher", has_text=voucher["code"])).to_contain_text("1 / 3")
    expect(page.get_by_role("cell", name="Demandé")).to_be_visible()

    # The workshop prepares the request by scanning two available laptops.
    first = available_device(server, "Lenovo", "ThinkPad T480", serial_number="SCH-0001")
    second = available_device(server, "Lenovo", "ThinkPad T480", serial_number="SCH-0002")
    workshop = page.context.browser.new_context(base_url=server.url, locale="fr-BE")
    tech = workshop.new_page()
    log_in(tech, "tech")
    tech.goto("/redemptions")
    tech.get_by_role("link", name="Préparer").click()
    scan(tech, first)
    expect(tech.locator("#reservation")).to_contain_text(first)
    scan(tech, "SCH-0002")
    expect(tech.locator("#reservation .count")).to_have_text("2 / 2")
    scan(tech, first)  # a third one: the request is complete
    expect(tech.locator("#reservation [role=alert]")).to_be_visible()
    # Handing over asks first: cancelled, nothing moves; confirmed, the devices go.
    dialog = tech.locator("dialog[data-confirm-dialog]")
    tech.get_by_role("button", name="Remettre à l'école").click()
    expect(dialog).to_contain_text("Remettre ces appareils à l'école ?")
    dialog.get_by_role("button", name="Annuler").click()
    assert server.api("GET", f"/api/v1/devices/{first}").json()["stage"] == "reserved"
    tech.get_by_role("button", name="Remettre à l'école").click()
    dialog.get_by_role("button", name="Confirmer").click()
    expect(tech.get_by_role("status")).to_contain_text("les appareils sont maintenant attribués à l'école")
    note = tech.request.get(
        tech.get_by_role("link", name="Imprimer le bon de livraison").get_attribute("href")
    )
    assert note.status == 200 and note.body().startswith(b"%PDF")
    workshop.close()

    # The school sees its request handed over, its delivery note and its equipment.
    page.reload()
    expect(page.get_by_role("cell", name="Remis")).to_be_visible()
    expect(page.locator(".equipment")).to_contain_text(first)
    expect(page.locator(".equipment")).to_contain_text(second)
    delivery = page.request.get(page.get_by_role("link", name="Bon de livraison").first.get_attribute("href"))
    assert delivery.status == 200
    for tag in (first, second):
        assert server.api("GET", f"/api/v1/devices/{tag}").json()["stage"] == "allocated"

    # Giving one back asks first too.
    item = page.locator(".equipment__item", has_text=second)
    item.get_by_text("Le rendre").click()
    item.get_by_role("button", name="Rendre l'appareil").click()
    dialog = page.locator("dialog[data-confirm-dialog]")
    expect(dialog).to_contain_text(f"Rendre {second} ?")
    dialog.get_by_role("button", name="Annuler").click()
    assert server.api("GET", f"/api/v1/devices/{second}").json()["stage"] == "allocated"
    item.get_by_role("button", name="Rendre l'appareil").click()
    dialog.get_by_role("button", name="Confirmer").click()
    expect(page.locator(".equipment__item", has_text=second)).to_have_count(0)
    assert server.api("GET", f"/api/v1/devices/{second}").json()["stage"] != "allocated"


def test_a_school_never_sees_another_schools_pages(page: Page, server: Server, voucher: dict) -> None:
    log_in(page, "ecole")
    for path in ("/scan", "/desk", "/redemptions", "/admin/schools", "/beneficiaries"):
        assert page.request.get(path).status == 403, path
    other = server.api("POST", "/api/v1/schools", json={"name": "Autre école", "fase_number": "9876"}).json()
    programme = server.api("GET", "/api/v1/programmes").json()["items"][0]
    theirs = server.api(
        "POST",
        "/api/v1/vouchers",
        json={
            "programme_id": programme["id"],
            "school_id": other["id"],
            "quantity": 1,
            "expires_on": (date.today() + timedelta(days=30)).isoformat(),
        },
    ).json()
    assert theirs["code"] not in page.content()
    assert page.request.get(f"/school/vouchers/{theirs['code']}/voucher.pdf").status == 404
    assert page.request.get(f"/school/vouchers/{theirs['code']}/equipment").status == 404


def test_a_school_registers_equipment_it_bought_with_its_voucher(
    page: Page, server: Server, voucher: dict
) -> None:
    issued = server.api(
        "POST",
        "/api/v1/vouchers",
        json={
            "programme_id": voucher["programme_id"],
            "school_id": voucher["school_id"],
            "quantity": 2,
            "category": "laptop",
            "expires_on": (date.today() + timedelta(days=60)).isoformat(),
        },
    )
    assert issued.status_code == 201, issued.text
    code = issued.json()["code"]
    log_in(page, "ecole")
    card = page.locator(".voucher", has_text=code)
    card.get_by_role("link", name="Enregistrer du matériel acheté avec ce chèque").click()
    expect(page).to_have_url(re.compile(f"/school/vouchers/{code}/equipment$"))
    expect(page.get_by_label("Catégorie")).to_have_value("laptop")

    # Scanner discipline: Enter moves on, a Relais code scanned into the serial number is caught.
    make = page.get_by_label("Marque")
    make.fill("Lenovo")
    make.press("Enter")
    expect(page.get_by_label("Modèle")).to_be_focused()
    expect(page).to_have_url(re.compile(f"/school/vouchers/{code}/equipment$"))
    serial = page.get_by_label("Numéro de série")
    serial.focus()
    scanner_burst(page, "RL-000123")
    expect(page.locator("[data-scan-warning]")).to_contain_text("ressemble à un scan")
    expect(serial).to_have_value("")

    # Without a model: refused, the error next to the field, what was typed kept.
    page.get_by_role("button", name="Enregistrer l'appareil").click()
    expect(page.locator("#model-error")).to_have_text("Ce champ est obligatoire.")
    expect(page.get_by_label("Marque")).to_have_value("Lenovo")
    assert server.api("GET", f"/api/v1/vouchers/{code}").json()["remaining"] == 2

    page.get_by_label("Modèle").fill("ThinkPad E14")
    page.get_by_label("Numéro de série").fill("PF-2026-1")
    page.get_by_label("Fournisseur").fill("Bureau Plus")
    page.get_by_label("Numéro de facture").fill("F-2026-88")
    page.get_by_role("button", name="Enregistrer l'appareil").click()
    expect(page).to_have_url(re.compile(r"/school\?done=registered$"))
    expect(page.get_by_role("status")).to_contain_text("L'appareil acheté avec le chèque est enregistré")
    expect(page.locator(".equipment")).to_contain_text("ThinkPad E14")
    expect(page.locator(".voucher", has_text=code)).to_contain_text("1 / 2")
    [device] = server.api("GET", "/api/v1/devices", params={"q": "PF-2026-1"}).json()["items"]
    assert device["stage"] == "allocated" and device["funding"] == "voucher"
