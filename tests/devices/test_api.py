"""A technician walks a device through the workshop over HTTP; every refusal is checked too."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from inventory.devices.tables import Event
from tests.helpers import FULL_CHECKLIST, PASSED_WIPE, REFURBISHMENT, act, device_at, intake


async def event_count() -> int:
    return await Event.count()


async def test_technician_takes_a_device_from_intake_to_available(client, auth) -> None:
    tech = auth.technician
    device = await intake(
        client,
        tech,
        serial_number=" abc-123 ",
        donor="SPF Finances",
        donor_ref="INV-77",
        specs={"ram_gb": 8, "storage_gb": 256, "storage_type": "ssd"},
    )
    assert device["asset_tag"] == "RL-000001"
    assert device["stage"] == "received"
    assert device["serial_number"] == "abc-123"
    tag = device["asset_tag"]

    wiped = await act(client, tech, tag, "wipe", PASSED_WIPE)
    assert wiped.status_code == 200, wiped.text
    assert wiped.json()["device"]["stage"] == "wiped"
    assert wiped.json()["event"]["data"]["certificate_number"] == "RL-WC-000001"

    refurbished = await act(client, tech, tag, "refurbish", REFURBISHMENT)
    assert refurbished.json()["device"]["stage"] == "refurbished"
    assert refurbished.json()["device"]["grade"] == "A"
    assert refurbished.json()["device"]["specs"]["os"] == "Linux Mint 22"

    labelled = await act(client, tech, tag, "label")
    assert labelled.json()["device"]["stage"] == "available"

    history = (await client.get(f"/api/v1/devices/{tag}/events", headers=tech)).json()["items"]
    assert [(e["action"], e["from_stage"], e["to_stage"]) for e in history] == [
        ("intake", None, "received"),
        ("wipe", "received", "wiped"),
        ("refurbish", "wiped", "refurbished"),
        ("label", "refurbished", "available"),
    ]
    assert all(e["actor"] == "tech" for e in history)


async def test_asset_tags_are_sequential_and_never_reused(client, auth) -> None:
    tags = [(await intake(client, auth.technician))["asset_tag"] for _ in range(3)]
    assert tags == ["RL-000001", "RL-000002", "RL-000003"]


@pytest.mark.parametrize("code", ["RL-000001", " rl-000001 ", "abc-123", "ABC-123\t", "inv-77"])
async def test_scan_finds_a_device_by_tag_serial_or_donor_reference(client, auth, code) -> None:
    await intake(client, auth.technician, serial_number="ABC-123", donor_ref="INV-77")
    response = await client.get(f"/api/v1/scan/{quote(code)}", headers=auth.social_worker)
    assert response.status_code == 200, response.text
    assert response.json()["device"]["asset_tag"] == "RL-000001"
    assert response.json()["allowed_actions"] == ["wipe", "send_to_repair", "retire", "transfer"]


async def test_scan_of_an_unknown_code_is_404(client, auth) -> None:
    response = await client.get("/api/v1/scan/NOPE-1", headers=auth.technician)
    assert response.status_code == 404
    assert "NOPE-1" in response.json()["detail"]


async def test_same_make_and_serial_twice_is_a_conflict_naming_the_first_tag(client, auth) -> None:
    await intake(client, auth.technician, serial_number="SN-1")
    before = await event_count()
    response = await client.post(
        "/api/v1/devices",
        json={"category": "laptop", "make": " dell ", "model": "Other", "serial_number": "sn-1"},
        headers=auth.technician,
    )
    assert response.status_code == 409
    assert "RL-000001" in response.json()["detail"]
    # A stable reason and the tag, for programs that must not parse the English detail.
    assert (response.json()["reason"], response.json()["asset_tag"]) == ("already_registered", "RL-000001")
    assert await event_count() == before
    other_make = await intake(client, auth.technician, make="HP", serial_number="SN-1")
    assert other_make["asset_tag"] == "RL-000002"


async def test_action_not_allowed_is_409_with_the_allowed_actions(client, auth) -> None:
    tag = await device_at(client, auth.technician, "received")
    before = await event_count()
    response = await act(client, auth.technician, tag, "label")
    assert response.status_code == 409
    assert response.json()["allowed_actions"] == ["wipe", "send_to_repair", "retire", "transfer"]
    assert await event_count() == before
    device = (await client.get(f"/api/v1/devices/{tag}", headers=auth.technician)).json()
    assert device["stage"] == "received"


async def test_failed_wipe_is_recorded_and_changes_nothing_else(client, auth) -> None:
    tag = await device_at(client, auth.technician, "received")
    response = await act(client, auth.technician, tag, "wipe", {**PASSED_WIPE, "result": "failed"})
    assert response.status_code == 200
    body = response.json()
    assert body["device"]["stage"] == "received"
    assert body["event"]["from_stage"] == body["event"]["to_stage"] == "received"
    assert "certificate_number" not in body["event"]["data"]
    certificate = await client.get(f"/api/v1/devices/{tag}/wipe-certificate.pdf", headers=auth.technician)
    assert certificate.status_code == 404


async def test_refurbishment_with_a_failed_check_goes_to_repair_then_back_wiped(client, auth) -> None:
    """The wipe before the repair still covers the device: no custody change, no storage replaced."""
    tag = await device_at(client, auth.technician, "wiped")
    failing = {**REFURBISHMENT, "checklist": {**REFURBISHMENT["checklist"], "screen": "fail"}}
    refused = await act(client, auth.technician, tag, "refurbish", failing)
    assert refused.status_code == 409
    assert "send_to_repair" in refused.json()["allowed_actions"]
    repaired = await act(client, auth.technician, tag, "send_to_repair", {"reason": "cracked screen"})
    assert repaired.json()["device"]["stage"] == "in_repair"
    finished = await act(client, auth.technician, tag, "finish_repair", {"notes": "new panel"})
    assert finished.json()["device"]["stage"] == "wiped"


async def test_incomplete_checklist_is_400_naming_the_missing_items(client, auth) -> None:
    tag = await device_at(client, auth.technician, "wiped")
    response = await act(
        client, auth.technician, tag, "refurbish", {"checklist": {"power": "pass"}, "grade": "B"}
    )
    assert response.status_code == 400
    assert "screen" in response.json()["detail"]


async def test_transfer_is_confirmed_by_a_scan_at_arrival(client, auth) -> None:
    for code in ("workshop", "bus"):
        created = await client.post(
            "/api/v1/sites", json={"code": code, "name": code.title()}, headers=auth.admin
        )
        assert created.status_code == 201
    tag = (await intake(client, auth.technician, site="workshop"))["asset_tag"]
    sent = await act(client, auth.technician, tag, "transfer", {"site": "bus"})
    assert sent.status_code == 200
    assert sent.json()["device"]["site"] == "workshop"
    assert sent.json()["device"]["transfer_to"] == "bus"
    scan = (await client.get(f"/api/v1/scan/{tag}", headers=auth.technician)).json()
    assert "receive_transfer" in scan["allowed_actions"]
    received = await act(client, auth.technician, tag, "receive_transfer")
    assert received.json()["device"]["site"] == "bus"
    assert received.json()["device"]["transfer_to"] is None
    unknown = await act(client, auth.technician, tag, "transfer", {"site": "mars"})
    assert unknown.status_code == 400
    assert "mars" in unknown.json()["detail"]


async def test_retired_device_accepts_nothing_more(client, auth) -> None:
    tag = await device_at(client, auth.technician, "received")
    retired = await act(
        client,
        auth.technician,
        tag,
        "retire",
        {"reason": "beyond repair", "recycler_ref": "REC-9", "destruction_certificate_ref": "DC-9"},
    )
    assert retired.json()["device"]["stage"] == "retired"
    again = await act(client, auth.technician, tag, "wipe", PASSED_WIPE)
    assert again.status_code == 409
    assert again.json()["allowed_actions"] == []


async def test_list_filters_and_paginates_with_a_cursor(client, auth) -> None:
    for index in range(5):
        await intake(
            client,
            auth.technician,
            category="tablet" if index % 2 else "laptop",
            model=f"Model {index}",
        )
    first = (await client.get("/api/v1/devices", params={"limit": 2}, headers=auth.technician)).json()
    assert [d["asset_tag"] for d in first["items"]] == ["RL-000001", "RL-000002"]
    second = (
        await client.get(
            "/api/v1/devices",
            params={"limit": 2, "cursor": first["next_cursor"]},
            headers=auth.technician,
        )
    ).json()
    assert [d["asset_tag"] for d in second["items"]] == ["RL-000003", "RL-000004"]
    third = (
        await client.get(
            "/api/v1/devices",
            params={"limit": 2, "cursor": second["next_cursor"]},
            headers=auth.technician,
        )
    ).json()
    assert [d["asset_tag"] for d in third["items"]] == ["RL-000005"]
    assert third["next_cursor"] is None
    tablets = (
        await client.get("/api/v1/devices", params={"category": "tablet"}, headers=auth.technician)
    ).json()
    assert [d["model"] for d in tablets["items"]] == ["Model 1", "Model 3"]
    found = (await client.get("/api/v1/devices", params={"q": "model 4"}, headers=auth.technician)).json()
    assert [d["asset_tag"] for d in found["items"]] == ["RL-000005"]
    received = (
        await client.get("/api/v1/devices", params={"stage": "wiped"}, headers=auth.technician)
    ).json()
    assert received["items"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"make": "Dell", "model": "X"}, "category"),
        ({"category": "toaster", "make": "Dell", "model": "X"}, "category"),
        ({"category": "laptop", "make": "", "model": "X"}, "make"),
        ({"category": "laptop", "make": "Dell"}, "model"),
        ({"category": "laptop", "make": "Dell", "model": "X" * 201}, "model"),
        (
            {"category": "laptop", "make": "Dell", "model": "X", "serial_number": 42},
            "serial_number",
        ),
        ({"category": "laptop", "make": "Dell", "model": "X", "specs": {"ram_gb": -1}}, "ram_gb"),
        (
            {"category": "laptop", "make": "Dell", "model": "X", "specs": {"colour": "red"}},
            "colour",
        ),
        ({"category": "laptop", "make": "Dell", "model": "X", "funding": "gift"}, "funding"),
        ({"category": "laptop", "make": "Dell", "model": "X", "site": "nowhere"}, "nowhere"),
        (
            {"category": "laptop", "make": "Dell", "model": "X", "funding": "voucher"},
            "voucher_code",
        ),
        ({"category": "laptop", "make": "Dell", "model": "X", "owner": "me"}, "owner"),
    ],
)
async def test_bad_intake_is_400_naming_the_field_and_stores_nothing(client, auth, body, field) -> None:
    response = await client.post("/api/v1/devices", json=body, headers=auth.technician)
    assert response.status_code == 400, response.text
    assert field in response.json()["detail"]
    assert await event_count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"result": "passed"}, "method"),
        ({"method": "magic", "result": "passed"}, "method"),
        ({"method": "nist-800-88-clear", "result": "maybe"}, "result"),
        ({"method": "nist-800-88-clear", "result": "passed", "passes": -1}, "passes"),
        (
            {"method": "nist-800-88-clear", "result": "passed", "started_at": "yesterday"},
            "started_at",
        ),
        (
            {
                "method": "nist-800-88-clear",
                "result": "passed",
                "started_at": "2026-11-20T10:00:00",
            },
            "started_at",
        ),
        (
            {
                "method": "nist-800-88-clear",
                "result": "passed",
                "started_at": "2026-11-20T10:00:00+00:00",
                "finished_at": "2026-11-20T09:00:00+00:00",
            },
            "finished_at",
        ),
        (
            {"method": "nist-800-88-clear", "result": "passed", "storage_serials": "ABC"},
            "storage_serials",
        ),
    ],
)
async def test_bad_wipe_is_400_naming_the_field(client, auth, body, field) -> None:
    tag = await device_at(client, auth.technician, "received")
    before = await event_count()
    response = await act(client, auth.technician, tag, "wipe", body)
    assert response.status_code == 400, response.text
    assert field in response.json()["detail"]
    assert await event_count() == before


@pytest.mark.parametrize(
    ("stage", "action", "body", "field"),
    [
        ("wiped", "refurbish", {"grade": "A"}, "checklist"),
        ("wiped", "refurbish", {"checklist": FULL_CHECKLIST}, "grade"),
        ("wiped", "refurbish", {"checklist": FULL_CHECKLIST, "grade": "D"}, "grade"),
        ("wiped", "refurbish", {"checklist": {**FULL_CHECKLIST, "power": "ok"}, "grade": "A"}, "checklist"),
        (
            "wiped",
            "refurbish",
            {"checklist": {**FULL_CHECKLIST, "toaster": "pass"}, "grade": "A"},
            "checklist",
        ),
        (
            "wiped",
            "refurbish",
            {"checklist": FULL_CHECKLIST, "grade": "A", "battery_health_percent": 120},
            "battery_health_percent",
        ),
        (
            "wiped",
            "refurbish",
            {"checklist": FULL_CHECKLIST, "grade": "A", "parts_replaced": "fan"},
            "parts_replaced",
        ),
        ("received", "send_to_repair", {}, "reason"),
        ("received", "send_to_repair", {"reason": ""}, "reason"),
        ("received", "retire", {}, "reason"),
        ("received", "retire", {"reason": "recycled", "recycler_ref": "R" * 101}, "recycler_ref"),
        ("received", "transfer", {}, "site"),
        ("received", "transfer", {"site": 7}, "site"),
        ("refurbished", "label", {"printed": True}, "printed"),
        ("received", "wipe", {"method": "nist-800-88-clear", "result": "passed", "colour": "red"}, "colour"),
    ],
)
async def test_a_bad_action_body_is_400_naming_the_field_and_changes_nothing(
    client, auth, stage, action, body, field
) -> None:
    tag = await device_at(client, auth.technician, stage)
    before = await event_count()
    response = await act(client, auth.technician, tag, action, body)
    assert response.status_code == 400, response.text
    assert field in [error["field"] for error in response.json()["errors"]], response.text
    assert await event_count() == before
    device = (await client.get(f"/api/v1/devices/{tag}", headers=auth.technician)).json()
    assert device["stage"] == stage


async def test_malformed_json_is_400(client, auth) -> None:
    response = await client.post(
        "/api/v1/devices",
        content=b"{not json",
        headers={**auth.technician, "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert "detail" in response.json()


async def test_unknown_device_is_404_everywhere(client, auth) -> None:
    for path in (
        "/api/v1/devices/RL-999999",
        "/api/v1/devices/RL-999999/events",
        "/api/v1/devices/RL-999999/wipe-certificate.pdf",
    ):
        assert (await client.get(path, headers=auth.admin)).status_code == 404
    assert (await act(client, auth.admin, "RL-999999", "label")).status_code == 404


async def test_a_technician_sees_until_when_a_device_is_lent_never_to_whom(client, auth) -> None:
    tag = await device_at(client, auth.technician, "available")
    beneficiary = await client.post(
        "/api/v1/beneficiaries",
        json={"full_name": "Amina Benali", "language": "fr", "consent_recorded_on": "2026-11-01"},
        headers=auth.social_worker,
    )
    assert beneficiary.status_code == 201, beneficiary.text
    loan = await client.post(
        "/api/v1/loans",
        json={"asset_tag": tag, "beneficiary_id": beneficiary.json()["id"], "due_on": "2027-02-01"},
        headers=auth.social_worker,
    )
    assert loan.status_code == 201, loan.text
    seen = await client.get(f"/api/v1/scan/{tag}", headers=auth.technician)
    assert seen.json()["device"]["stage"] == "on_loan"
    assert seen.json()["device"]["on_loan_until"] == "2027-02-01"
    assert "Amina" not in seen.text and "Benali" not in seen.text
    renewed = await client.post(
        f"/api/v1/loans/{loan.json()['id']}/renew", json={"due_on": "2027-03-01"}, headers=auth.social_worker
    )
    assert renewed.status_code == 200, renewed.text
    device = (await client.get(f"/api/v1/devices/{tag}", headers=auth.technician)).json()
    assert device["on_loan_until"] == "2027-03-01"
    back = await client.post(
        f"/api/v1/loans/{loan.json()['id']}/return", json={"condition": "good"}, headers=auth.technician
    )
    assert back.status_code == 200, back.text
    device = (await client.get(f"/api/v1/devices/{tag}", headers=auth.technician)).json()
    assert device["stage"] == "returned" and device["on_loan_until"] is None
