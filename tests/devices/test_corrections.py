"""Corrections of what was typed at intake: PATCH /api/v1/devices/{tag} and its `correct` event."""

from __future__ import annotations

import asyncio

import pytest

from inventory.devices.tables import Device, Event
from tests.helpers import act, device_at, intake
from tests.web.test_web_http import signed_in


async def _patch(client, headers, tag: str, body: object, **extra_headers: str):
    return await client.patch(f"/api/v1/devices/{tag}", json=body, headers={**headers, **extra_headers})


async def test_a_mistyped_serial_is_corrected_and_the_history_keeps_old_and_new(client, auth) -> None:
    device = await intake(client, auth.technician, serial_number="5CG1234XYZ", donor="SPF Finances")
    tag = device["asset_tag"]
    response = await _patch(
        client,
        auth.technician,
        tag,
        {"reason": "serial mistyped at intake", "serial_number": " 5CG1234XYQ ", "donor": "SPF Finances"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["device"]["serial_number"] == "5CG1234XYQ"
    assert body["device"]["stage"] == "received"
    assert body["device"]["version"] == device["version"] + 1
    event = body["event"]
    assert event["action"] == "correct"
    assert event["from_stage"] == event["to_stage"] == "received"
    # The donor was sent unchanged: only the serial is a change.
    assert event["data"] == {
        "reason": "serial mistyped at intake",
        "changes": [{"field": "serial_number", "old": "5CG1234XYZ", "new": "5CG1234XYQ"}],
    }
    history = (await client.get(f"/api/v1/devices/{tag}/events", headers=auth.social_worker)).json()
    assert [e["action"] for e in history["items"]] == ["intake", "correct"]
    # Scans find the device by its corrected serial, no longer by the old one.
    assert (await client.get("/api/v1/scan/5cg1234xyq", headers=auth.technician)).status_code == 200
    assert (await client.get("/api/v1/scan/5CG1234XYZ", headers=auth.technician)).status_code == 404
    # So does the register's search, in the web list.
    await signed_in(client, auth.technician)
    found = await client.get("/devices", params={"q": "5cg1234xyq"})
    assert (found.status_code, found.headers["location"]) == (303, f"/devices/{tag}")
    old_serial = await client.get("/devices", params={"q": "5CG1234XYZ"})
    assert old_serial.status_code == 200 and tag not in old_serial.text


async def test_every_correctable_field_changes_and_specs_are_compared_key_by_key(client, auth) -> None:
    tag = (
        await intake(
            client, auth.admin, serial_number="A1", donor_ref="INV-1", specs={"ram_gb": 4, "cpu": "i5"}
        )
    )["asset_tag"]
    correction = {
        "reason": "the donor's list was wrong",
        "category": "desktop",
        "make": "HP",
        "model": "EliteDesk 800",
        "serial_number": None,
        "donor": "Région",
        "donor_ref": "INV-2",
        "batch": "2026-12",
        "specs": {"ram_gb": 8, "cpu": "i5"},
        "notes": "two lines\nof notes",
    }
    response = await _patch(client, auth.admin, tag, correction)
    assert response.status_code == 200, response.text
    device = response.json()["device"]
    assert (device["category"], device["make"], device["model"]) == ("desktop", "HP", "EliteDesk 800")
    assert device["serial_number"] is None and device["donor_ref"] == "INV-2"
    assert device["specs"] == {"ram_gb": 8, "cpu": "i5"}
    changes = {c["field"]: (c["old"], c["new"]) for c in response.json()["event"]["data"]["changes"]}
    assert changes["specs.ram_gb"] == (4, 8)
    assert "specs.cpu" not in changes
    assert changes["serial_number"] == ("A1", None)
    assert set(changes) == {
        "category", "make", "model", "serial_number", "donor", "donor_ref", "batch", "specs.ram_gb", "notes",
    }  # fmt: skip
    row = await Device.select(Device.make_key, Device.serial_key, Device.donor_ref_key).first()
    assert row == {"make_key": "HP", "serial_key": None, "donor_ref_key": "INV-2"}


async def test_a_make_and_serial_of_another_device_is_refused_naming_it(client, auth) -> None:
    first = (await intake(client, auth.technician, make="Lenovo", serial_number="PF-1"))["asset_tag"]
    second = (await intake(client, auth.technician, make="Lenovo", serial_number="PF-2"))["asset_tag"]
    events_before = await Event.count()
    response = await _patch(client, auth.technician, second, {"reason": "typo", "serial_number": "pf-1"})
    assert response.status_code == 409, response.text
    assert response.json()["asset_tag"] == first
    assert first in response.json()["detail"]
    # The make alone can also make a duplicate.
    third = (await intake(client, auth.technician, make="Lenovo ", serial_number="X9"))["asset_tag"]
    await intake(client, auth.technician, make="HP", serial_number="X9")
    refused = await _patch(client, auth.technician, third, {"reason": "typo", "make": "hp"})
    assert refused.status_code == 409
    assert await Event.count() == events_before + 2  # the two intakes only
    # Its own serial in another case is no duplicate of itself.
    same = await _patch(client, auth.technician, second, {"reason": "case", "serial_number": "pf-2"})
    assert same.status_code == 200, same.text


@pytest.mark.parametrize(
    "body",
    [
        {"reason": "stage by hand", "stage": "available"},
        {"reason": "site", "site": "bus"},
        {"reason": "funding", "funding": "voucher"},
        {"model": "no reason"},
        {"reason": "   ", "model": "blank reason"},
        {"reason": "nul", "model": "Lat\x00itude"},
        {"reason": "nul in reason\x00", "model": "X"},
        {"reason": "line break", "make": "Dell\nInc"},
        {"reason": "too long", "model": "M" * 201},
        {"reason": "R" * 2001, "model": "X"},
        {"reason": "blank make", "make": "  "},
        {"reason": "wrong type", "make": 42},
        {"reason": "wrong type", "specs": {"ram_gb": "eight"}},
        {"reason": "unknown spec", "specs": {"colour": "red"}},
        {"reason": "bad category", "category": "toaster"},
        {"reason": "null make", "make": None},
        {"reason": "nothing changes"},
        {"reason": "same value", "make": "Dell"},
        [],
        "text",
    ],
)
async def test_bad_corrections_are_400_and_change_nothing(client, auth, body) -> None:
    tag = await device_at(client, auth.technician, "received")
    before = (await client.get(f"/api/v1/devices/{tag}", headers=auth.technician)).json()
    events_before = await Event.count()
    response = await _patch(client, auth.technician, tag, body)
    assert response.status_code == 400, response.text
    assert await Event.count() == events_before
    after = (await client.get(f"/api/v1/devices/{tag}", headers=auth.technician)).json()
    assert after == before


async def test_a_correction_of_an_unknown_device_is_404(client, auth) -> None:
    response = await _patch(client, auth.admin, "RL-999999", {"reason": "x", "model": "Y"})
    assert response.status_code == 404


async def test_a_correction_never_moves_the_stage_of_a_device_on_its_way(client, auth) -> None:
    tag = await device_at(client, auth.technician, "available")
    response = await _patch(client, auth.technician, tag, {"reason": "grade sticker", "batch": "B-7"})
    assert response.status_code == 200
    assert response.json()["device"]["stage"] == "available"
    assert response.json()["device"]["wiped_since_custody_change"] is True
    # The next actions still apply as before.
    allowed = response.json()["device"]["allowed_actions"]
    assert "lend" in allowed and "correct" not in allowed


async def test_two_corrections_from_the_same_version_one_wins_the_other_is_409(client, auth) -> None:
    device = await intake(client, auth.technician, serial_number="RACE")
    tag, version = device["asset_tag"], device["version"]
    responses = await asyncio.gather(
        *(
            _patch(
                client,
                auth.technician,
                tag,
                {"reason": f"fix {n}", "model": f"M{n}"},
                **{"If-Match": f'"{version}"'},
            )
            for n in range(8)
        )
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [200] + [409] * 7, [r.text for r in responses]
    winner = next(r for r in responses if r.status_code == 200).json()
    stored = (await client.get(f"/api/v1/devices/{tag}", headers=auth.technician)).json()
    assert stored["model"] == winner["device"]["model"]
    assert await Event.count().where(Event.action == "correct") == 1


async def test_a_correction_with_an_old_version_is_409_and_a_stage_action_races_it(client, auth) -> None:
    device = await intake(client, auth.technician)
    tag = device["asset_tag"]
    wiped = await act(
        client, auth.technician, tag, "wipe", {"method": "nist-800-88-purge", "result": "passed"}
    )
    assert wiped.status_code == 200
    stale = await _patch(
        client, auth.technician, tag, {"reason": "x", "model": "Y"}, **{"If-Match": str(device["version"])}
    )
    assert stale.status_code == 409
    assert "version" in stale.json()["detail"]
    fresh = await _patch(
        client,
        auth.technician,
        tag,
        {"reason": "x", "model": "Y"},
        **{"If-Match": str(device["version"] + 1)},
    )
    assert fresh.status_code == 200, fresh.text


async def test_two_devices_corrected_to_the_same_serial_at_once_only_one_gets_it(client, auth) -> None:
    tags = [
        (await intake(client, auth.technician, make="Acer", serial_number=f"S{n}"))["asset_tag"]
        for n in range(6)
    ]
    responses = await asyncio.gather(
        *(_patch(client, auth.technician, tag, {"reason": "dup", "serial_number": "SAME"}) for tag in tags)
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [200] + [409] * 5, [r.text for r in responses]
    assert await Device.count().where(Device.serial_key == "SAME") == 1
