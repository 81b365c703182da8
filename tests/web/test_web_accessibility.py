"""Every role's main pages pass axe-core's WCAG checks in headless Chromium, in French and in
Dutch, on a desk screen and on a phone that they fit without sideways scrolling; the log-in form
and the scan station are used with the keyboard alone, each control showing a focus ring."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.operations.operation_steps import spreadsheet
from tests.web.browsing import PASSWORD, Server, available_device, log_in, scan
from tests.web.test_web_operations import choose_file, ensure_sites

pytestmark = pytest.mark.browser

# Vendored (see vendor/VENDORED.md): the tests need no network, and the app never serves it.
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# The pages allow scripts of their own origin only (script-src 'self'), so an inline copy of axe
# would be refused: the browser fetches it from this path, which the test answers from the file.
# The content security policy stays as users get it.
AXE_PATH = "/test-only/axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA, as asked of the UI; also WCAG 2.2 AA (target sizes, which
# the style sheet promises) and axe's best practices (one h1, headings in order, landmarks).
# No rule is switched off, colour contrast least of all.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
# The narrowest screen WCAG 1.4.10 (reflow) asks pages to fit without scrolling sideways.
PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def arranged(server: Server, voucher: dict) -> dict[str, str]:
    """A device at each end of the workshop, a loan, a school's request and an open stock-take."""
    ensure_sites(server)
    received = server.api(
        "POST",
        "/api/v1/devices",
        "tech",
        json={"category": "laptop", "make": "HP", "model": "EliteBook 840", "site": "atelier"},
    ).json()["asset_tag"]
    lent = available_device(server, serial_number="SN-A11Y-0001")
    person = server.api(
        "POST",
        "/api/v1/beneficiaries",
        "sophie",
        json={"full_name": "Amina Benali", "language": "fr", "consent_recorded_on": date.today().isoformat()},
    ).json()
    loan = server.api(
        "POST",
        "/api/v1/loans",
        "sophie",
        json={
            "asset_tag": lent,
            "beneficiary_id": person["id"],
            "due_on": (date.today() + timedelta(days=30)).isoformat(),
        },
    ).json()
    redemption = server.api(
        "POST", f"/api/v1/vouchers/{voucher['code']}/redemptions", "ecole", json={"quantity": 2}
    ).json()
    count = server.api("POST", "/api/v1/stock-counts", "tech", json={"site": "atelier"}).json()
    in_repair = server.api(
        "POST", "/api/v1/devices", "tech", json={"category": "laptop", "make": "HP", "model": "ProBook 450"}
    ).json()["asset_tag"]
    server.api(
        "POST", f"/api/v1/devices/{in_repair}/actions/send_to_repair", "tech", json={"reason": "hinge"}
    )
    return {
        "available": available_device(server, serial_number="SN-A11Y-0002"),
        "received": received,
        "in_repair": in_repair,
        "lent": lent,
        "beneficiary": str(person["id"]),
        "loan": str(loan["id"]),
        "redemption": str(redemption["id"]),
        "count": str(count["id"]),
    }


def technician_pages(arranged: dict[str, str]) -> list[str]:
    return [
        "/scan",
        f"/devices/{arranged['received']}",
        f"/devices/{arranged['available']}",
        f"/devices/{arranged['received']}/actions/wipe",
        f"/devices/{arranged['received']}/actions/retire",
        f"/devices/{arranged['in_repair']}/actions/finish_repair",
        "/intake",
        "/intake/batch",
        "/scan/batch",
        "/scan/batch?action=refurbish",
        "/labels?start_position=5",
        "/intake/import",
        "/scan/counts",
        f"/scan/counts/{arranged['count']}",
        "/redemptions",
        f"/redemptions/{arranged['redemption']}",
    ]


def social_worker_pages(arranged: dict[str, str]) -> list[str]:
    return [
        "/desk",
        "/desk/lend",
        f"/desk/lend?beneficiary={arranged['beneficiary']}",
        "/desk/return",
        "/beneficiaries",
        "/beneficiaries/new",
        f"/beneficiaries/{arranged['beneficiary']}",
        f"/loans/{arranged['loan']}",
    ]


def school_pages(arranged: dict[str, str]) -> list[str]:
    return ["/school", f"/redemptions/{arranged['redemption']}", "/account/password"]


def coordinator_pages(arranged: dict[str, str]) -> list[str]:
    return [
        "/dashboard",
        "/admin/users",
        "/admin/sites",
        "/admin/schools",
        f"/scan/counts/{arranged['count']}/result",
    ]


def pages_by_user(arranged: dict[str, str]) -> list[tuple[str, list[str]]]:
    return [
        ("tech", technician_pages(arranged)),
        ("sophie", social_worker_pages(arranged)),
        ("ecole", school_pages(arranged)),
        ("admin", coordinator_pages(arranged)),
    ]


def violations(page: Page) -> list[str]:
    """What axe finds wrong with the page as it is now: one line per rule, with every offender."""
    page.wait_for_load_state("load")
    # A result that just arrived fades in: its colours are only final once the animation ends.
    page.evaluate("Promise.all(document.getAnimations().map(animation => animation.finished))")
    if not page.evaluate("'axe' in window"):
        page.route(f"**{AXE_PATH}", lambda route: route.fulfill(path=AXE, content_type="text/javascript"))
        page.add_script_tag(url=AXE_PATH)
    found = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]
    return [
        f"{where(page)}: {rule['id']} ({rule['impact']}) {rule['help']}: "
        + "; ".join(" ".join(node["target"]) for node in rule["nodes"])
        for rule in found
    ]


def where(page: Page) -> str:
    url = urlsplit(page.url)
    return url.path + (f"?{url.query}" if url.query else "")


def visit(page: Page, paths: list[str], *, status: int = 200) -> list[str]:
    found = []
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == status, path
        found += violations(page)
    return found


def answer(page: Page, code: str, shown: str) -> list[str]:
    """Scan a code, wait for the answer the page shows, and check the page with it."""
    scan(page, code)
    expect(page.locator(shown).first).to_be_visible()
    return violations(page)


def batch_answers(page: Page, codes: list[str]) -> list[str]:
    """Scan codes one after the other into a batch, and check the page with all its answers."""
    for code in codes:
        scan(page, code)
    expect(page.locator("#batch-log > *")).to_have_count(len(codes))
    return violations(page)


def assert_accessible(found: list[str]) -> None:
    assert not found, f"{len(found)} accessibility problems:\n" + "\n".join(found)


def test_the_log_in_page_passes_axe_before_and_after_a_wrong_password(page: Page, server: Server) -> None:
    found = visit(page, ["/login"])
    page.get_by_label("Nom d'utilisateur").fill("tech")
    page.get_by_label("Mot de passe").fill("not the password")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(found + violations(page))


def test_a_technicians_pages_and_answers_pass_axe(page: Page, arranged: dict[str, str]) -> None:
    log_in(page, "tech")
    found = visit(page, technician_pages(arranged))
    found += visit(page, ["/devices/RL-999999"], status=404)

    # What the scan station answers: a device card, then a refusal.
    page.goto("/scan")
    found += answer(page, arranged["received"], "#scan-result .device")
    found += answer(page, "NO-SUCH-CODE", "#scan-result [role=alert]")

    # A form sent with its required fields left empty shows every error.
    page.goto("/intake")
    page.get_by_role("button", name="Enregistrer l'appareil").click()
    expect(page.locator(".field--error").first).to_be_visible()
    found += violations(page)

    # A batch with one accepted and one refused scan, and its tally; the same on a stock-take.
    page.goto("/scan/batch?action=label")
    page.get_by_role("button", name="Commencer à scanner").click()
    found += batch_answers(page, [arranged["available"], "NO-SUCH-CODE"])
    page.goto(f"/scan/counts/{arranged['count']}")
    found += batch_answers(page, [arranged["received"], arranged["available"], "NO-SUCH-CODE"])

    # A spreadsheet's dry run, with a row in error and a row to register.
    page.goto("/intake/import")
    rows = [["Portable", "Dell", "Latitude 5490", "A11Y-1", "", ""], ["Portable", "", "", "A11Y-2", "", ""]]
    choose_file(page, "palette.csv", spreadsheet(rows))
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.locator("#problems")).to_be_visible()
    assert_accessible(found + violations(page))


def test_a_social_workers_pages_and_answers_pass_axe(page: Page, arranged: dict[str, str]) -> None:
    log_in(page, "sophie")
    found = visit(page, social_worker_pages(arranged))
    page.goto("/desk/lend")
    found += answer(page, "Nobody of that name", "[role=status]")
    page.goto("/desk/return")
    assert_accessible(found + answer(page, arranged["lent"], "#scan-result .card"))


def test_a_schools_pages_pass_axe(page: Page, arranged: dict[str, str]) -> None:
    log_in(page, "ecole")
    found = visit(page, school_pages(arranged))
    # Another role's page, refused.
    assert_accessible(found + visit(page, ["/desk"], status=403))


def test_the_coordinators_pages_pass_axe(page: Page, arranged: dict[str, str]) -> None:
    log_in(page, "admin")
    assert_accessible(visit(page, coordinator_pages(arranged)))


def test_every_roles_pages_pass_axe_in_dutch(page: Page, arranged: dict[str, str]) -> None:
    page.goto("/login")
    page.get_by_role("button", name="NL").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    found = violations(page)
    for username, paths in pages_by_user(arranged):
        page.context.clear_cookies(name="relais_session")
        page.goto("/login")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Aanmelden").click()
        page.wait_for_url(lambda url: "/login" not in url)
        found += visit(page, paths)
    assert_accessible(found)


@pytest.fixture
def phone(browser: Browser, server: Server) -> Iterator[Page]:
    context = browser.new_context(base_url=server.url, locale="fr-BE", **PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def wider_than_the_screen(page: Page) -> list[str]:
    """The page, if it needs scrolling sideways, with its outermost elements that stick out."""
    sticking_out = page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width) return [];
          const out = element => element.getBoundingClientRect().right > width + 0.5;
          return [...document.body.querySelectorAll("*")]
            .filter(element => out(element) && !out(element.parentElement))
            .map(element => element.tagName.toLowerCase() + "." + [...element.classList].join("."));
        }"""
    )
    return [f"{where(page)}: wider than the screen: {', '.join(sticking_out)}"] if sticking_out else []


def test_every_roles_pages_pass_axe_and_fit_a_phone(phone: Page, arranged: dict[str, str]) -> None:
    found = visit(phone, ["/login"]) + wider_than_the_screen(phone)
    for username, paths in pages_by_user(arranged):
        phone.context.clear_cookies(name="relais_session")
        log_in(phone, username)
        for path in paths:
            found += visit(phone, [path]) + wider_than_the_screen(phone)
    assert_accessible(found)


# The controls of the page in document order, each marked with its rank, described by its tag.
TABBABLE = """() => [
  ...document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]")]
  .filter(element => element.tabIndex >= 0 && !element.disabled && element.type !== "hidden"
    && element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden")
  .map((element, index) => {
    element.dataset.tabOrder = index;
    return element.outerHTML.split(">")[0] + ">";
  })"""

FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    order: element.dataset.tabOrder === undefined ? null : Number(element.dataset.tabOrder),
    ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    top: box.top + window.scrollY,
    left: box.left + window.scrollX,
    seen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
      && box.left < window.innerWidth && box.top < window.innerHeight,
  };
}"""


def from_the_top(page: Page) -> None:
    """Put the focus back at the start of the document, where the first Tab begins."""
    page.evaluate("""() => {
      document.body.tabIndex = -1;
      document.body.focus();
      document.body.removeAttribute("tabindex");
    }""")


def tab_through(page: Page) -> None:
    """Tab from the top of the page to its end: every control once, in the order of the page."""
    controls = page.evaluate(TABBABLE)
    from_the_top(page)
    reached, problems, before = [], [], None
    for _ in controls:
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        name = controls[focused["order"]] if focused["order"] is not None else "an element not listed"
        reached.append(focused["order"])
        if not focused["ring"]:
            problems.append(f"{where(page)}: no focus ring on {name}")
        if not focused["seen"]:
            problems.append(f"{where(page)}: {name} is focused off screen")
        # Reading order: the focus goes down the page, or up only to the next column on the right.
        if before and focused["top"] < before["top"] - 16 and focused["left"] <= before["left"]:
            problems.append(f"{where(page)}: the focus goes back up to {name}")
        before = focused
    assert_accessible(problems)
    assert reached == list(range(len(controls))), "\n".join(controls)


def test_the_log_in_form_is_used_with_the_keyboard_alone(page: Page, server: Server) -> None:
    page.goto("/login")
    expect(page.get_by_label("Nom d'utilisateur")).to_be_focused()
    tab_through(page)

    # The skip link leads past the top bar, into the form.
    from_the_top(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Aller au contenu")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Nom d'utilisateur")).to_be_focused()
    page.keyboard.type("tech")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Mot de passe")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Se connecter")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/scan")


def test_the_scan_station_is_used_with_the_keyboard_alone(page: Page, arranged: dict[str, str]) -> None:
    log_in(page, "tech")
    scan(page, arranged["received"])
    expect(page.locator("#scan-result .device")).to_be_visible()
    tab_through(page)

    # From the scan input: its button, the camera (a bundled decoder where the browser has none),
    # the device found, then what can be done, opened with Enter.
    page.locator("[data-scan-input]").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Chercher")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Caméra")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=arranged["received"])).to_be_focused()
    page.keyboard.press("Tab")
    actions = page.get_by_role("region", name="Ce qui peut être fait").get_by_role("link")
    expect(actions.first).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/devices/{arranged['received']}/actions/*")
