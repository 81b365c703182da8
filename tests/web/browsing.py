"""What the browser tests share: the server under test, its API for arranging data, logging in."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery staple"
CHECKLIST = (
    "power",
    "battery",
    "screen",
    "keyboard",
    "pointing_device",
    "ports",
    "wifi",
    "camera",
    "audio",
    "charger",
)
USERS = {
    "tech": "technician",
    "sophie": "social_worker",
}


@dataclass
class Server:
    """A running Relais: its URL and the API tokens of its users, to arrange data quickly."""

    url: str
    tokens: dict[str, str] = field(default_factory=dict)
    # Its SQLite file, for the rare arrangement no endpoint allows (a loan due in the past).
    database: Path | None = None

    def api(self, method: str, path: str, username: str = "admin", **kwargs) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.tokens[username]}"}
        return httpx.request(method, self.url + path, headers=headers, timeout=30, **kwargs)

    def create_user(self, username: str, role: str, school_id: int | None = None) -> None:
        body = {"username": username, "password": PASSWORD, "role": role, "school_id": school_id}
        response = self.api("POST", "/api/v1/users", json=body)
        assert response.status_code == 201, response.text
        self.tokens[username] = token(self.url, username)


def token(url: str, username: str) -> str:
    # As patient as `Server.api`: on a loaded machine a log-in's Argon2 hash can take seconds.
    response = httpx.post(
        f"{url}/api/v1/auth/token", json={"username": username, "password": PASSWORD}, timeout=30
    )
    assert response.status_code == 200, response.text
    return response.json()["token"]


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Nom d'utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/login" not in url)


# A keyboard-wedge scanner sends its keys a few milliseconds apart.
SCANNER_KEY_INTERVAL_S = 0.005


def scanner_burst(page: Page, code: str) -> None:
    """A keyboard-wedge scanner: the code, then Enter, into whatever has focus, each key stamped
    SCANNER_KEY_INTERVAL_S after the one before.

    The keys go through Chrome's input pipeline (trusted events, the text typed into the field,
    a select's typeahead, Enter's default action) with the time each is stamped with (CDP's
    `timestamp`), which is the time the page reads (`event.timeStamp`). So the page sees a
    scanner's pace however late a loaded machine delivers the keys: what the page decides from
    the pace cannot depend on the machine's load.
    """
    session = page.context.new_cdp_session(page)
    try:
        start = time.time()
        for index, key in enumerate([*code, "Enter"]):
            at = start + index * SCANNER_KEY_INTERVAL_S
            text = "\r" if key == "Enter" else key
            named = {"code": "Enter", "windowsVirtualKeyCode": 13} if key == "Enter" else {}
            down = {"type": "keyDown", "key": key, "text": text, "unmodifiedText": text, **named}
            session.send("Input.dispatchKeyEvent", {**down, "timestamp": at})
            up = {"type": "keyUp", "key": key, **named}
            session.send("Input.dispatchKeyEvent", {**up, "timestamp": at + 0.001})
    finally:
        session.detach()


def scan(page: Page, code: str, *, focused: bool = True) -> None:
    """What a keyboard-wedge scanner does: type the code, then Enter, into whatever has focus.

    The scan input takes the focus itself; `focused=False` scans while another control (a
    checkbox) has it, which the page must redirect to the scan input.
    """
    page.wait_for_load_state("domcontentloaded")
    if focused:
        expect(page.locator("[data-scan-input]")).to_be_focused()
    page.keyboard.type(code)
    page.keyboard.press("Enter")


WORKSHOP_PATH = [
    (
        "wipe",
        {
            "method": "nist-800-88-purge",
            "result": "passed",
            "tool": "nwipe 0.37",
            "verification": "last-pass",
        },
    ),
    ("refurbish", {"checklist": dict.fromkeys(CHECKLIST, "pass"), "grade": "B", "os": "Linux Mint 22"}),
    ("label", {}),
]


def available_device(
    server: Server, make: str = "Dell", model: str = "Latitude 5490", **fields: object
) -> str:
    """A device the technician walked through the workshop to `available`, through the API."""
    body = {"category": "laptop", "make": make, "model": model, **fields}
    response = server.api("POST", "/api/v1/devices", "tech", json=body)
    assert response.status_code == 201, response.text
    tag = response.json()["asset_tag"]
    for action, action_body in WORKSHOP_PATH:
        done = server.api("POST", f"/api/v1/devices/{tag}/actions/{action}", "tech", json=action_body)
        assert done.status_code == 200, done.text
    return tag
