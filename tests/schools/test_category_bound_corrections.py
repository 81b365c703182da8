"""A device reserved for or handed over on a voucher for one category keeps that category: a
correction to another is refused (409 naming the voucher and the request), by the API and the
device's edit form; schools say so through the devices' correction hook."""

from __future__ import annotations

from inventory.devices.tables import Event
from tests.helpers import device_at
from tests.schools.conftest import issue, request_units
from tests.web.test_web_http import signed_in


async def _reserved(client, auth, schools, category: str | None = "laptop") -> tuple[str, dict, dict]:
    fields = {"category": category} if category else {}
    voucher = await issue(client, auth.admin, schools.programme["id"], schools.a["id"], quantity=1, **fields)
    redemption = (await request_units(client, schools.school_a, voucher["code"], 1)).json()
    tag = await device_at(client, auth.technician, "available")
    reserved = await client.post(
        f"/api/v1/redemptions/{redemption['id']}/reserve", json={"asset_tag": tag}, headers=auth.technician
    )
    assert reserved.status_code == 200, reserved.text
    return tag, voucher, redemption


async def _correct(client, headers, tag: str, **fields):
    return await client.patch(f"/api/v1/devices/{tag}", json={"reason": "typo", **fields}, headers=headers)


async def test_a_reserved_or_handed_over_device_keeps_its_voucher_category(client, auth, schools) -> None:
    tag, voucher, redemption = await _reserved(client, auth, schools)
    corrections = await Event.count().where(Event.action == "correct")
    refused = await _correct(client, auth.technician, tag, category="tablet")
    assert refused.status_code == 409, refused.text
    body = refused.json()
    assert body["reason"] == "category_bound"
    assert (body["voucher_code"], body["redemption_id"], body["voucher_category"]) == (
        voucher["code"],
        redemption["id"],
        "laptop",
    )
    assert voucher["code"] in body["detail"] and str(redemption["id"]) in body["detail"]
    # Other fields may still be corrected, and the same category is no change of category.
    assert (
        await _correct(client, auth.technician, tag, model="Latitude 5500", category="laptop")
    ).status_code == 200
    handed = await client.post(f"/api/v1/redemptions/{redemption['id']}/hand-over", headers=auth.technician)
    assert handed.status_code == 200, handed.text
    assert (await _correct(client, auth.admin, tag, category="desktop")).status_code == 409
    assert await Event.count().where(Event.action == "correct") == corrections + 1
    device = (await client.get(f"/api/v1/devices/{tag}", headers=auth.technician)).json()
    assert device["category"] == "laptop"


async def test_a_voucher_for_any_category_or_a_released_line_binds_nothing(client, auth, schools) -> None:
    tag, _, _ = await _reserved(client, auth, schools, category=None)
    assert (await _correct(client, auth.technician, tag, category="tablet")).status_code == 200
    bound, _, redemption = await _reserved(client, auth, schools)
    unreserved = await client.post(
        f"/api/v1/redemptions/{redemption['id']}/unreserve",
        json={"asset_tag": bound},
        headers=auth.technician,
    )
    assert unreserved.status_code == 200, unreserved.text
    assert (await _correct(client, auth.technician, bound, category="tablet")).status_code == 200


async def test_the_edit_form_says_why_next_to_the_category(client, auth, schools) -> None:
    tag, voucher, redemption = await _reserved(client, auth, schools)
    csrf = await signed_in(client, auth.technician)
    device = (await client.get(f"/api/v1/devices/{tag}", headers=auth.technician)).json()
    form = {
        "_csrf_token": csrf,
        "version": str(device["version"]),
        "category": "tablet",
        "make": device["make"],
        "model": device["model"],
        "serial_number": device["serial_number"] or "",
        "donor": device["donor"],
        "donor_ref": device["donor_ref"] or "",
        "batch": device["batch"],
        "notes": device["notes"],
        "reason": "mistyped",
    }
    response = await client.post(f"/devices/{tag}/edit", data=form)
    assert response.status_code == 409, response.text
    assert 'id="category-error"' in response.text
    assert f"bon {voucher['code']}" in response.text and f"demande {redemption['id']}" in response.text
