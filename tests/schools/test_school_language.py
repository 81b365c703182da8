"""A school's vouchers and delivery notes are written in the school's language, whatever the
coordinator's interface speaks; a download may ask for another (`?lang=`)."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader

from inventory.settings import get_settings
from tests.helpers import device_at
from tests.pdf_reading import pdf_text
from tests.schools.conftest import issue, request_units
from tests.web.test_web_http import signed_in

DUTCH_VOUCHER = "Uitrustingscheque"
FRENCH_VOUCHER = "Chèque équipement"


def flat(text: str) -> str:
    return " ".join(text.split())


async def dutch(client, auth, school: dict) -> None:
    response = await client.patch(
        f"/api/v1/schools/{school['id']}", json={"language": "nl"}, headers=auth.admin
    )
    assert response.status_code == 200, response.text
    assert response.json()["language"] == "nl"


async def test_schools_are_french_unless_said_and_the_language_is_checked(client, auth, schools) -> None:
    assert schools.a["language"] == "fr"
    created = await client.post(
        "/api/v1/schools",
        json={"name": "Sint-Jozefscollege", "fase_number": "3003", "language": "nl"},
        headers=auth.admin,
    )
    assert created.status_code == 201 and created.json()["language"] == "nl"
    wrong = await client.patch(
        f"/api/v1/schools/{schools.a['id']}", json={"language": "de"}, headers=auth.admin
    )
    assert wrong.status_code == 400
    assert (await client.get(f"/api/v1/schools/{schools.a['id']}", headers=auth.admin)).json()[
        "language"
    ] == "fr"


async def test_a_dutch_school_gets_a_dutch_voucher_unless_overridden(client, auth, schools) -> None:
    await dutch(client, auth, schools.a)
    voucher = await issue(client, auth.admin, schools.programme["id"], schools.a["id"], quantity=2)
    url = f"/api/v1/vouchers/{voucher['code']}/voucher.pdf"
    text = flat(pdf_text((await client.get(url, headers=schools.school_a)).content))
    assert DUTCH_VOUCHER in text and "Geldig tot" in text
    # The sentence names where to sign in, once, and still invites registering purchases.
    address = get_settings().base_url
    assert f"meldt u zich aan op {address} met de account van uw school" in text
    assert "registreer de uitrusting die uw school ermee koopt" in text
    french = flat(pdf_text((await client.get(url, params={"lang": "fr"}, headers=auth.admin)).content))
    assert FRENCH_VOUCHER in french and DUTCH_VOUCHER not in french
    assert f"connectez-vous sur {address} avec le compte" in french and "Relais de" not in french
    # The web pages follow the school too, from a French interface.
    await signed_in(client, auth.admin)
    admin_pdf = await client.get(f"/admin/vouchers/{voucher['code']}/voucher.pdf")
    assert DUTCH_VOUCHER in pdf_text(admin_pdf.content)
    await signed_in(client, schools.school_a)
    portal = await client.get(f"/school/vouchers/{voucher['code']}/voucher.pdf")
    assert DUTCH_VOUCHER in pdf_text(portal.content)
    portal_fr = await client.get(f"/school/vouchers/{voucher['code']}/voucher.pdf", params={"lang": "fr"})
    assert FRENCH_VOUCHER in pdf_text(portal_fr.content)


async def test_a_batch_pdf_speaks_each_schools_language(client, auth, schools) -> None:
    await dutch(client, auth, schools.b)
    response = await client.post(
        "/api/v1/voucher-batches",
        json={
            "programme_id": schools.programme["id"],
            "school_ids": [schools.a["id"], schools.b["id"]],
            "quantity": 3,
            "expires_on": "2099-06-30",
        },
        headers=auth.admin,
    )
    assert response.status_code == 201, response.text
    batch = response.json()

    def pages(pdf: bytes) -> list[str]:
        return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]

    # By school name: "Athénée Royal" (b, Dutch) before "École des Tilleuls" (a, French).
    first, second = pages((await client.get(batch["pdf"], headers=auth.admin)).content)
    assert DUTCH_VOUCHER in first and "Athénée Royal" in first
    assert FRENCH_VOUCHER in second and "École des Tilleuls" in second
    await signed_in(client, auth.admin)
    web = pages((await client.get(f"/admin/voucher-batches/{batch['id']}/vouchers.pdf")).content)
    assert DUTCH_VOUCHER in web[0] and FRENCH_VOUCHER in web[1]
    english = pages((await client.get(batch["pdf"], params={"lang": "en"}, headers=auth.admin)).content)
    assert all("Equipment voucher" in page for page in english)


async def test_a_dutch_schools_delivery_note_is_dutch_unless_overridden(client, auth, schools) -> None:
    await dutch(client, auth, schools.a)
    voucher = await issue(client, auth.admin, schools.programme["id"], schools.a["id"], quantity=1)
    redemption = (await request_units(client, schools.school_a, voucher["code"], 1)).json()
    tag = await device_at(client, auth.technician, "available")
    await client.post(
        f"/api/v1/redemptions/{redemption['id']}/reserve", json={"asset_tag": tag}, headers=auth.technician
    )
    await client.post(f"/api/v1/redemptions/{redemption['id']}/hand-over", headers=auth.technician)
    api = f"/api/v1/redemptions/{redemption['id']}/delivery-note.pdf"
    assert "Leveringsbon" in pdf_text((await client.get(api, headers=auth.technician)).content)
    assert "Bon de livraison" in pdf_text(
        (await client.get(api, params={"lang": "fr"}, headers=auth.admin)).content
    )
    await signed_in(client, auth.technician)
    web = await client.get(f"/redemptions/{redemption['id']}/delivery-note.pdf")
    assert "Leveringsbon" in pdf_text(web.content)


async def test_the_school_form_sets_the_language(client, auth, schools) -> None:
    token = await signed_in(client, auth.admin)
    form = await client.get(f"/admin/schools/{schools.a['id']}/edit")
    assert form.status_code == 200
    assert "Langue de ses chèques et bons de livraison" in form.text
    body = {
        "name": schools.a["name"],
        "fase_number": schools.a["fase_number"],
        "address": schools.a["address"],
        "contact_email": "",
        "language": "nl",
        "_csrf_token": token,
    }
    saved = await client.post(f"/admin/schools/{schools.a['id']}/edit", data=body)
    assert saved.status_code == 303, saved.text
    school = (await client.get(f"/api/v1/schools/{schools.a['id']}", headers=auth.admin)).json()
    assert school["language"] == "nl"
    created = await client.post(
        "/admin/schools",
        data={
            "school.name": "Sint-Lucas",
            "school.fase_number": "4004",
            "school.language": "nl",
            "_csrf_token": token,
        },
    )
    assert created.status_code == 303, created.text
    listed = (await client.get("/api/v1/schools", params={"q": "Sint-Lucas"}, headers=auth.admin)).json()
    assert [row["language"] for row in listed["items"]] == ["nl"]
