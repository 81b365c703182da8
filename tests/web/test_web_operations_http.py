"""Importing a donor's spreadsheet and stock-taking from the web UI, over HTTP on SQLite and
PostgreSQL: the dry run's report, the very file carried to the import, a count opened, joined,
scanned, closed and fixed, and forms refused without their CSRF token or to other roles."""

from __future__ import annotations

import re

import httpx
import pytest

from inventory.devices.importing import MAX_FILE_BYTES
from inventory.devices.stock_tables import DeviceImport, StockScan
from inventory.devices.tables import Device, Event
from inventory.web.operations import CARRIED_FILE_CHARS, FORM_OVERHEAD_BYTES
from tests.helpers import device_at, intake, speaking
from tests.operations.operation_steps import spreadsheet
from tests.operations.test_stocktake import lend
from tests.web.test_web_http import signed_in

SITES = [("atelier", "Atelier", "workshop"), ("antenne-nord", "Antenne <b>Nord</b>", "antenna")]
HTMX = {"HX-Request": "true", "HX-Target": "batch-log"}


async def make_sites(client: httpx.AsyncClient, auth) -> None:
    for code, name, kind in SITES:
        response = await client.post(
            "/api/v1/sites", json={"code": code, "name": name, "kind": kind}, headers=auth.admin
        )
        assert response.status_code == 201, response.text


def hidden(page: str, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)">', page)
    assert match, name
    return match.group(1)


async def dry_run(client: httpx.AsyncClient, token: str, content: bytes, **fields: str) -> httpx.Response:
    return await client.post(
        "/intake/import/preview",
        data={"_csrf_token": token, **fields},
        files={"file": ("palette.csv", content, "text/csv")},
    )


async def test_the_dry_run_reports_each_row_and_the_confirmed_file_is_imported(client, auth) -> None:
    await make_sites(client, auth)
    await intake(client, auth.technician, make="HP", serial_number="ALREADY-1")
    token = await signed_in(client, auth.technician)
    form = await client.get("/intake/import")
    assert form.status_code == 200
    assert 'enctype="multipart/form-data"' in form.text and 'name="_csrf_token"' in form.text
    assert '<label class="field__label" for="f-file">' in form.text

    wrong = spreadsheet(
        [
            ["Portable", "Dell", "Latitude 5490", "SN-1", "INV-1", ""],
            ["Portable", "HP", "ProBook", "already-1", "INV-2", ""],
            ["Imprimante", "Canon", "<i>Pixma</i>", "SN-3", "INV-3", ""],
        ]
    )
    report = await dry_run(client, token, wrong, donor="SPF <b>Finances</b>", site="antenne-nord")
    assert report.status_code == 200
    text = report.text
    assert "déjà enregistré sous RL-000001" in text
    assert "catégorie inconnue « Imprimante »" in text
    assert "&lt;i&gt;Pixma&lt;/i&gt;" in text and "<i>Pixma</i>" not in text
    # The counts read as one phrasing, each in its singular or plural.
    for value, label in ((3, "lignes lues"), (1, "appareil à enregistrer"), (2, "lignes avec des problèmes")):
        assert f'kpi__value">{value}</span><span class="kpi__label">{label}</span>' in text, label
    assert "<b>Finances</b>" not in text and "SPF &lt;b&gt;Finances&lt;/b&gt;" in text
    # Rows with problems: no way to import, the form to check a corrected file instead.
    assert 'name="content"' not in text and 'action="/intake/import/preview"' in text
    assert re.search(r'data-row="2">\s*<td class="num">2</td>\s*<td>Ordinateur portable', text)
    assert await Device.count() == 1

    right = spreadsheet(
        [
            ["Portable", "Dell", "Latitude 5490", "SN-1", "INV-1", ""],
            ["", "Lenovo", "ThinkPad T480", "SN-2", "INV-2", "écran rayé"],
        ]
    )
    checked = await dry_run(
        client, token, right, category="laptop", donor="SPF Finances", batch="2026-11", site="antenne-nord"
    )
    assert checked.status_code == 200
    assert "Importer les 2 appareils" in checked.text
    assert "Numéro de série</strong>" in checked.text  # the column mapping, in French
    confirm = {
        name: hidden(checked.text, name)
        for name in ("content", "sha256", "filename", "category", "donor", "batch", "site")
    }
    assert confirm["filename"] == "palette.csv" and confirm["category"] == "laptop"
    assert await Device.count() == 1

    tampered = await client.post(
        "/intake/import", data={**confirm, "content": confirm["content"][:-8], "_csrf_token": token}
    )
    assert tampered.status_code == 400
    assert "Le fichier de la vérification n&#39;est pas revenu intact" in tampered.text
    assert await Device.count() == 1

    imported = await client.post("/intake/import", data={**confirm, "_csrf_token": token})
    assert imported.status_code == 303
    assert imported.headers["location"] == "/intake/import?imported=1"
    devices = await Device.select(Device.asset_tag, Device.category, Device.donor, Device.batch).order_by(
        Device.id
    )
    assert [(d["asset_tag"], d["category"], d["donor"], d["batch"]) for d in devices[1:]] == [
        ("RL-000002", "laptop", "SPF Finances", "2026-11"),
        ("RL-000003", "laptop", "SPF Finances", "2026-11"),
    ]
    assert await Event.count().where(Event.action == "intake") == 3
    summary = await client.get(imported.headers["location"])
    assert "2 appareils enregistrés, de RL-000002 à RL-000003." in summary.text
    labels_link = "/labels?first=RL-000002&amp;last=RL-000003"
    assert labels_link in summary.text
    labels = await client.get(labels_link.replace("&amp;", "&"))
    assert re.search(r"<textarea[^>]*>RL-000002\nRL-000003</textarea>", labels.text)

    # The same file again is refused as a whole, with the report of why.
    again = await client.post("/intake/import", data={**confirm, "_csrf_token": token})
    assert again.status_code == 400
    assert "Rien n&#39;a été importé" in again.text and "déjà été importé" in again.text
    assert await Device.count() == 3 and await DeviceImport.count() == 1


async def test_a_spreadsheet_larger_than_a_form_may_be_is_still_checked_and_imported(client, auth) -> None:
    # Columns the import ignores make the file 1.2 MB: more than the 1 MiB of an ordinary form.
    header = ["Catégorie", "Marque", "Modèle", *(f"Colonne interne {n}" for n in range(12))]
    content = spreadsheet([["Portable", "Dell", "Latitude 5490", *(["x" * 100_000] * 12)]], header=header)
    assert len(content) > 1_200_000
    token = await signed_in(client, auth.technician)
    checked = await dry_run(client, token, content)
    assert checked.status_code == 200 and "Importer 1 appareil" in checked.text
    confirm = {name: hidden(checked.text, name) for name in ("content", "sha256", "filename")}
    imported = await client.post("/intake/import", data={**confirm, "_csrf_token": token})
    assert imported.status_code == 303 and await Device.count() == 1


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", "Ce fichier dépasse 20 Mo, le maximum qu&#39;une importation accepte."),
        ("nl", "Dit bestand is groter dan 20 MB, het maximum voor een import."),
        ("en", "This file is larger than 20 MB, the most an import takes."),
    ],
)
async def test_a_file_over_the_limit_gets_the_form_again_saying_what_the_limit_is(
    client, auth, language: str, words: str
) -> None:
    token = await signed_in(client, auth.technician)
    await speaking(auth, language)
    form = await client.get("/intake/import")
    assert f'data-max-bytes="{MAX_FILE_BYTES}"' in form.text  # checked before sending, where scripts run
    assert {"fr": "20 Mo au plus.", "nl": "Hoogstens 20 MB.", "en": "At most 20 MB."}[language] in form.text

    oversized = b"x" * (MAX_FILE_BYTES + FORM_OVERHEAD_BYTES + 1)
    refused = await dry_run(client, token, oversized, donor="SPF Finances")
    # Refused while the form is read, before any handler: back to the form, never a bare 413.
    assert refused.status_code == 303
    assert refused.headers["location"] == "/intake/import?refused=too-large"
    again = await client.get(refused.headers["location"])
    assert again.status_code == 200
    error = re.search(r'<p class="field__error" id="file-error">([^<]*)</p>', again.text)
    assert error and words in error.group(1)
    assert 'role="alert"' in again.text and 'href="#f-file"' in again.text
    assert 'action="/intake/import/preview"' in again.text and 'name="_csrf_token"' in again.text
    assert re.search(r'<input class="field__input" id="f-file" name="file" type="file"', again.text)
    # The confirm form is held to its own limit the same way.
    carried = "A" * (CARRIED_FILE_CHARS + FORM_OVERHEAD_BYTES + 1)
    confirm = await client.post(
        "/intake/import", data={"content": carried, "sha256": "0", "_csrf_token": token}
    )
    assert confirm.status_code == 303 and confirm.headers["location"] == refused.headers["location"]
    assert await Device.count() == 0 and await DeviceImport.count() == 0


async def test_choosing_no_file_or_a_bad_default_names_the_field(client, auth) -> None:
    token = await signed_in(client, auth.technician)
    response = await client.post(
        "/intake/import/preview",
        data={"_csrf_token": token, "category": "toaster", "batch": "x" * 101},
        files={"file": ("", b"", "application/octet-stream")},
    )
    assert response.status_code == 400
    for field in ("file", "category", "batch"):
        assert f'id="{field}-error"' in response.text, field


async def scan(
    client: httpx.AsyncClient, token: str, count_id: int, code: str, **tally: int
) -> httpx.Response:
    response = await client.post(
        f"/scan/counts/{count_id}/scans",
        data={"code": code, "_csrf_token": token, **{k: str(v) for k, v in tally.items()}},
        headers=HTMX,
    )
    assert response.status_code == 200, response.text
    assert "<html" not in response.text
    return response


def tally_of(response: httpx.Response) -> dict[str, int]:
    return {
        name: int(value)
        for name, value in re.findall(r'<input type="hidden" name="([a-z_]+)" value="(\d+)">', response.text)
    }


async def test_a_count_is_opened_joined_scanned_closed_and_its_misplaced_device_moved_here(
    client, auth
) -> None:
    await make_sites(client, auth)
    tech = auth.technician
    found = await device_at(client, tech, "available", site="antenne-nord", serial_number="SER-A")
    misplaced = await device_at(client, tech, "available", site="atelier")
    missing = await device_at(client, tech, "received", site="antenne-nord")
    lent = await device_at(client, tech, "available", site="antenne-nord")
    await lend(client, auth, lent)
    token = await signed_in(client, tech)

    opened = await client.post("/scan/counts", data={"site": "antenne-nord", "_csrf_token": token})
    assert opened.status_code == 303 and opened.headers["location"] == "/scan/counts/1"
    # A second technician opening a count at the same site joins this one.
    joined = await client.post("/scan/counts", data={"site": "antenne-nord", "_csrf_token": token})
    assert joined.headers["location"] == "/scan/counts/1"
    station = await client.get("/scan/counts/1")
    assert station.status_code == 200
    assert "Antenne &lt;b&gt;Nord&lt;/b&gt;" in station.text and "<b>Nord</b>" not in station.text
    assert 'hx-post="/scan/counts/1/scans"' in station.text and "data-batch" in station.text

    first = await scan(client, token, 1, "ser-a")  # a serial number finds the device too
    assert 'data-outcome="found"' in first.text and f"{found} compté." in first.text
    assert '"outcome":"ok"' in first.headers["hx-trigger-after-settle"].replace(" ", "")
    assert tally_of(first)["found"] == 1
    assert re.search(r'id="batch-tally"[^>]*hx-swap-oob="true"', first.text)
    second = await scan(client, token, 1, misplaced, **tally_of(first))
    assert 'data-outcome="misplaced"' in second.text and "result--warn" in second.text
    assert f"{misplaced} est enregistré à Atelier" in second.text
    assert '"outcome":"warn"' in second.headers["hx-trigger-after-settle"].replace(" ", "")
    again = await scan(client, token, 1, misplaced, **tally_of(second))
    assert 'data-outcome="already_counted"' in again.text
    off = await scan(client, token, 1, lent, **tally_of(again))
    assert 'data-outcome="off_shelf"' in off.text
    unknown = await scan(client, token, 1, "<i>NOPE-1</i>", **tally_of(off))
    assert 'data-outcome="unknown"' in unknown.text and "result--refused" in unknown.text
    assert "&lt;i&gt;NOPE-1&lt;/i&gt;" in unknown.text and "<i>NOPE-1</i>" not in unknown.text
    assert tally_of(unknown) == {
        "found": 1,
        "already_counted": 1,
        "misplaced": 1,
        "off_shelf": 1,
        "unknown": 1,
    }
    assert "appareils\u202f: 3 · codes inconnus\u202f: 1" in unknown.text
    assert await StockScan.count() == 4

    live = await client.get("/scan/counts/1/result")
    assert live.status_code == 200 and 'action="/scan/counts/1/close"' in live.text
    closed = await client.post("/scan/counts/1/close", data={"_csrf_token": token})
    assert closed.status_code == 303 and closed.headers["location"] == "/scan/counts/1/result"
    result = (await client.get("/scan/counts/1/result")).text
    assert 'action="/scan/counts/1/close"' not in result
    for section, tag in (("missing", missing), ("misplaced", misplaced), ("off-shelf", lent)):
        part = result.split(f'id="{section}"')[1].split("</section>")[0]
        assert f'data-asset-tag="{tag}"' in part, section
    assert 'action="/scan/counts/1/move-here"' in result and "&lt;i&gt;NOPE-1&lt;/i&gt;" in result
    # A closed count takes no more scans; the station says so.
    late = await scan(client, token, 1, found)
    assert 'data-outcome="closed"' in late.text and "/scan/counts/1/result" in late.text
    assert (await client.get("/scan/counts/1")).headers["location"] == "/scan/counts/1/result"

    events_before = await Event.count()
    moved = await client.post("/scan/counts/1/move-here", data={"asset_tag": misplaced, "_csrf_token": token})
    assert moved.status_code == 303
    assert moved.headers["location"] == f"/scan/counts/1/result?moved={misplaced}"
    assert await Event.count() == events_before + 2
    device = await client.get(f"/api/v1/devices/{misplaced}", headers=tech)
    assert device.json()["site"] == "antenne-nord" and device.json()["transfer_to"] is None
    after = (await client.get(moved.headers["location"])).text
    assert f"{misplaced} est maintenant enregistré à Antenne &lt;b&gt;Nord&lt;/b&gt;." in after
    assert 'action="/scan/counts/1/move-here"' not in after and "Transféré ici" in after
    # A second click changes nothing; a device not scanned in the count is refused.
    twice = await client.post("/scan/counts/1/move-here", data={"asset_tag": misplaced, "_csrf_token": token})
    assert twice.status_code == 303 and await Event.count() == events_before + 2
    refused = await client.post("/scan/counts/1/move-here", data={"asset_tag": missing, "_csrf_token": token})
    assert (
        refused.status_code == 400 and f"{missing} n&#39;a pas été scanné dans ce comptage." in refused.text
    )
    # The address cannot claim that a device is here when it is not.
    forged = await client.get("/scan/counts/1/result?moved=RL-999999")
    assert forged.status_code == 200 and "est maintenant enregistré" not in forged.text

    history = await client.get("/scan/counts")
    row = re.search(r"<tr>\s*<td class=\"mono\">1</td>.*?</tr>", history.text, re.S).group(0)
    assert [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)] == [3, 1, 1, 1, 1]


@pytest.mark.parametrize("language", ["nl", "en"])
async def test_the_operations_pages_speak_every_language(client, auth, language: str) -> None:
    await make_sites(client, auth)
    tag = await device_at(client, auth.technician, "available", site="atelier")
    token = await signed_in(client, auth.technician)
    await client.post("/scan/counts", data={"site": "antenne-nord", "_csrf_token": token})
    await scan(client, token, 1, tag)
    headers = {"Accept-Language": language}
    await speaking(auth, language)
    for path in ("/intake/import", "/scan/counts", "/scan/counts/1", "/scan/counts/1/result"):
        response = await client.get(path, headers=headers)
        assert response.status_code == 200, path
        assert f'<html lang="{language}">' in response.text
    words = {"nl": "Verkeerd geplaatst", "en": "Misplaced"}[language]
    assert words in (await client.get("/scan/counts/1/result", headers=headers)).text
    report = await client.post(
        "/intake/import/preview",
        data={"_csrf_token": token},
        files={"file": ("p.csv", spreadsheet([["Portable", "", "X", "S", "", ""]]), "text/csv")},
        headers=headers,
    )
    assert {"nl": "Merk is leeg", "en": "Make is empty"}[language] in report.text


@pytest.mark.parametrize(
    ("role", "method", "path"),
    [
        ("social_worker", "GET", "/intake/import"),
        ("social_worker", "POST", "/intake/import/preview"),
        ("social_worker", "GET", "/scan/counts"),
        ("social_worker", "POST", "/scan/counts"),
        ("school", "GET", "/intake/import"),
        ("school", "POST", "/intake/import"),
        ("school", "GET", "/scan/counts/1/result"),
        ("school", "POST", "/scan/counts/1/scans"),
    ],
)
async def test_the_operations_pages_are_refused_to_other_roles(client, auth, role, method, path) -> None:
    token = await signed_in(client, auth.of(role))
    response = await client.request(method, path, data={"_csrf_token": token, "site": "atelier"})
    assert response.status_code == 403
    assert "Accès refusé" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/intake/import/preview",
        "/intake/import",
        "/scan/counts",
        "/scan/counts/1/scans",
        "/scan/counts/1/close",
        "/scan/counts/1/move-here",
    ],
)
async def test_an_operations_form_without_its_csrf_token_is_refused(client, auth, path: str) -> None:
    await make_sites(client, auth)
    tag = await device_at(client, auth.technician, "available", site="atelier")
    token = await signed_in(client, auth.technician)
    await client.post("/scan/counts", data={"site": "antenne-nord", "_csrf_token": token})
    before = (await Device.count(), await Event.count(), await StockScan.count())
    for forged in ({}, {"_csrf_token": "a" * 128}):
        response = await client.post(
            path,
            data={"site": "atelier", "code": tag, "asset_tag": tag, **forged},
            files={
                "file": ("palette.csv", spreadsheet([["Portable", "Dell", "X", "S9", "", ""]]), "text/csv")
            },
        )
        assert response.status_code == 403, forged
        assert "Ce formulaire a expiré" in response.text
    assert (await Device.count(), await Event.count(), await StockScan.count()) == before
    assert (await client.get("/scan/counts/1")).status_code == 200  # still open
