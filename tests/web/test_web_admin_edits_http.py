"""The coordinator's edits over HTTP, on both databases: sites (API and page), schools and
programmes, a voucher cancelled with a reason or given a later expiry, and vouchers issued to
several or all schools at once with the PDF of all of them; no other role reaches these."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from inventory.schools import codes
from inventory.schools.tables import School, Voucher
from inventory.sites.tables import Site
from tests.pdf_reading import decoded_barcodes, pdf_pages
from tests.web.test_web_http import signed_in


def in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


async def _arranged(client, auth) -> dict:
    schools = []
    for name, fase in (
        ("École des Tilleuls", "101"),
        ("Athénée Royal", "102"),
        ("Institut Saint-Luc", "103"),
    ):
        response = await client.post(
            "/api/v1/schools", json={"name": name, "fase_number": fase}, headers=auth.admin
        )
        schools.append(response.json())
    programme = (
        await client.post(
            "/api/v1/programmes", json={"name": "Plan numérique", "funder": "Ville"}, headers=auth.admin
        )
    ).json()
    voucher = (
        await client.post(
            "/api/v1/vouchers",
            json={
                "programme_id": programme["id"],
                "school_id": schools[0]["id"],
                "quantity": 2,
                "expires_on": in_days(30),
            },
            headers=auth.admin,
        )
    ).json()
    return {"schools": schools, "programme": programme, "voucher": voucher}


# --- sites -----------------------------------------------------------------------------------


async def test_a_site_is_renamed_and_deactivated_through_the_api(client, auth) -> None:
    await client.post("/api/v1/sites", json={"code": "bus", "name": "Bus", "kind": "bus"}, headers=auth.admin)
    response = await client.patch(
        "/api/v1/sites/BUS",
        json={"name": "Bus numérique", "address": "Place Flagey", "active": False},
        headers=auth.admin,
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "id": response.json()["id"],
        "code": "bus",
        "name": "Bus numérique",
        "kind": "bus",
        "address": "Place Flagey",
        "active": False,
    }
    # An inactive site takes no new device.
    intake = await client.post(
        "/api/v1/devices",
        json={"category": "phone", "make": "A", "model": "B", "site": "bus"},
        headers=auth.admin,
    )
    assert intake.status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        {"name": ""},
        {"name": "B\x00us"},
        {"name": "N" * 201},
        {"kind": "castle"},
        {"active": "yes"},
        {"code": "renamed"},
        {"address": 3},
        [],
    ],
)
async def test_bad_site_changes_are_400_and_change_nothing(client, auth, body) -> None:
    await client.post("/api/v1/sites", json={"code": "bus", "name": "Bus", "kind": "bus"}, headers=auth.admin)
    before = await Site.select().first()
    response = await client.patch("/api/v1/sites/bus", json=body, headers=auth.admin)
    assert response.status_code == 400, response.text
    assert await Site.select().first() == before


async def test_only_a_coordinator_changes_a_site_and_an_unknown_one_is_404(client, auth) -> None:
    await client.post("/api/v1/sites", json={"code": "bus", "name": "Bus", "kind": "bus"}, headers=auth.admin)
    for role in ("technician", "social_worker", "school"):
        assert (
            await client.patch("/api/v1/sites/bus", json={"name": "X"}, headers=auth.of(role))
        ).status_code == 403
    assert (await client.patch("/api/v1/sites/bus", json={"name": "X"})).status_code == 401
    assert (
        await client.patch("/api/v1/sites/nowhere", json={"name": "X"}, headers=auth.admin)
    ).status_code == 404


async def test_the_site_page_saves_with_the_api_rules(client, auth) -> None:
    await client.post("/api/v1/sites", json={"code": "bus", "name": "Bus", "kind": "bus"}, headers=auth.admin)
    csrf = await signed_in(client, auth.admin)
    page = await client.get("/admin/sites/bus/edit")
    assert page.status_code == 200 and 'value="Bus"' in page.text
    bad = await client.post("/admin/sites/bus/edit", data={"name": "", "kind": "bus", "_csrf_token": csrf})
    assert bad.status_code == 400 and 'id="name-error"' in bad.text
    kind = await client.post(
        "/admin/sites/bus/edit", data={"name": "Bus", "kind": "castle", "_csrf_token": csrf}
    )
    assert kind.status_code == 400 and 'id="kind-error"' in kind.text
    saved = await client.post(
        "/admin/sites/bus/edit",
        data={
            "name": "Bus numérique",
            "kind": "bus",
            "address": "",
            "active": ["false", "true"],
            "_csrf_token": csrf,
        },
    )
    assert saved.status_code == 303
    assert (await Site.select(Site.name, Site.active).first()) == {"name": "Bus numérique", "active": True}
    assert (await client.get("/admin/sites/nowhere/edit")).status_code == 404


# --- schools and programmes ------------------------------------------------------------------


async def test_a_school_and_a_programme_are_corrected_from_their_pages(client, auth) -> None:
    arranged = await _arranged(client, auth)
    school, programme = arranged["schools"][0], arranged["programme"]
    csrf = await signed_in(client, auth.admin)
    assert (await client.get(f"/admin/schools/{school['id']}/edit")).status_code == 200
    taken = await client.post(
        f"/admin/schools/{school['id']}/edit",
        data={
            "name": "École des Tilleuls",
            "fase_number": "102",
            "address": "",
            "contact_email": "",
            "_csrf_token": csrf,
        },
    )
    assert taken.status_code == 409 and "Athénée Royal" in taken.text
    email = await client.post(
        f"/admin/schools/{school['id']}/edit",
        data={
            "name": "École des Tilleuls",
            "fase_number": "101",
            "contact_email": "not-an-email",
            "_csrf_token": csrf,
        },
    )
    assert email.status_code == 400 and 'id="contact_email-error"' in email.text
    saved = await client.post(
        f"/admin/schools/{school['id']}/edit",
        data={
            "name": "École communale des Tilleuls",
            "fase_number": "101",
            "address": "Rue des Tilleuls 1",
            "contact_email": "",
            "_csrf_token": csrf,
        },
    )
    assert saved.status_code == 303, saved.text
    row = await School.select(School.name, School.address).where(School.id == school["id"]).first()
    assert row == {"name": "École communale des Tilleuls", "address": "Rue des Tilleuls 1"}

    assert (await client.get(f"/admin/programmes/{programme['id']}/edit")).status_code == 200
    backwards = await client.post(
        f"/admin/programmes/{programme['id']}/edit",
        data={"name": "Plan", "starts_on": "2027-06-01", "ends_on": "2027-01-01", "_csrf_token": csrf},
    )
    assert backwards.status_code == 400
    saved = await client.post(
        f"/admin/programmes/{programme['id']}/edit",
        data={
            "name": "Plan numérique 2027",
            "funder": "",
            "starts_on": "2027-01-01",
            "ends_on": "",
            "_csrf_token": csrf,
        },
    )
    assert saved.status_code == 303, saved.text
    api = (await client.get(f"/api/v1/programmes/{programme['id']}", headers=auth.admin)).json()
    assert (api["name"], api["funder"], api["starts_on"], api["ends_on"]) == (
        "Plan numérique 2027",
        "",
        "2027-01-01",
        None,
    )
    assert (await client.get("/admin/schools/999999/edit")).status_code == 404
    assert (await client.get("/admin/programmes/999999/edit")).status_code == 404


# --- vouchers --------------------------------------------------------------------------------


async def test_a_voucher_gets_a_later_expiry_then_is_cancelled_with_a_reason(client, auth) -> None:
    code = (await _arranged(client, auth))["voucher"]["code"]
    csrf = await signed_in(client, auth.admin)
    page = await client.get(f"/admin/vouchers/{code}")
    assert page.status_code == 200 and "data-confirm" in page.text
    past = await client.post(
        f"/admin/vouchers/{code}/extend", data={"expires_on": "2001-01-01", "_csrf_token": csrf}
    )
    assert past.status_code == 400 and 'id="expires_on-error"' in past.text
    garbage = await client.post(
        f"/admin/vouchers/{code}/extend", data={"expires_on": "soon", "_csrf_token": csrf}
    )
    assert garbage.status_code == 400
    later = await client.post(
        f"/admin/vouchers/{code}/extend", data={"expires_on": in_days(200), "_csrf_token": csrf}
    )
    assert later.status_code == 303
    no_reason = await client.post(f"/admin/vouchers/{code}/cancel", data={"reason": " ", "_csrf_token": csrf})
    assert no_reason.status_code == 400 and 'id="reason-error"' in no_reason.text
    cancelled = await client.post(
        f"/admin/vouchers/{code}/cancel", data={"reason": "école fermée", "_csrf_token": csrf}
    )
    assert cancelled.status_code == 303
    shown = await client.get(cancelled.headers["location"])
    assert "école fermée" in shown.text and "Le bon est annulé." in shown.text
    assert f'action="/admin/vouchers/{code}/cancel"' not in shown.text
    again = await client.post(f"/admin/vouchers/{code}/cancel", data={"reason": "twice", "_csrf_token": csrf})
    assert again.status_code == 409
    row = await Voucher.select(Voucher.status, Voucher.cancel_reason, Voucher.expires_on).first()
    assert (row["status"], row["cancel_reason"], row["expires_on"].isoformat()) == (
        "cancelled",
        "école fermée",
        in_days(200),
    )
    # A code whose check character is wrong is no voucher's: refused as such, as the API does.
    assert (await client.get("/admin/vouchers/AAAA-AAAA-AAAA")).status_code == 400


async def test_vouchers_are_issued_to_all_schools_at_once_with_one_pdf(client, auth) -> None:
    arranged = await _arranged(client, auth)
    csrf = await signed_in(client, auth.admin)
    form = await client.get("/admin/voucher-batches/new")
    assert form.status_code == 200 and "Toutes les écoles (3)" in form.text
    base = {
        "programme_id": str(arranged["programme"]["id"]),
        "quantity": "4",
        "expires_on": in_days(60),
        "_csrf_token": csrf,
    }
    none = await client.post("/admin/voucher-batches", data=base)
    assert none.status_code == 400 and 'id="school_ids-error"' in none.text
    bad = await client.post("/admin/voucher-batches", data={**base, "quantity": "0", "all_schools": "true"})
    assert bad.status_code == 400 and 'id="quantity-error"' in bad.text
    unknown = await client.post("/admin/voucher-batches", data={**base, "school_ids": ["999"]})
    assert unknown.status_code == 400
    before = await Voucher.count()
    issued = await client.post("/admin/voucher-batches", data={**base, "all_schools": "true"})
    assert issued.status_code == 303, issued.text
    assert await Voucher.count() == before + 3
    page = await client.get(issued.headers["location"])
    assert "3 bons ont été émis." in page.text
    batch_id = issued.headers["location"].split("/")[-1].split("?")[0]
    pdf = await client.get(f"/admin/voucher-batches/{batch_id}/vouchers.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf_pages(pdf.content) == 3
    # What a scanner reads and Relais accepts: zxing can also read a Code 128 symbol wrongly in a
    # way its checksum misses (code 26WPXT8PUQQ3 also reads as "91WPXT8P QQ3"); the voucher
    # code's own check character refuses such a read, as the school's redeem form does.
    issued_codes = {voucher["code"] for voucher in await Voucher.select(Voucher.code).where(Voucher.id > 0)}
    read = {code for page_codes in decoded_barcodes(pdf.content) for code in page_codes}
    accepted = {code for code in read if codes.is_valid(code)}
    assert len(accepted) == 3 and accepted <= issued_codes
    two = await client.post(
        "/admin/voucher-batches",
        data={**base, "school_ids": [str(s["id"]) for s in arranged["schools"][:2]]},
    )
    assert two.status_code == 303
    assert await Voucher.count() == before + 5


@pytest.mark.parametrize("role", ["technician", "social_worker", "school"])
async def test_no_other_role_reaches_the_coordinators_edit_pages(client, auth, role) -> None:
    arranged = await _arranged(client, auth)
    await client.post("/api/v1/sites", json={"code": "bus", "name": "Bus", "kind": "bus"}, headers=auth.admin)
    code = arranged["voucher"]["code"]
    csrf = await signed_in(client, auth.of(role))
    for path in (
        "/admin/sites/bus/edit",
        f"/admin/schools/{arranged['schools'][0]['id']}/edit",
        f"/admin/programmes/{arranged['programme']['id']}/edit",
        f"/admin/vouchers/{code}",
        "/admin/voucher-batches/new",
    ):
        assert (await client.get(path)).status_code == 403, path
    for path, data in (
        (f"/admin/vouchers/{code}/cancel", {"reason": "x"}),
        (f"/admin/vouchers/{code}/extend", {"expires_on": in_days(90)}),
        ("/admin/voucher-batches", {"all_schools": "true"}),
        ("/admin/sites/bus/edit", {"name": "X", "kind": "bus"}),
    ):
        assert (await client.post(path, data={**data, "_csrf_token": csrf})).status_code == 403, path
    assert (await Voucher.select(Voucher.status).first())["status"] == "issued"
    assert await Voucher.count() == 1
