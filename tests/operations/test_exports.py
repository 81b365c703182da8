"""CSV exports: what a spreadsheet shows, never a formula it runs; and each role's columns."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import pytest

from inventory.reporting.exports import cell, neutralise
from inventory.settings import get_settings
from tests.conftest import make_user, token_headers
from tests.helpers import act, device_at, intake


def read_csv(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ('=HYPERLINK("http://evil","clic")', '\'=HYPERLINK("http://evil","clic")'),
        ("+32 470 12 34 56", "'+32 470 12 34 56"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Latitude 5490", "Latitude 5490"),
        (" =not-first", " =not-first"),
    ],
)
def test_cells_a_spreadsheet_would_run_are_neutralised(text: str, shown: str) -> None:
    assert neutralise(text) == shown


def test_numbers_stay_numbers_and_dates_are_local() -> None:
    tz = get_settings().tz
    assert cell(-3, tz) == -3
    assert cell(8.0, tz) == 8.0
    assert cell(None, tz) == ""
    assert cell(True, tz) == "yes"
    assert cell(date(2026, 3, 1), tz) == "2026-03-01"


async def test_device_export_neutralises_formulas_from_a_donor_file(client, auth, sites) -> None:
    await intake(
        client,
        auth.technician,
        make="=cmd|' /C calc'!A0",
        model="+Latitude",
        serial_number="-SN1",
        donor="@Evil Corp",
        notes="\tTab first",
        specs={"ram_gb": 8},
        site="atelier",
    )
    response = await client.get("/api/v1/exports/devices.csv", headers=auth.technician)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="devices.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    [row] = read_csv(response.text)
    assert (row["make"], row["model"], row["serial_number"], row["donor"], row["notes"]) == (
        "'=cmd|' /C calc'!A0",
        "'+Latitude",
        "'-SN1",
        "'@Evil Corp",
        "'\tTab first",
    )
    assert (row["asset_tag"], row["site"], row["stage"], row["ram_gb"]) == (
        "RL-000001",
        "atelier",
        "received",
        "8.0",
    )
    # Nothing a spreadsheet would evaluate is left anywhere in the file.
    for line in read_csv(response.text):
        assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in line.values())


async def test_semicolons_for_belgian_excel_and_no_bom_when_asked(client, auth, sites) -> None:
    await intake(client, auth.technician, model="Latitude; 5490")
    response = await client.get(
        "/api/v1/exports/devices.csv", params={"delimiter": "semicolon", "bom": "false"}, headers=auth.admin
    )
    assert not response.content.startswith(b"\xef\xbb\xbf")
    [row] = read_csv(response.text, ";")
    assert row["model"] == "Latitude; 5490"


async def test_events_export_holds_every_device_history(client, auth, sites) -> None:
    tag = await device_at(client, auth.technician, "available")
    rows = read_csv((await client.get("/api/v1/exports/events.csv", headers=auth.technician)).text)
    assert [(r["asset_tag"], r["action"], r["to_stage"]) for r in rows] == [
        (tag, "intake", "received"),
        (tag, "wipe", "wiped"),
        (tag, "refurbish", "refurbished"),
        (tag, "label", "available"),
    ]
    wipes = read_csv((await client.get("/api/v1/exports/wipes.csv", headers=auth.technician)).text)
    assert [(w["asset_tag"], w["certificate_number"], w["result"]) for w in wipes] == [
        (tag, "RL-WC-000001", "passed")
    ]


async def lend(client, auth, name: str) -> dict:
    tag = await device_at(client, auth.technician, "available")
    beneficiary = await client.post(
        "/api/v1/beneficiaries",
        json={
            "full_name": name,
            "language": "fr",
            "consent_recorded_on": date.today().isoformat(),
            "phone": "+32 470 00 00 00",
        },
        headers=auth.social_worker,
    )
    assert beneficiary.status_code == 201, beneficiary.text
    loan = await client.post(
        "/api/v1/loans",
        json={
            "asset_tag": tag,
            "beneficiary_id": beneficiary.json()["id"],
            "due_on": (date.today() + timedelta(days=20)).isoformat(),
        },
        headers=auth.social_worker,
    )
    assert loan.status_code == 201, loan.text
    return loan.json()


async def test_a_technician_exports_loans_without_any_beneficiary_field(client, auth, sites) -> None:
    loan = await lend(client, auth, "=Fatima El Amrani")
    technician = await client.get("/api/v1/exports/loans.csv", headers=auth.technician)
    assert technician.status_code == 200
    assert "Fatima" not in technician.text and "B-" not in technician.text
    [row] = read_csv(technician.text)
    assert row == {
        "id": str(loan["id"]),
        "asset_tag": loan["asset_tag"],
        "status": "active",
        "due_on": loan["due_on"],
    }
    for role in ("social_worker", "admin"):
        [full] = read_csv((await client.get("/api/v1/exports/loans.csv", headers=auth.of(role))).text)
        assert full["beneficiary_name"] == "'=Fatima El Amrani"
        assert full["beneficiary_reference"].startswith("B-")
        assert full["overdue"] == "no"
    beneficiaries = await client.get("/api/v1/exports/beneficiaries.csv", headers=auth.social_worker)
    [person] = read_csv(beneficiaries.text)
    assert (person["full_name"], person["phone"]) == ("'=Fatima El Amrani", "'+32 470 00 00 00")
    assert (await client.get("/api/v1/exports/beneficiaries.csv", headers=auth.technician)).status_code == 403


async def make_school_vouchers(client, auth) -> list[str]:
    codes = []
    programme = await client.post("/api/v1/programmes", json={"name": "Relance"}, headers=auth.admin)
    for name, fase in (("École A", "1001"), ("École B", "2002")):
        school = await client.post(
            "/api/v1/schools", json={"name": name, "fase_number": fase}, headers=auth.admin
        )
        assert school.status_code == 201, school.text
        voucher = await client.post(
            "/api/v1/vouchers",
            json={
                "programme_id": programme.json()["id"],
                "school_id": school.json()["id"],
                "quantity": 2,
                "expires_on": (date.today() + timedelta(days=60)).isoformat(),
            },
            headers=auth.admin,
        )
        assert voucher.status_code == 201, voucher.text
        codes.append(voucher.json()["code"])
    redemption = await client.post(
        f"/api/v1/vouchers/{codes[0]}/redemptions", json={"quantity": 1}, headers=auth.school
    )
    assert redemption.status_code == 201, redemption.text
    return codes


async def test_a_school_exports_only_its_own_vouchers_and_redemptions(client, auth, sites) -> None:
    codes = await make_school_vouchers(client, auth)
    admin = read_csv((await client.get("/api/v1/exports/vouchers.csv", headers=auth.admin)).text)
    assert [(v["code"], v["school"], v["remaining"]) for v in admin] == [
        (codes[0], "École A", "1"),
        (codes[1], "École B", "2"),
    ]
    school = read_csv((await client.get("/api/v1/exports/vouchers.csv", headers=auth.school)).text)
    assert [v["code"] for v in school] == [codes[0]]
    redemptions = read_csv(
        (await client.get("/api/v1/exports/redemptions.csv", headers=auth.technician)).text
    )
    assert [(r["voucher_code"], r["status"], r["quantity"]) for r in redemptions] == [
        (codes[0], "requested", "1")
    ]
    schools = read_csv((await client.get("/api/v1/exports/schools.csv", headers=auth.school)).text)
    assert [s["name"] for s in schools] == ["École A"]


async def test_a_school_exports_only_its_own_equipment(client, auth, sites) -> None:
    """What each school holds: here what each one bought with its voucher (school 1 is auth.school's)."""
    codes = await make_school_vouchers(client, auth)
    other = await token_headers(await make_user("ecole.b", "school", school_id=2))
    body = {"category": "tablet", "make": "Lenovo", "model": "=Tab M10", "funding": "voucher"}
    for code, headers, serial in ((codes[0], auth.school, "A-1"), (codes[1], other, "B-1")):
        bought = await client.post(
            "/api/v1/devices", json={**body, "voucher_code": code, "serial_number": serial}, headers=headers
        )
        assert bought.status_code == 201, bought.text
    await intake(client, auth.technician)  # the programme's own device is nobody's equipment

    mine = read_csv((await client.get("/api/v1/exports/equipment.csv", headers=auth.school)).text)
    assert [(row["serial_number"], row["school_id"], row["stage"]) for row in mine] == [
        ("A-1", "1", "allocated")
    ]
    assert mine[0]["model"] == "'=Tab M10"
    every = read_csv((await client.get("/api/v1/exports/equipment.csv", headers=auth.admin)).text)
    assert [row["serial_number"] for row in every] == ["A-1", "B-1"]


EXPORT_ROLES = {
    "devices": {"technician", "social_worker", "admin"},
    "events": {"technician", "social_worker", "admin"},
    "sites": {"technician", "social_worker", "admin"},
    "wipes": {"technician", "admin"},
    "stock-counts": {"technician", "admin"},
    "imports": {"technician", "admin"},
    "loans": {"technician", "social_worker", "admin"},
    "beneficiaries": {"social_worker", "admin"},
    "redemptions": {"technician", "school", "admin"},
    "vouchers": {"school", "admin"},
    "schools": {"school", "admin"},
    "equipment": {"school", "admin"},
    "programmes": {"admin"},
}


async def test_who_may_export_what(client, auth, sites) -> None:
    for role in ("technician", "social_worker", "school", "admin"):
        listed = (await client.get("/api/v1/exports", headers=auth.of(role))).json()["items"]
        assert {item["name"] for item in listed} == {
            name for name, roles in EXPORT_ROLES.items() if role in roles
        }
    for name, roles in EXPORT_ROLES.items():
        url = f"/api/v1/exports/{name}.csv"
        assert (await client.get(url)).status_code == 401
        for role in ("technician", "social_worker", "school", "admin"):
            response = await client.get(url, headers=auth.of(role))
            assert response.status_code == (200 if role in roles else 403), (name, role)
    for url in ("/api/v1/exports/passwords.csv", "/api/v1/exports/devices.xlsx"):
        assert (await client.get(url, headers=auth.admin)).status_code == 404


def _local(moment: str) -> str:
    """An API date-time as the exports write it: local time, whole seconds."""
    return datetime.fromisoformat(moment).astimezone(get_settings().tz).isoformat(timespec="seconds")


DEVICE_HEADER = (
    "asset_tag,category,make,model,serial_number,donor,donor_ref,batch,site,stage,on_loan_until,"
    "grade,funding,voucher_code,owner,school_id,cpu,ram_gb,storage_gb,storage_type,screen_inches,os,"
    "transfer_to,notes,created_at,updated_at"
)
EVENT_HEADER = "id,asset_tag,action,from_stage,to_stage,actor,at,data"


async def test_device_and_event_exports_keep_their_columns_and_values(client, auth, sites) -> None:
    """The exports' header and cells, pinned: a spreadsheet or a script reading them by position
    keeps working whatever the device row's own fields become."""
    specs = {"cpu": "i5-8350U", "ram_gb": 8, "storage_gb": 256, "storage_type": "ssd", "screen_inches": 14.0}
    full = await device_at(
        client,
        auth.technician,
        "available",
        serial_number="SN-1",
        donor="SPF Finances",
        donor_ref="INV-7",
        batch="B-7",
        site="atelier",
        specs=specs,
        notes='Rayure, "coin"',
    )
    moved = await act(client, auth.technician, full, "transfer", {"site": "antenne-nord"})
    assert moved.status_code == 200, moved.text
    bare = (await intake(client, auth.technician, make="HP", model="EliteDesk"))["asset_tag"]
    shown = {
        tag: (await client.get(f"/api/v1/devices/{tag}", headers=auth.technician)).json()
        for tag in (full, bare)
    }

    response = await client.get("/api/v1/exports/devices.csv", headers=auth.technician)
    lines = response.text.removeprefix("\ufeff").split("\r\n")
    assert lines[0] == DEVICE_HEADER
    assert lines[1:] == [
        f"{full},laptop,Dell,Latitude 5490,SN-1,SPF Finances,INV-7,B-7,atelier,available,,A,donation,,"
        f'programme,,i5-8350U,8.0,256.0,ssd,14.0,Linux Mint 22,antenne-nord,"Rayure, ""coin""",'
        f"{_local(shown[full]['created_at'])},{_local(shown[full]['updated_at'])}",
        f"{bare},laptop,HP,EliteDesk,,,,,,received,,,donation,,programme,,,,,,,,,,"
        f"{_local(shown[bare]['created_at'])},{_local(shown[bare]['updated_at'])}",
        "",
    ]

    response = await client.get("/api/v1/exports/events.csv", headers=auth.technician)
    lines = response.text.removeprefix("\ufeff").split("\r\n")
    assert lines[0] == EVENT_HEADER
    history = (await client.get(f"/api/v1/devices/{full}/events", headers=auth.technician)).json()["items"]
    at = [_local(event["at"]) for event in history]
    ids = [event["id"] for event in history]
    assert lines[1 : len(history) + 1] == [
        f'{ids[0]},{full},intake,,received,tech,{at[0]},"{{""batch"":""B-7"",""donor"":""SPF Finances""}}"',
        f"{ids[1]},{full},wipe,received,wiped,tech,{at[1]},"
        '"{""method"":""nist-800-88-purge"",""result"":""passed"",""tool"":""nwipe 0.37"",'
        '""storage_serials"":[""WD-WX41A1234567""],""passes"":1,""verification"":""last-pass"",'
        '""certificate_number"":""RL-WC-000001""}"',
        f"{ids[2]},{full},refurbish,wiped,refurbished,tech,{at[2]},"
        '"{""checklist"":{""power"":""pass"",""battery"":""pass"",""screen"":""pass"",""keyboard"":""pass"",'
        '""pointing_device"":""pass"",""ports"":""pass"",""wifi"":""pass"",""camera"":""pass"",'
        '""audio"":""pass"",""charger"":""pass""},""grade"":""A"",""battery_health_percent"":null,'
        '""os"":""Linux Mint 22"",""parts_replaced"":[],""notes"":""""}"',
        f"{ids[3]},{full},label,refurbished,available,tech,{at[3]},{{}}",
        f"{ids[4]},{full},transfer,available,available,tech,{at[4]},"
        '"{""from_site"":""atelier"",""to_site"":""antenne-nord""}"',
    ]
    assert lines[len(history) + 1].split(",")[1:6] == [bare, "intake", "", "received", "tech"]
