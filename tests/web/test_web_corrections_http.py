"""Correcting a device from the web UI, over HTTP on both databases: who may, the API's own
validation with errors beside each field, the version the form was opened at, and the history."""

from __future__ import annotations

import pytest

from inventory.devices.tables import Device, Event
from tests.helpers import device_at, intake
from tests.web.test_web_http import signed_in


def _form(tag_values: dict, **changes: str) -> dict[str, str]:
    return {**tag_values, **changes}


async def _opened(client, auth, tag: str, role: str = "technician") -> tuple[str, dict[str, str]]:
    """Sign in, open the edit form and read back the values it starts with."""
    csrf = await signed_in(client, auth.of(role))
    page = await client.get(f"/devices/{tag}/edit")
    assert page.status_code == 200, page.text
    device = (await client.get(f"/api/v1/devices/{tag}", headers=auth.technician)).json()
    values = {
        "_csrf_token": csrf,
        "version": str(device["version"]),
        "category": device["category"],
        "make": device["make"],
        "model": device["model"],
        "serial_number": device["serial_number"] or "",
        "donor": device["donor"],
        "donor_ref": device["donor_ref"] or "",
        "batch": device["batch"],
        "notes": device["notes"],
        **{f"specs.{key}": str(value) for key, value in device["specs"].items()},
    }
    return csrf, values


async def test_a_technician_corrects_a_serial_and_the_device_page_shows_old_and_new(client, auth) -> None:
    tag = (await intake(client, auth.technician, serial_number="ABC-1", specs={"ram_gb": 8}))["asset_tag"]
    _, values = await _opened(client, auth, tag)
    page = await client.get(f"/devices/{tag}/edit")
    assert 'value="ABC-1"' in page.text and 'name="version"' in page.text
    assert 'name="site"' not in page.text  # only a transfer moves a device
    response = await client.post(
        f"/devices/{tag}/edit", data=_form(values, serial_number="ABC-7", reason="mistyped at intake")
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/devices/{tag}?done=correct"
    shown = await client.get(response.headers["location"])
    assert "La correction est inscrite" in shown.text
    assert "<del>ABC-1</del> → <ins>ABC-7</ins>" in shown.text
    assert "Motif\u202f: mistyped at intake" in shown.text
    assert await Event.count().where(Event.action == "correct") == 1
    # The specs the form carried unchanged are no change.
    event = await Event.select(Event.details).where(Event.action == "correct").output(load_json=True).first()
    assert [change["field"] for change in event["details"]["changes"]] == ["serial_number"]


async def test_emptied_optional_fields_are_cleared_and_required_ones_are_refused(client, auth) -> None:
    tag = (await intake(client, auth.technician, serial_number="S-1", donor="SPF", specs={"cpu": "i5"}))[
        "asset_tag"
    ]
    _, values = await _opened(client, auth, tag)
    refused = await client.post(
        f"/devices/{tag}/edit", data=_form(values, make=" ", model="", reason="clear")
    )
    assert refused.status_code == 400
    assert 'id="make-error"' in refused.text and 'id="model-error"' in refused.text
    assert "Ce champ est obligatoire." in refused.text
    cleared = await client.post(
        f"/devices/{tag}/edit",
        data=_form(values, serial_number="", donor="", **{"specs.cpu": ""}, reason="unknown"),
    )
    assert cleared.status_code == 303, cleared.text
    row = await Device.select(Device.serial_number, Device.donor, Device.specs).output(load_json=True).first()
    assert row == {"serial_number": None, "donor": "", "specs": {}}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"reason": "long", "model": "M" * 201}, "model"),
        ({"reason": "bad", "category": "toaster"}, "category"),
        ({"reason": "bad", "specs.ram_gb": "eight"}, "specs.ram_gb"),
        ({"reason": "bad", "specs.ram_gb": "99999"}, "specs.ram_gb"),
        ({"reason": "R" * 2001, "model": "X"}, "reason"),
    ],
)
async def test_bad_fields_are_named_beside_themselves_and_nothing_is_written(
    client, auth, changes, field
) -> None:
    tag = await device_at(client, auth.technician, "received")
    _, values = await _opened(client, auth, tag)
    events_before = await Event.count()
    response = await client.post(f"/devices/{tag}/edit", data=_form(values, **changes))
    assert response.status_code == 400, response.text
    assert f'id="{field}-error"' in response.text
    assert await Event.count() == events_before


async def test_a_nul_in_any_field_is_a_400_not_a_500(client, auth) -> None:
    tag = await device_at(client, auth.technician, "received")
    _, values = await _opened(client, auth, tag)
    response = await client.post(f"/devices/{tag}/edit", data=_form(values, model="La\x00t", reason="x"))
    assert response.status_code == 400
    response = await client.post(f"/devices/{tag}/edit", data=_form(values, version="abc", reason="x"))
    # A version that is no number is ignored (no If-Match): the correction changes nothing, 400.
    assert response.status_code == 400


async def test_a_duplicate_serial_is_shown_at_the_serial_field_naming_the_other_device(client, auth) -> None:
    first = (await intake(client, auth.technician, make="HP", serial_number="CND1"))["asset_tag"]
    second = (await intake(client, auth.technician, make="HP", serial_number="CND2"))["asset_tag"]
    _, values = await _opened(client, auth, second)
    response = await client.post(
        f"/devices/{second}/edit", data=_form(values, serial_number="cnd1", reason="typo")
    )
    assert response.status_code == 409
    assert 'id="serial_number-error"' in response.text
    assert first in response.text


async def test_a_form_opened_before_another_change_is_409_and_keeps_what_was_typed(client, auth) -> None:
    tag = await device_at(client, auth.technician, "received")
    _, values = await _opened(client, auth, tag)
    elsewhere = await client.patch(
        f"/api/v1/devices/{tag}", json={"reason": "other", "batch": "B1"}, headers=auth.admin
    )
    assert elsewhere.status_code == 200
    response = await client.post(f"/devices/{tag}/edit", data=_form(values, model="Typed", reason="mine"))
    assert response.status_code == 409
    assert "Quelqu’un a modifié cet appareil" in response.text
    assert 'value="Typed"' in response.text


async def test_nothing_changed_says_so(client, auth) -> None:
    tag = await device_at(client, auth.technician, "received")
    _, values = await _opened(client, auth, tag)
    response = await client.post(f"/devices/{tag}/edit", data=_form(values, reason="nothing"))
    assert response.status_code == 400
    assert "Rien n’a changé" in response.text


@pytest.mark.parametrize("role", ["social_worker", "school"])
async def test_only_the_workshop_corrects_devices(client, auth, role) -> None:
    tag = await device_at(client, auth.technician, "received")
    csrf = await signed_in(client, auth.of(role))
    assert (await client.get(f"/devices/{tag}/edit")).status_code == 403
    posted = await client.post(
        f"/devices/{tag}/edit", data={"_csrf_token": csrf, "reason": "x", "model": "Y", "make": "Z"}
    )
    assert posted.status_code == 403
    assert await Event.count().where(Event.action == "correct") == 0
    if role == "social_worker":
        # A social worker reads the device page, with no link to correct it.
        shown = await client.get(f"/devices/{tag}")
        assert shown.status_code == 200 and f"/devices/{tag}/edit" not in shown.text


async def test_an_unknown_device_is_404_and_a_stranger_goes_to_log_in(client, auth) -> None:
    assert (await client.get("/devices/RL-000001/edit")).status_code == 303
    await signed_in(client, auth.admin)
    assert (await client.get("/devices/RL-999999/edit")).status_code == 404
