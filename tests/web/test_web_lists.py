"""The device and loan lists in a real browser: a coordinator searches and filters the register
as they type (the URL follows, so the view can be bookmarked), and a social worker finds the
overdue loans of the desk."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.web.browsing import Server, available_device, log_in
from tests.web.test_web_coordinator import lend, make_overdue

pytestmark = pytest.mark.browser


def _intake(server: Server, **fields: object) -> str:
    body = {"category": "laptop", "make": "HP", "model": "EliteBook 840 G5", **fields}
    response = server.api("POST", "/api/v1/devices", "tech", json=body)
    assert response.status_code == 201, response.text
    return response.json()["asset_tag"]


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_a_coordinator_searches_and_filters_the_devices_as_they_type(page: Page, server: Server) -> None:
    spf = [_intake(server, donor="SPF Finances", batch="SPF-2026", serial_number=f"5CG{n}") for n in range(3)]
    other = _intake(server, make="Dell", model="Latitude 5490", donor="Société Générale", serial_number="DL1")
    phone = _intake(server, category="phone", make="Samsung", model="Galaxy A52", donor="SPF Finances")
    log_in(page, "admin")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Appareils").click()
    expect(page).to_have_url(re.compile(r"/devices$"))
    rows = page.locator("#device-table tbody tr")
    expect(rows).to_have_count(5)

    # Typing narrows the table without a page load; accents and case do not matter.
    page.get_by_label("Rechercher").press_sequentially("societe", delay=20)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(other)
    expect(page).to_have_url(re.compile(r"q=societe"))

    # Filters combine with the search and stay in the URL.
    page.get_by_label("Rechercher").fill("")
    page.get_by_label("Rechercher").press_sequentially("spf", delay=20)
    expect(rows).to_have_count(4)
    page.get_by_label("Catégorie").select_option("laptop")
    expect(rows).to_have_count(3)
    expect(page.locator("#device-count")).to_contain_text("3 appareils")
    assert query_of(page)["category"] == ["laptop"] and query_of(page)["q"] == ["spf"]
    assert sorted(rows.locator("td:first-child").all_inner_texts()) == sorted(spf)
    assert phone not in rows.locator("td:first-child").all_inner_texts()

    # The URL is the view: opened afresh, it shows the same devices and the same filter.
    page.goto(page.url)
    expect(rows).to_have_count(3)
    expect(page.get_by_label("Catégorie")).to_have_value("laptop")
    expect(page.get_by_label("Rechercher")).to_have_value("spf")

    # A sortable column, and a row that leads to its device.
    page.locator("#device-table thead").get_by_role("link", name="Modèle").click()
    expect(page).to_have_url(re.compile(r"sort=model"))
    expect(page.locator('#device-table th[aria-sort="ascending"]')).to_have_text("Modèle")
    expect(rows).to_have_count(3)
    rows.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/devices/RL-\d{6}$"))

    # A scanned asset tag (typed, then Enter) opens its device straight away.
    page.goto("/devices")
    page.get_by_label("Rechercher").fill(phone.lower())
    page.get_by_label("Rechercher").press("Enter")
    expect(page).to_have_url(re.compile(rf"/devices/{phone}$"))


def test_a_social_worker_sees_the_overdue_loans(page: Page, server: Server) -> None:
    late = lend(server, available_device(server, serial_number="LATE-1"), "Çağrı Öztürk")
    lend(server, available_device(server, serial_number="FINE-1"), "Zoë Lefèvre")
    make_overdue(server, late, days=12)
    log_in(page, "sophie")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Prêts").click()
    expect(page).to_have_url(re.compile(r"/loans$"))
    rows = page.locator("#loan-table tbody tr")
    expect(rows).to_have_count(2)

    page.locator('[data-view="overdue"]').click()
    expect(page).to_have_url(re.compile(r"view=overdue"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Çağrı Öztürk")
    expect(rows.first).to_contain_text("Dell")
    expect(rows.first.locator("td.num")).to_have_text("12")
    expect(page.locator('[data-view="overdue"] .count')).to_have_text("1")

    # Searching keeps the view; a name typed without its accents finds the person.
    page.get_by_label("Rechercher").press_sequentially("ozturk", delay=20)
    expect(page).to_have_url(re.compile(r"q=ozturk"))
    expect(rows).to_have_count(1)
    assert "view=overdue" in page.url
    rows.first.get_by_role("link", name=late["asset_tag"]).click()
    expect(page).to_have_url(re.compile(rf"/loans/{late['id']}$"))
