"""A technician imports a donor's pallet: the dry run's report, the all-or-nothing import, an
interrupted import, and who may import."""

from __future__ import annotations

import pytest

from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.devices import imports as service
from inventory.devices import service as devices
from inventory.devices.importing import MAX_ROWS, Defaults
from inventory.devices.stock_tables import DeviceImport
from inventory.devices.tables import Counter, Device, Event
from inventory.i18n import format_number
from tests.helpers import intake
from tests.operations.operation_steps import FRENCH_HEADER, laptops, spreadsheet, upload


async def written() -> tuple[int, int, int, int]:
    """Devices, events, import records, and the asset tag counter."""
    counter = await Counter.select(Counter.value).where(Counter.name == "asset_tag").first()
    return await Device.count(), await Event.count(), await DeviceImport.count(), counter["value"]


async def test_dry_run_reports_each_row_and_writes_nothing(client, auth, sites) -> None:
    await intake(client, auth.technician, make="HP", serial_number="ALREADY-1")
    rows = [
        ["Portable", "Dell", "Latitude 5490", "SN-1", "INV-1", ""],  # 2: would be created
        ["Portable", "HP", "ProBook", "already-1", "INV-2", ""],  # 3: in the register already
        ["Imprimante", "Canon", "Pixma", "SN-3", "INV-3", ""],  # 4: unknown category
        ["Portable", "", "Latitude", "SN-4", "INV-4", ""],  # 5: empty make
        ["Portable", "Dell", "Latitude 7490", "SN-1", "INV-5", ""],  # 6: duplicate of row 2
    ]
    before = await written()
    response = await upload(
        client, auth.technician, spreadsheet(rows), dry_run=True, filename="palette.csv", site="nowhere"
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert await written() == before
    assert (report["total_rows"], report["valid_rows"], report["invalid_rows"], report["ok"]) == (
        5,
        0,
        5,
        False,
    )
    # The default site is unknown, so every row says so; the rest is row by row.
    problems = {row["row"]: [(p["kind"], p["message"]) for p in row["problems"]] for row in report["rows"]}
    unknown_site = ("unknown_site", "site inconnu « nowhere »")
    assert problems == {
        2: [unknown_site],
        3: [
            (
                "duplicate_in_database",
                "Un appareil de cette marque avec ce numéro de série est déjà enregistré sous RL-000001.",
            ),
            unknown_site,
        ],
        4: [
            (
                "unknown_category",
                "catégorie inconnue « Imprimante »\u202f; utilisez laptop, desktop, tablet, phone, monitor "
                "ou other (ou\u202f: portable, ordinateur fixe, tablette, téléphone, écran, autre)",
            ),
            unknown_site,
        ],
        5: [("empty_required", "Marque est vide\u202f; ce champ est obligatoire"), unknown_site],
        6: [("duplicate_in_file", "même marque et même numéro de série qu'à la ligne 2"), unknown_site],
    }


async def test_the_report_speaks_the_language_asked_for(client, auth, sites) -> None:
    content = spreadsheet([["Portable", "", "Latitude", "SN-1", "", ""]])
    response = await upload(client, auth.technician, content, dry_run=True, lang="nl")
    [problem] = response.json()["rows"][0]["problems"]
    assert problem == {
        "kind": "empty_required",
        "field": "make",
        "message": "Merk is leeg; dit veld is verplicht",
    }


async def test_import_registers_every_device_with_its_intake_event(client, auth, sites) -> None:
    existing = await intake(client, auth.technician)
    content = spreadsheet(laptops(3))
    response = await upload(
        client,
        auth.technician,
        content,
        dry_run=False,
        filename="spf.csv",
        donor="SPF Finances",
        batch="P-7",
        site="atelier",
    )
    assert response.status_code == 201, response.text
    summary = response.json()
    assert summary | {"imported_at": None} == {
        "import_id": 1,
        "filename": "spf.csv",
        "created": 3,
        "first_asset_tag": "RL-000002",
        "last_asset_tag": "RL-000004",
        "donor": "SPF Finances",
        "batch": "P-7",
        "imported_at": None,
        "imported_by": "tech",
    }
    assert existing["asset_tag"] == "RL-000001"
    assert await written() == (4, 4, 1, 4)
    device = (await client.get("/api/v1/devices/RL-000003", headers=auth.technician)).json()
    assert {
        k: device[k]
        for k in ("category", "make", "serial_number", "donor", "donor_ref", "batch", "site", "stage")
    } == {
        "category": "laptop",
        "make": "Dell",
        "serial_number": "SN00002",
        "donor": "SPF Finances",
        "donor_ref": "INV-00002",
        "batch": "P-7",
        "site": "atelier",
        "stage": "received",
    }
    history = (await client.get("/api/v1/devices/RL-000003/events", headers=auth.technician)).json()["items"]
    assert [(e["action"], e["from_stage"], e["to_stage"], e["actor"]) for e in history] == [
        ("intake", None, "received", "tech")
    ]
    assert history[0]["data"] == {"batch": "P-7", "donor": "SPF Finances", "import_id": 1, "import_row": 3}
    # Imported devices are found by a scan of any of their codes, like any other.
    scanned = await client.get("/api/v1/scan/%20inv-00003%20", headers=auth.technician)
    assert scanned.json()["device"]["asset_tag"] == "RL-000004"
    # And the register's duplicate rule holds for them.
    again = await client.post(
        "/api/v1/devices",
        json={"category": "laptop", "make": "dell", "model": "X", "serial_number": "sn00001"},
        headers=auth.technician,
    )
    assert again.status_code == 409 and "RL-000002" in again.json()["detail"]


async def test_a_file_with_one_bad_row_imports_nothing(client, auth, sites) -> None:
    rows = [*laptops(4), ["Portable", "Dell", "", "SN-X", "", ""]]
    before = await written()
    response = await upload(client, auth.technician, spreadsheet(rows), dry_run=False)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Nothing was imported: 1 of 5 rows have problems."
    assert body["field"] == "file"
    assert [row["status"] for row in body["report"]["rows"]] == ["create"] * 4 + ["error"]
    assert (
        body["report"]["rows"][4]["problems"][0]["message"]
        == "Modèle est vide\u202f; ce champ est obligatoire"
    )
    assert await written() == before
    # No asset tag was used up: the next device gets the first one.
    assert (await intake(client, auth.technician))["asset_tag"] == "RL-000001"


async def test_a_file_over_the_row_limit_is_refused_whole_and_says_to_split_it(client, auth, sites) -> None:
    content = spreadsheet(laptops(MAX_ROWS + 1), delimiter=",", encoding="utf-8")
    before = await written()
    dry_run = await upload(client, auth.technician, content, dry_run=True, lang="en")
    assert dry_run.status_code == 200, dry_run.text[:500]
    report = dry_run.json()
    assert report["ok"] is False
    assert [problem["message"] for problem in report["file_problems"]] == [
        f"the file has more than {format_number(MAX_ROWS, 'en')} rows; split it"
    ]
    refused = await upload(client, auth.technician, content, dry_run=False)
    assert refused.status_code == 400
    assert await written() == before


async def test_the_same_file_cannot_be_imported_twice(client, auth, sites) -> None:
    content = spreadsheet([["Portable", "Dell", "Latitude", "", "", ""]])  # no serial to catch it
    assert (await upload(client, auth.technician, content, dry_run=False)).status_code == 201
    response = await upload(client, auth.technician, content, dry_run=True, lang="en")
    [problem] = response.json()["file_problems"]
    assert problem["kind"] == "already_imported"
    assert problem["message"].startswith("this file was already imported on ")
    assert problem["message"].endswith("(import 1)")
    assert (await upload(client, auth.technician, content, dry_run=False)).status_code == 400
    assert await Device.count() == 1


class Interrupted(Exception):
    """Stands for the operator's Ctrl-C, a lost connection or a crash in the middle."""


async def test_an_interrupted_import_leaves_nothing_behind(database_url, auth, monkeypatch) -> None:
    monkeypatch.setattr(devices, "INTAKE_CHUNK_ROWS", 100)  # the bulk intake's chunks
    actor = CurrentUser(id=auth.users["technician"]["id"], username="tech", role=Role.TECHNICIAN)
    content = spreadsheet(laptops(350))
    before = await written()
    progress: list[int] = []

    def interrupt_after_two_chunks(done: int, total: int) -> None:
        progress.append(done)
        if len(progress) == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        await service.run_import(content, actor, progress=interrupt_after_two_chunks)
    assert progress == [100, 200]  # 200 devices and events were written, then rolled back
    assert await written() == before
    # The same file then imports in full, from the first asset tag.
    summary = await service.run_import(content, actor, defaults=Defaults(batch="retry"))
    assert (summary.created, summary.first_asset_tag, summary.last_asset_tag) == (
        350,
        "RL-000001",
        "RL-000350",
    )
    assert await written() == (350, 350, 1, 350)


async def test_a_device_registered_between_dry_run_and_import_refuses_the_file(client, auth, sites) -> None:
    content = spreadsheet(laptops(2))
    assert (await upload(client, auth.technician, content, dry_run=True)).json()["ok"]
    await intake(client, auth.technician, make="Dell", serial_number="SN00002")
    response = await upload(client, auth.technician, content, dry_run=False)
    assert response.status_code == 400
    assert response.json()["report"]["rows"][1]["problems"][0]["kind"] == "duplicate_in_database"
    assert await Device.count() == 1


@pytest.mark.parametrize("dry_run", [True, False], ids=["preview", "import"])
async def test_who_may_import(client, auth, sites, dry_run) -> None:
    content = spreadsheet([["Portable", "Dell", "Latitude", "SN-A", "", ""]], FRENCH_HEADER)
    assert (await upload(client, {}, content, dry_run=dry_run)).status_code == 401
    for role in ("social_worker", "school"):
        assert (await upload(client, auth.of(role), content, dry_run=dry_run)).status_code == 403
    assert await Device.count() == 0
    response = await upload(client, auth.admin, content, dry_run=dry_run)
    assert response.status_code == (200 if dry_run else 201)
    assert await Device.count() == (0 if dry_run else 1)
    assert await Event.count() == (0 if dry_run else 1)


async def test_imports_are_listed_newest_first(client, auth, sites) -> None:
    for name, rows in (("a.csv", laptops(2)), ("b.csv", laptops(1, prefix="B"))):
        assert (
            await upload(client, auth.technician, spreadsheet(rows), dry_run=False, filename=name)
        ).status_code == 201
    listed = (await client.get("/api/v1/imports", headers=auth.technician)).json()
    assert [(i["filename"], i["device_count"], i["first_asset_tag"]) for i in listed["items"]] == [
        ("b.csv", 1, "RL-000003"),
        ("a.csv", 2, "RL-000001"),
    ]
    assert (await client.get("/api/v1/imports", headers=auth.social_worker)).status_code == 403
