"""A school registers the equipment it bought with a voucher, from its portal, on SQLite and
PostgreSQL: its own voucher only (another school's is a 404), the API's own checks named next to
each field, in the user's language, and one device, one redemption, one unit taken when it works."""

from __future__ import annotations

import pytest
from markupsafe import escape

from inventory.devices.tables import Device, Event
from inventory.schools.tables import Redemption
from tests.helpers import speaking
from tests.web.test_web_http import signed_in


async def vouchers_for_two_schools(client, auth) -> tuple[str, str]:
    """A laptop voucher of school 1 (the `school` test user's) and one of another school."""
    for name, fase in (("École 1", "111"), ("École 2", "222")):
        school = await client.post(
            "/api/v1/schools", json={"name": name, "fase_number": fase}, headers=auth.admin
        )
        assert school.status_code == 201, school.text
    programme = await client.post("/api/v1/programmes", json={"name": "Relance"}, headers=auth.admin)
    codes = []
    for school_id in (1, 2):
        voucher = await client.post(
            "/api/v1/vouchers",
            json={
                "programme_id": programme.json()["id"],
                "school_id": school_id,
                "quantity": 2,
                "category": "laptop",
                "expires_on": "2031-01-31",
            },
            headers=auth.admin,
        )
        assert voucher.status_code == 201, voucher.text
        codes.append(voucher.json()["code"])
    return codes[0], codes[1]


async def remaining(client, auth, code: str) -> int:
    return (await client.get(f"/api/v1/vouchers/{code}", headers=auth.admin)).json()["remaining"]


LAPTOP = {"category": "laptop", "make": "Lenovo", "model": "ThinkPad E14", "serial_number": "PF-123"}


async def test_a_school_registers_a_bought_laptop_and_it_takes_one_unit(client, auth) -> None:
    ours, _ = await vouchers_for_two_schools(client, auth)
    token = await signed_in(client, auth.school)
    home = await client.get("/school")
    assert f'href="/school/vouchers/{ours}/equipment"' in home.text
    form = await client.get(f"/school/vouchers/{ours}/equipment")
    assert form.status_code == 200
    assert "Enregistrer du matériel acheté avec ce chèque" in form.text
    assert 'value="laptop" selected' in form.text  # the voucher's category, chosen already

    events_before = await Event.count()
    done = await client.post(
        f"/school/vouchers/{ours}/equipment",
        data={**LAPTOP, "supplier": "Bureau Plus", "invoice_ref": "F-2026-88", "_csrf_token": token},
    )
    assert done.status_code == 303 and done.headers["location"] == "/school?done=registered"
    [device] = await Device.select().where(Device.serial_number == "PF-123")
    assert device["stage"] == "allocated" and device["funding"] == "voucher" and device["school_id"] == 1
    assert device["donor"] == "Bureau Plus"
    assert await Event.count() == events_before + 1
    assert await Redemption.count().where(Redemption.reference == "F-2026-88") == 1
    assert await remaining(client, auth, ours) == 1
    page = await client.get(done.headers["location"])
    assert "L'appareil acheté avec le chèque est enregistré" in page.text
    assert device["asset_tag"] in page.text
    # The equipment list tells the school's own purchase from a donated device.
    assert page.text.count("acheté avec le chèque</div>") == 1


async def test_another_schools_voucher_is_not_found_and_nothing_is_written(client, auth) -> None:
    _, theirs = await vouchers_for_two_schools(client, auth)
    token = await signed_in(client, auth.school)
    assert (await client.get(f"/school/vouchers/{theirs}/equipment")).status_code == 404
    posted = await client.post(f"/school/vouchers/{theirs}/equipment", data={**LAPTOP, "_csrf_token": token})
    assert posted.status_code == 404
    assert await Device.count() == 0 and await Redemption.count() == 0
    assert await remaining(client, auth, theirs) == 2


@pytest.mark.parametrize("role", ["technician", "social_worker", "admin"])
async def test_only_a_school_opens_the_registration_page(client, auth, role: str) -> None:
    ours, _ = await vouchers_for_two_schools(client, auth)
    token = await signed_in(client, auth.of(role))
    assert (await client.get(f"/school/vouchers/{ours}/equipment")).status_code == 403
    posted = await client.post(f"/school/vouchers/{ours}/equipment", data={**LAPTOP, "_csrf_token": token})
    assert posted.status_code == 403
    assert await Device.count() == 0


async def test_a_stranger_is_sent_to_log_in(client, auth) -> None:
    ours, _ = await vouchers_for_two_schools(client, auth)
    response = await client.get(f"/school/vouchers/{ours}/equipment")
    assert response.status_code in (302, 303) and response.headers["location"].startswith("/login")


@pytest.mark.parametrize(
    ("language", "required", "wrong_category"),
    [
        ("fr", "Ce champ est obligatoire.", "le chèque est prévu pour la catégorie"),
        ("nl", "Dit veld is verplicht.", "de cheque is voor"),
    ],
)
async def test_bad_fields_are_named_next_to_each_field_in_the_users_language(
    client, auth, language: str, required: str, wrong_category: str
) -> None:
    ours, _ = await vouchers_for_two_schools(client, auth)
    await speaking(auth, language)
    token = await signed_in(client, auth.school)
    refused = await client.post(
        f"/school/vouchers/{ours}/equipment",
        data={"category": "laptop", "make": " ", "model": "X", "specs.ram_gb": "lots", "_csrf_token": token},
    )
    assert refused.status_code == 400
    assert f'<html lang="{language}">' in refused.text
    assert 'id="make-error"' in refused.text and 'id="specs.ram_gb-error"' in refused.text
    assert required in refused.text
    assert 'value="X"' in refused.text  # what was typed stays

    # The voucher's own rule (its category), from the service, next to the category field.
    other = await client.post(
        f"/school/vouchers/{ours}/equipment", data={**LAPTOP, "category": "tablet", "_csrf_token": token}
    )
    assert other.status_code == 400
    assert 'id="category-error"' in other.text
    assert str(escape(wrong_category)).lower() in other.text.lower()
    assert await Device.count() == 0 and await remaining(client, auth, ours) == 2


async def test_the_same_serial_number_twice_is_refused_next_to_the_serial_number(client, auth) -> None:
    ours, _ = await vouchers_for_two_schools(client, auth)
    token = await signed_in(client, auth.school)
    first = await client.post(f"/school/vouchers/{ours}/equipment", data={**LAPTOP, "_csrf_token": token})
    assert first.status_code == 303
    again = await client.post(f"/school/vouchers/{ours}/equipment", data={**LAPTOP, "_csrf_token": token})
    assert again.status_code == 409
    assert 'id="serial_number-error"' in again.text
    assert await Device.count() == 1 and await remaining(client, auth, ours) == 1


async def test_an_exhausted_voucher_offers_no_form_and_refuses_a_post(client, auth) -> None:
    ours, _ = await vouchers_for_two_schools(client, auth)
    token = await signed_in(client, auth.school)
    for serial in ("PF-1", "PF-2"):
        done = await client.post(
            f"/school/vouchers/{ours}/equipment",
            data={**LAPTOP, "serial_number": serial, "_csrf_token": token},
        )
        assert done.status_code == 303
    page = await client.get(f"/school/vouchers/{ours}/equipment")
    assert page.status_code == 200 and 'action="/school/vouchers/' not in page.text
    refused = await client.post(
        f"/school/vouchers/{ours}/equipment", data={**LAPTOP, "serial_number": "PF-3", "_csrf_token": token}
    )
    assert refused.status_code == 409
    assert await Device.count() == 2
