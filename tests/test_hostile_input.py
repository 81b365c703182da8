"""Hostile and careless input (issue 13): NUL and control characters, lengths the columns
cannot hold, line breaks in single-line fields, numbers beyond the database's integers, deep
JSON, and LIKE wildcards in searches. Every answer is a 400 naming the field (or the right
result), never a 500, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import base64
from datetime import timedelta

import msgspec
import pytest

from inventory import db, text
from inventory.devices.tables import Device
from inventory.http.bodies import MAX_JSON_DEPTH
from inventory.loans import reminders
from tests.helpers import PASSED_WIPE, act, device_at, intake
from tests.loans.conftest import mail, smtp_server  # noqa: F401 (fixtures)
from tests.loans.loan_steps import lend, local_moment, local_today, register
from tests.operations.operation_steps import upload


def fields_of(response) -> list[str]:
    return [error["field"] for error in response.json().get("errors", [])]


async def device_count() -> int:
    return await Device.count()


# 3. NUL and control characters ----------------------------------------------------------------


@pytest.mark.parametrize("field", ["make", "model", "serial_number", "donor", "batch", "notes"])
async def test_a_nul_in_any_intake_field_is_a_400_naming_it_and_nothing_is_stored(client, auth, field):
    body = {"category": "laptop", "make": "Dell", "model": "Latitude", field: "ab\u0000cd"}
    response = await client.post("/api/v1/devices", json=body, headers=auth.technician)
    assert response.status_code == 400, response.text
    assert fields_of(response) == [field]
    assert await device_count() == 0


async def test_a_nul_in_the_anonymous_log_in_name_is_a_400_naming_it(client) -> None:
    response = await client.post("/api/v1/auth/token", json={"username": "admin\u0000", "password": "x"})
    assert response.status_code == 400, response.text
    assert fields_of(response) == ["username"]


async def test_a_nul_in_the_web_log_in_name_is_a_wrong_log_in_not_a_server_error(client) -> None:
    response = await client.post("/login", data={"username": "admin\u0000", "password": "x"})
    assert response.status_code < 500, response.text


@pytest.mark.parametrize(
    "path, field",
    [
        ("/api/v1/devices?q=a%00b", "q"),
        ("/api/v1/devices?site=a%00", "site"),
        ("/api/v1/beneficiaries?q=%00", "q"),
        ("/api/v1/schools?q=%01x", "q"),
        ("/api/v1/loans?asset_tag=RL%00", "asset_tag"),
        ("/api/v1/scan/RL%00-1", "code"),
        ("/api/v1/devices/RL-0%000001", "asset_tag"),
        ("/api/v1/devices/RL-0%000001/events", "asset_tag"),
    ],
)
async def test_a_nul_in_a_query_or_path_parameter_is_a_400_naming_it(client, auth, path, field) -> None:
    headers = auth.admin
    response = await client.get(path, headers=headers)
    assert response.status_code == 400, response.text
    assert field in fields_of(response) or field in response.json()["detail"], response.text


async def test_a_nul_in_a_web_page_parameter_is_refused_not_a_server_error(client, auth) -> None:
    response = await client.get("/scan?code=RL%00", headers=auth.technician)
    assert response.status_code in {400, 401, 303, 302}, response.text


async def test_a_static_file_name_with_a_nul_is_not_found(client) -> None:
    response = await client.get("/static/x%00")
    assert response.status_code == 404
    response = await client.get("/static/x%00%0AWARNING%20forged")
    assert response.status_code == 404


async def test_a_nul_in_a_device_action_is_a_400_naming_the_field(client, auth) -> None:
    tag = await device_at(client, auth.technician, "received")
    response = await act(client, auth.technician, tag, "wipe", {**PASSED_WIPE, "tool": "nwipe\u0000"})
    assert response.status_code == 400, response.text
    assert fields_of(response) == ["tool"]
    response = await act(
        client, auth.technician, tag, "wipe", {**PASSED_WIPE, "storage_serials": ["WD\u00001"]}
    )
    assert response.status_code == 400, response.text
    assert fields_of(response) == ["storage_serials[0]"]


async def test_notes_keep_line_breaks_and_tabs_but_never_a_nul(client, auth) -> None:
    device = await intake(client, auth.technician, notes="line one\n\tline two")
    assert device["notes"] == "line one\n\tline two"
    body = {"category": "laptop", "make": "Dell", "model": "X", "notes": "a\u0000"}
    response = await client.post("/api/v1/devices", json=body, headers=auth.technician)
    assert response.status_code == 400 and fields_of(response) == ["notes"]


# 4. Lengths agree with the columns -------------------------------------------------------------


async def test_a_make_longer_than_its_column_is_a_400_on_every_way_in(client, auth) -> None:
    limit = Device.make.length
    long_make = "D" * (limit + 1)
    body = {"category": "laptop", "make": long_make, "model": "Latitude"}
    response = await client.post("/api/v1/devices", json=body, headers=auth.technician)
    assert response.status_code == 400 and fields_of(response) == ["make"], response.text
    # Exactly the column's length is accepted, and stored whole.
    device = await intake(client, auth.technician, make="D" * limit)
    assert device["make"] == "D" * limit

    tag = await device_at(client, auth.technician, "received")
    response = await act(client, auth.technician, tag, "wipe", {**PASSED_WIPE, "tool": "t" * 101})
    assert response.status_code == 400 and fields_of(response) == ["tool"], response.text

    csv = f"Category;Make;Model;Serial number\r\nlaptop;{long_make};Latitude;SN-LONG\r\n".encode()
    preview = await upload(client, auth.technician, csv, dry_run=True)
    assert preview.status_code == 200, preview.text
    report = preview.json()
    assert report["ok"] is False
    assert [p["field"] for p in report["rows"][0]["problems"]] == ["make"]
    response = await upload(client, auth.technician, csv, dry_run=False)
    assert response.status_code in {400, 409}, response.text
    assert await device_count() == 2  # the one at the limit and the wiped one, nothing imported


def test_school_equipment_refuses_a_make_its_column_cannot_hold() -> None:
    from inventory.schools.schemas import EquipmentRegistration

    with pytest.raises(msgspec.ValidationError, match="make"):
        msgspec.convert(
            {"category": "laptop", "make": "D" * (Device.make.length + 1), "model": "X"},
            EquipmentRegistration,
        )


# 5. Line breaks in single-line fields ----------------------------------------------------------


async def test_an_intake_with_a_multi_line_make_is_refused(client, auth) -> None:
    body = {"category": "laptop", "make": "Dell\nInc", "model": "Latitude"}
    response = await client.post("/api/v1/devices", json=body, headers=auth.technician)
    assert response.status_code == 400 and fields_of(response) == ["make"], response.text
    body = {"category": "laptop", "make": "Dell\n", "model": "Latitude"}
    response = await client.post("/api/v1/devices", json=body, headers=auth.technician)
    assert response.status_code == 400 and fields_of(response) == ["make"], response.text


async def test_the_csv_import_joins_a_multi_line_cell_with_a_notice(client, auth) -> None:
    csv = b'Category;Make;Model;Serial number\r\nlaptop;"Dell\r\nInc";"Latitude\n5490";SN-ML-1\r\n'
    preview = (await upload(client, auth.technician, csv, dry_run=True)).json()
    assert preview["ok"] is True, preview
    row = preview["rows"][0]
    assert (row["make"], row["model"]) == ("Dell Inc", "Latitude 5490")
    assert {notice["field"] for notice in row["notices"]} == {"make", "model"}
    response = await upload(client, auth.technician, csv, dry_run=False)
    assert response.status_code in {200, 201}, response.text
    stored = await Device.select(Device.make, Device.model).first()
    assert stored == {"make": "Dell Inc", "model": "Latitude 5490"}


async def test_a_reminder_for_a_device_stored_with_a_line_break_still_goes_out(
    client,
    auth,
    mail,  # noqa: F811
) -> None:
    sw = auth.social_worker
    anna = await register(client, sw, full_name="Anna De Smet", language="en", email="anna@example.org")
    loan = await lend(client, sw, auth.technician, due_in_days=10, beneficiary=anna)
    # As a release before the text rules could store it (a spreadsheet cell).
    await Device.update({Device.make: "Dell\r\nInc", Device.model: "Lat\u2028itude"}).where(
        Device.asset_tag == loan["asset_tag"]
    )
    report = await reminders.sweep(local_moment(local_today() + timedelta(days=3), 9))
    assert report.sent_by_channel()["email"] == 1
    assert len(mail.received) == 1
    subject = mail.received[0].subject
    assert "\n" not in subject and "Dell Inc" in subject


# 6. Numbers and structure -----------------------------------------------------------------------


def cursor_of(text_: str) -> str:
    return base64.urlsafe_b64encode(text_.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [cursor_of(f"id:{2**31}"), cursor_of(f"id:{2**63}"), cursor_of("id:-1"), "!!!!!!", "aWQ6", "a" * 21],
)
async def test_a_cursor_the_service_did_not_issue_is_a_400_naming_it(client, auth, cursor) -> None:
    for path in ("/api/v1/devices", "/api/v1/beneficiaries", "/api/v1/schools", "/api/v1/loans"):
        response = await client.get(path, params={"cursor": cursor}, headers=auth.admin)
        assert response.status_code == 400, (path, response.text)
        assert "cursor" in fields_of(response) or "cursor" in response.json()["detail"]


async def test_an_issued_cursor_still_pages(client, auth) -> None:
    for _ in range(3):
        await intake(client, auth.technician)
    first = (await client.get("/api/v1/devices", params={"limit": 2}, headers=auth.admin)).json()
    second = await client.get(
        "/api/v1/devices", params={"limit": 2, "cursor": first["next_cursor"]}, headers=auth.admin
    )
    assert second.status_code == 200 and len(second.json()["items"]) == 1


@pytest.mark.parametrize("value", [2**31, 2**63, 0, -1])
async def test_an_id_beyond_the_database_integers_is_a_400_naming_it(client, auth, value) -> None:
    body = {"programme_id": 1, "school_id": value, "quantity": 1, "expires_on": "2030-01-01"}
    response = await client.post("/api/v1/vouchers", json=body, headers=auth.admin)
    assert response.status_code == 400, response.text
    assert fields_of(response) == ["school_id"]
    response = await client.get(f"/api/v1/loans/{value}", headers=auth.admin)
    assert response.status_code in {400, 404}, response.text
    response = await client.get("/api/v1/loans", params={"beneficiary_id": value}, headers=auth.admin)
    assert response.status_code == 400, response.text


async def test_a_number_sent_as_a_string_is_refused(client, auth) -> None:
    body = {"programme_id": "1", "school_id": 1, "quantity": 1, "expires_on": "2030-01-01"}
    response = await client.post("/api/v1/vouchers", json=body, headers=auth.admin)
    assert response.status_code == 400 and fields_of(response) == ["programme_id"], response.text


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1000, 100_000])
async def test_json_nested_too_deep_is_a_400_everywhere(client, auth, depth) -> None:
    token = await client.post(
        "/api/v1/auth/token",
        content=f'{{"username": {nested(depth)}, "password": "x"}}',
        headers={"content-type": "application/json"},
    )
    assert token.status_code == 400, token.text
    assert "nested" in token.json()["detail"]
    intake_ = await client.post(
        "/api/v1/devices",
        content=f'{{"category": "laptop", "make": "D", "model": "M", "specs": {nested(depth)}}}',
        headers={**auth.technician, "content-type": "application/json"},
    )
    assert intake_.status_code == 400, intake_.text
    assert await device_count() == 0


async def test_json_within_the_nesting_limit_and_brackets_inside_strings_are_fine(client, auth) -> None:
    body = {"category": "laptop", "make": "[[[[" * 20, "model": "{" * 40}
    response = await client.post("/api/v1/devices", json=body, headers=auth.technician)
    assert response.status_code == 201, response.text
    malformed = await client.post(
        "/api/v1/devices",
        content=b'{"category": ',
        headers={**auth.technician, "content-type": "application/json"},
    )
    assert malformed.status_code == 400, malformed.text


# 11. Search: % and _ are letters ----------------------------------------------------------------


async def test_percent_and_underscore_match_only_themselves_in_searches(client, auth) -> None:
    await intake(client, auth.technician, make="Dell", serial_number="AB_12")
    await intake(client, auth.technician, make="HP", serial_number="ABX12")
    await intake(client, auth.technician, make="Acer", serial_number="100%")

    async def devices(q: str) -> list[str]:
        response = await client.get("/api/v1/devices", params={"q": q}, headers=auth.admin)
        assert response.status_code == 200, response.text
        return sorted(item["serial_number"] for item in response.json()["items"])

    assert await devices("%") == ["100%"]
    assert await devices("_") == ["AB_12"]
    assert await devices("AB_1") == ["AB_12"]
    assert await devices("\\") == []

    sw = auth.social_worker
    await register(client, sw, full_name="Anna_Smet")
    await register(client, sw, full_name="AnnaXSmet")
    response = await client.get("/api/v1/beneficiaries", params={"q": "anna_"}, headers=sw)
    assert [b["full_name"] for b in response.json()["items"]] == ["Anna_Smet"]
    response = await client.get("/api/v1/beneficiaries", params={"q": "%"}, headers=sw)
    assert response.json()["items"] == []

    for name, fase in (("École 100%", "1001"), ("Ecole Z", "1002")):
        response = await client.post(
            "/api/v1/schools", json={"name": name, "fase_number": fase}, headers=auth.admin
        )
        assert response.status_code == 201, response.text
    response = await client.get("/api/v1/schools", params={"q": "%"}, headers=auth.admin)
    assert [s["name"] for s in response.json()["items"]] == ["École 100%"]
    response = await client.get("/api/v1/schools", params={"q": "100_"}, headers=auth.admin)
    assert response.json()["items"] == []


# Stored text, brought into the rules by the migration --------------------------------------------


async def test_rows_stored_before_the_rules_are_cleaned_by_the_migration(client, auth, backend) -> None:
    device = await intake(client, auth.technician, notes="fine")
    dirty_make = "Dell\r\nInc\u0007"
    dirty_notes = "line\n\ttab\u0007" + ("\u0000" if backend == "sqlite" else "")
    await Device.update({Device.make: dirty_make, Device.notes: dirty_notes}).where(
        Device.asset_tag == device["asset_tag"]
    )
    changed = await db.clean_stored_text("device", ["make"], ["notes"])
    assert changed == 1
    row = (
        await Device.select(Device.make, Device.notes).where(Device.asset_tag == device["asset_tag"]).first()
    )
    assert row == {"make": "Dell Inc", "notes": "line\n\ttab"}
    assert await db.clean_stored_text("device", ["make"], ["notes"]) == 0


def test_header_safe_text_is_one_line() -> None:
    assert text.header_safe(" Dell\r\nInc\u2028X\u0000 ") == "Dell Inc X"
    assert text.as_single_line("a\tb") == "a b"


async def test_a_user_with_a_school_id_beyond_the_integers_is_refused(client, auth) -> None:
    body = {"username": "someone", "password": "x" * 20, "role": "school", "school_id": 2**31}
    response = await client.post("/api/v1/users", json=body, headers=auth.admin)
    assert response.status_code == 400 and fields_of(response) == ["school_id"], response.text
