"""Corrections in a real browser: a technician fixes a mistyped serial and reads the change in
the device's history; a coordinator fixes the school of a school user created with a wrong one."""

from __future__ import annotations

import re
import sqlite3

import pytest
from playwright.sync_api import Page, expect

from tests.web.browsing import PASSWORD, Server, log_in

pytestmark = pytest.mark.browser


def test_a_technician_corrects_a_mistyped_serial_and_sees_it_in_the_history(
    page: Page, server: Server
) -> None:
    body = {"category": "laptop", "make": "HP", "model": "EliteBook 840", "serial_number": "5CG7O2"}
    tag = server.api("POST", "/api/v1/devices", "tech", json=body).json()["asset_tag"]
    log_in(page, "tech")
    page.goto(f"/devices/{tag}")
    page.get_by_role("link", name="Corriger les données").click()
    expect(page).to_have_url(re.compile(rf"/devices/{tag}/edit$"))
    serial = page.get_by_label("Numéro de série")
    expect(serial).to_have_value("5CG7O2")
    serial.fill("5CG702")
    # No reason: refused beside the field, what was typed kept.
    page.get_by_role("button", name="Enregistrer la correction").click()
    expect(page.locator("#reason-error")).to_have_text("Ce champ est obligatoire.")
    expect(page.get_by_label("Numéro de série")).to_have_value("5CG702")
    page.get_by_label("Motif de la correction").fill("lettre O au lieu du chiffre 0")
    page.get_by_role("button", name="Enregistrer la correction").click()
    expect(page).to_have_url(re.compile(rf"/devices/{tag}\?done=correct$"))
    expect(page.get_by_text("La correction est inscrite dans l’historique de l’appareil.")).to_be_visible()
    history = page.locator(".timeline__item").first
    expect(history).to_contain_text("Correction")
    expect(history.locator("del")).to_have_text("5CG7O2")
    expect(history.locator("ins")).to_have_text("5CG702")
    expect(history).to_contain_text("Motif : lettre O au lieu du chiffre 0")
    expect(page.locator(".facts")).to_contain_text("5CG702")
    # The stage did not move.
    expect(page.locator(".device__head .badge")).to_have_text("Reçu")


def test_a_coordinator_fixes_the_school_of_a_school_user_created_with_a_wrong_one(
    page: Page, server: Server
) -> None:
    school = server.api("POST", "/api/v1/schools", json={"name": "Institut Saint-Luc", "fase_number": "8801"})
    assert school.status_code == 201, school.text
    # As the service allowed before it checked: a school user of school 1001, which does not exist.
    server.create_user("direction", "technician")
    with sqlite3.connect(server.database) as connection:
        connection.execute(
            "UPDATE relais_user SET role = 'school', school_id = 1001 WHERE username = 'direction'"
        )
    log_in(page, "admin")
    page.goto("/admin/users")
    row = page.get_by_role("row").filter(has_text="direction")
    expect(row).to_contain_text("École 1001 inconnue")
    row.get_by_role("link", name="Modifier").click()
    expect(page.get_by_role("status")).to_contain_text("école numéro 1001, qui n’existe pas")
    page.get_by_label("Nom complet").fill("Marie Direction")
    page.get_by_label("École (pour le personnel d'école)").select_option(
        label="Institut Saint-Luc (FASE 8801)"
    )
    page.get_by_role("button", name="Enregistrer le compte").click()
    expect(page).to_have_url(re.compile(r"/admin/users\?done=updated$"))
    row = page.get_by_role("row").filter(has_text="direction")
    expect(row).to_contain_text("Institut Saint-Luc")
    expect(row).to_contain_text("Marie Direction")
    # The school user now reaches its school's portal instead of an error page.
    page.context.clear_cookies()
    log_in(page, "direction", PASSWORD)
    expect(page).to_have_url(re.compile(r"/school$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Institut Saint-Luc")
