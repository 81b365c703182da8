"""A technician's day at the scan station, in a real browser: a donor's delivery registered in
batch mode, then wiped, refurbished and labelled by typing scans, each answered at once."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, Route, expect
from pypdf import PdfReader

from tests.web.browsing import Server, log_in, scan

pytestmark = pytest.mark.browser


def start_batch(page: Page, action: str) -> None:
    page.goto(f"/scan/batch?action={action}")


def expect_tally(page: Page, accepted: int, refused: int, again: int = 0) -> None:
    expect(page.locator("[data-tally-ok]")).to_have_text(str(accepted))
    expect(page.locator("[data-tally-again]")).to_have_text(str(again))
    expect(page.locator("[data-tally-refused]")).to_have_text(str(refused))


def test_technician_registers_wipes_refurbishes_and_labels_a_delivery_by_scanning(
    page: Page, server: Server
) -> None:
    log_in(page, "tech")
    expect(page).to_have_url(re.compile(r"/scan$"))

    # A donor's delivery: what the devices share once, then one scan per serial number.
    page.goto("/intake/batch")
    page.get_by_label("Catégorie").select_option("laptop")
    page.get_by_label("Marque").fill("Lenovo")
    page.get_by_label("Modèle").fill("ThinkPad T480")
    page.get_by_label("Donateur", exact=True).fill("SPF Finances")
    page.get_by_role("button", name="Commencer à scanner").click()
    expect(page.get_by_text("Ordinateur portable · Lenovo ThinkPad T480 · SPF Finances")).to_be_visible()
    scan(page, "PF-1ABC01")
    expect(page.locator("#batch-log .result--ok").first).to_contain_text("RL-000001")
    scan(page, "PF-1ABC02")
    expect(page.locator("#batch-log .result--ok").first).to_contain_text("RL-000002")
    scan(page, "pf-1abc01")  # the first one again: already done by this batch, not refused
    expect(page.locator("#batch-log .result").first).to_contain_text("enregistré par ce lot sous RL-000001")
    expect_tally(page, 2, 0, again=1)

    # Wipe in batch: the action and its settings once, then scan device after device.
    start_batch(page, "wipe")
    page.get_by_label("Méthode").select_option("nist-800-88-purge")
    page.get_by_label("Outil et version").fill("nwipe 0.37")
    page.get_by_role("button", name="Commencer à scanner").click()
    expect(page.locator("[data-batch-summary]")).to_contain_text("NIST 800-88 Purge")
    # Each answer also reaches the page's sound and colour feedback as an event.
    page.evaluate(
        "() => { window.heard = []; document.addEventListener('relais:scanned',"
        " (event) => window.heard.push(event.detail.outcome)); }"
    )
    scan(page, "RL-000001")
    expect(page.locator("#batch-log .result").first).to_contain_text("Effacé")
    scan(page, "PF-1ABC02")  # a serial number finds the device too
    expect(page.locator("#batch-log .result--ok")).to_have_count(2)
    scan(page, "RL-000001")  # wiped a moment ago by this batch: already done, not refused
    again = page.locator("#batch-log .result").first
    expect(again).to_have_class(re.compile("result--info"))
    expect(again).to_contain_text("Déjà fait dans ce lot")
    scan(page, "XX-404")
    expect(page.locator("#batch-log .result").first).to_contain_text("Code inconnu")
    expect_tally(page, 2, 1, again=1)
    # The event follows the swap by a few milliseconds ("after settle").
    page.wait_for_function("() => window.heard.length >= 4")
    assert page.evaluate("() => window.heard") == ["ok", "ok", "again", "unknown"]

    # Refurbish in batch: the checklist passed and the grade chosen once.
    start_batch(page, "refurbish")
    page.get_by_role("button", name="Tout cocher comme réussi").click()
    page.get_by_label("A", exact=True).check()
    page.get_by_label("Système d'exploitation installé").fill("Linux Mint 22")
    page.get_by_role("button", name="Commencer à scanner").click()
    scan(page, "RL-000001")
    scan(page, "RL-000002")
    expect(page.locator("#batch-log .result--ok")).to_have_count(2)
    expect(page.locator("#batch-log .result").first).to_contain_text("Reconditionné")

    # Labels for the refurbished devices, on a partly used sheet starting at position 4.
    page.get_by_role("link", name="Étiquettes").click()
    expect(page.get_by_role("checkbox", name="RL-000001")).to_be_checked()
    expect(page.get_by_role("checkbox", name="RL-000002")).to_be_checked()
    page.get_by_label("Planche ou rouleau").select_option("a4-63x38")
    page.locator('[data-sheet="a4-63x38"] [data-position="4"]').click()
    expect(page.get_by_label("Commencer à la position")).to_have_value("4")
    printed: dict[str, object] = {}

    def keep_the_pdf(route: Route) -> None:
        # The browser shows a PDF in its viewer, where the page cannot read it: keep a copy.
        response = route.fetch()
        if route.request.method == "POST":
            printed.update(
                status=response.status, type=response.headers["content-type"], body=response.body()
            )
        route.fulfill(response=response)

    page.route("**/labels", keep_the_pdf)
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/labels")):
        page.get_by_role("button", name="Imprimer les étiquettes").click()
    assert printed["status"] == 200 and printed["type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(printed["body"])).pages)
    assert "RL-000001" in text and "RL-000002" in text and "CPAS de Relais" in text

    # Labels stuck: scanning each printed label confirms it and makes the device available.
    start_batch(page, "label")
    page.get_by_role("button", name="Commencer à scanner").click()
    scan(page, "RL-000001")
    scan(page, "RL-000002")
    expect(page.locator("#batch-log .result--ok")).to_have_count(2)
    expect(page.locator("#batch-log .result").first).to_contain_text("Disponible")
    expect_tally(page, 2, 0)

    # The scan station shows the device, its whole history and its wipe certificate.
    page.goto("/scan")
    scan(page, "RL-000001")
    card = page.locator("#scan-result .device")
    expect(card.locator(".badge")).to_have_text("Disponible")
    expect(card.locator(".timeline__item")).to_have_count(4)
    # Listed among the device's certificates, and linked from the wipe in its history.
    expect(card.locator(".certificate-list").get_by_text("RL-WC-000001")).to_be_visible()
    expect(card.locator(".timeline").get_by_text("RL-WC-000001")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/scan\?code=RL-000001"))
    certificate = page.request.get("/devices/RL-000001/wipe-certificate.pdf")
    assert certificate.status == 200
    assert certificate.body().startswith(b"%PDF")


def test_one_device_goes_through_the_action_forms(page: Page, server: Server) -> None:
    log_in(page, "tech")
    page.goto("/intake")
    page.get_by_label("Catégorie").select_option("tablet")
    page.get_by_label("Marque").fill("Samsung")
    page.get_by_label("Modèle").fill("Galaxy Tab A8")
    page.get_by_label("Numéro de série").fill("R9-TAB-0001")
    page.get_by_role("button", name="Enregistrer l'appareil").click()
    expect(page.get_by_role("status")).to_contain_text("Appareil enregistré sous")
    tag = page.locator(".device__tag").inner_text().strip()

    page.get_by_role("link", name="Effacement des données").click()
    page.get_by_label("Méthode").select_option("factory-reset")
    page.get_by_label("Numéros de série des supports").fill("EMMC-123\nSD-456")
    page.locator("form.card").get_by_role("button", name="Effacement des données").click()
    expect(page.get_by_role("status")).to_contain_text("L'appareil est maintenant : Effacé")
    expect(page.locator(".device .badge")).to_have_text("Effacé")

    # A failed check cannot complete refurbishment: the form says so and nothing changes.
    page.get_by_role("link", name="Reconditionner").click()
    page.get_by_role("button", name="Tout cocher comme réussi").click()
    page.locator('input[name="checklist.camera"][value="fail"]').check()
    page.get_by_label("B", exact=True).check()
    page.locator("form.card").get_by_role("button", name="Reconditionner").click()
    expect(page.get_by_role("alert")).to_contain_text("Un contrôle a échoué")
    page.locator('input[name="checklist.camera"][value="pass"]').check()
    page.locator("form.card").get_by_role("button", name="Reconditionner").click()
    expect(page.locator(".device .badge")).to_have_text("Reconditionné")
    assert page.url.endswith(f"/devices/{tag}?done=refurbish")


def test_a_model_name_with_markup_is_shown_as_text(page: Page, server: Server) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, "tech")
    page.goto("/intake")
    page.get_by_label("Catégorie").select_option("phone")
    page.get_by_label("Marque").fill("Evil & Co")
    page.get_by_label("Modèle").fill("<script>alert(1)</script>")
    page.get_by_role("button", name="Enregistrer l'appareil").click()
    expect(page.locator(".device__model")).to_have_text("Téléphone · Evil & Co <script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in page.content().replace("&lt;script&gt;", "")
    tag = page.locator(".device__tag").inner_text().strip()
    page.goto("/scan")
    scan(page, tag)
    expect(page.locator("#scan-result .device__model")).to_contain_text("<script>alert(1)</script>")
    assert dialogs == []


def test_a_form_without_its_csrf_token_is_refused(page: Page, server: Server) -> None:
    log_in(page, "tech")
    page.goto("/intake")
    # A forged cross-site post carries the session cookie but cannot know the form's token.
    forged = page.request.post(
        "/intake", form={"category": "laptop", "make": "Forged", "model": "Post"}, max_redirects=0
    )
    assert forged.status == 403
    assert "Ce formulaire a expiré" in forged.text()
    wrong = page.request.post(
        "/intake",
        form={"category": "laptop", "make": "Forged", "model": "Post", "_csrf_token": "0" * 128},
        max_redirects=0,
    )
    assert wrong.status == 403
    listed = server.api("GET", "/api/v1/devices", params={"q": "Forged"}).json()
    assert listed["items"] == []


def test_pages_of_another_role_are_refused_and_strangers_go_to_the_log_in_page(
    page: Page, server: Server
) -> None:
    page.goto("/scan/batch")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fscan%2Fbatch$"))
    log_in(page, "sophie")
    page.goto("/dashboard")
    expect(page.get_by_role("heading", name="Accès refusé")).to_be_visible()
    assert page.request.get("/admin/users").status == 403
    assert page.request.get("/intake").status == 403
    # The API keeps answering in JSON, the session cookie is not accepted there.
    api = page.request.get("/api/v1/devices")
    assert api.status == 401
    assert api.headers["content-type"].startswith("application/json")
