"""A donor's wipe certificates are written in the donor's language, whatever the technician's
interface speaks; a download may ask for another (`?lang=`)."""

from __future__ import annotations

from tests.helpers import PASSED_WIPE, act, intake
from tests.pdf_reading import pdf_text
from tests.web.test_web_http import signed_in

DUTCH = "Certificaat van gegevenswissing"
FRENCH = "Certificat"
ENGLISH = "Data erasure certificate"


async def wiped_for(client, auth, donor: str) -> str:
    tag = (await intake(client, auth.technician, donor=donor, batch="B1"))["asset_tag"]
    assert (await act(client, auth.technician, tag, "wipe", PASSED_WIPE)).status_code == 200
    return tag


async def flemish(client, auth) -> str:
    """A device of a Flemish donor whose record says Dutch; the technician's account is French."""
    tag = await wiped_for(client, auth, "Stad Gent")
    response = await client.put(
        "/api/v1/donors", json={"name": "Stad Gent", "language": "nl"}, headers=auth.admin
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"name": "Stad Gent", "language": "nl", "devices": 1}
    return tag


async def test_a_flemish_donors_certificate_is_dutch_from_the_api_unless_overridden(client, auth) -> None:
    tag = await flemish(client, auth)
    current = await client.get(f"/api/v1/devices/{tag}/wipe-certificate.pdf", headers=auth.technician)
    assert DUTCH in pdf_text(current.content)
    numbered = await client.get(
        f"/api/v1/devices/{tag}/wipe-certificates/RL-WC-000001.pdf", headers=auth.technician
    )
    assert DUTCH in pdf_text(numbered.content)
    bundle = await client.get(
        "/api/v1/wipe-certificates.pdf", params={"donor": "Stad Gent"}, headers=auth.technician
    )
    assert DUTCH in pdf_text(bundle.content)
    # The override wins, for one download only.
    english = await client.get(
        f"/api/v1/devices/{tag}/wipe-certificate.pdf", params={"lang": "en"}, headers=auth.technician
    )
    assert ENGLISH in pdf_text(english.content) and DUTCH not in pdf_text(english.content)
    again = await client.get(f"/api/v1/devices/{tag}/wipe-certificate.pdf", headers=auth.technician)
    assert DUTCH in pdf_text(again.content)
    refused = await client.get(
        f"/api/v1/devices/{tag}/wipe-certificate.pdf", params={"lang": "de"}, headers=auth.technician
    )
    assert refused.status_code == 400


async def test_a_flemish_donors_certificate_is_dutch_from_a_french_interface(client, auth) -> None:
    tag = await flemish(client, auth)
    await signed_in(client, auth.technician)
    page = await client.get(f"/devices/{tag}")
    assert page.status_code == 200 and 'lang="fr"' in page.text
    assert f'href="/devices/{tag}/wipe-certificates/RL-WC-000001.pdf?lang=en"' in page.text
    for url in (f"/devices/{tag}/wipe-certificate.pdf", f"/devices/{tag}/wipe-certificates/RL-WC-000001.pdf"):
        text = pdf_text((await client.get(url)).content)
        assert DUTCH in text and FRENCH not in text, url
    bundle = await client.get("/wipe-certificates.pdf", params={"donor": "Stad Gent", "batch": "B1"})
    assert DUTCH in pdf_text(bundle.content)
    french = await client.get(f"/devices/{tag}/wipe-certificates/RL-WC-000001.pdf", params={"lang": "fr"})
    assert FRENCH in pdf_text(french.content) and DUTCH not in pdf_text(french.content)


async def test_a_donor_without_a_record_reads_french(client, auth) -> None:
    tag = await wiped_for(client, auth, "SPF Finances")
    await wiped_for(client, auth, "Stad Gent")
    listed = await client.get("/api/v1/donors", headers=auth.technician)
    assert listed.status_code == 200
    assert listed.json() == {
        "items": [
            {"name": "SPF Finances", "language": "fr", "devices": 1},
            {"name": "Stad Gent", "language": "fr", "devices": 1},
        ]
    }
    text = pdf_text(
        (await client.get(f"/api/v1/devices/{tag}/wipe-certificate.pdf", headers=auth.admin)).content
    )
    assert FRENCH in text and DUTCH not in text


async def test_donor_records_are_the_workshops_and_checked(client, auth) -> None:
    body = {"name": "Stad Gent", "language": "nl"}
    assert (await client.put("/api/v1/donors", json=body)).status_code == 401
    assert (await client.get("/api/v1/donors")).status_code == 401
    for role in ("social_worker", "school"):
        assert (await client.put("/api/v1/donors", json=body, headers=auth.of(role))).status_code == 403
        assert (await client.get("/api/v1/donors", headers=auth.of(role))).status_code == 403
    for wrong in ({"name": "Stad Gent", "language": "de"}, {"name": " ", "language": "nl"}, {"name": "X"}):
        response = await client.put("/api/v1/donors", json=wrong, headers=auth.technician)
        assert response.status_code == 400, wrong
    # A donor may get its record before its first device arrives; setting it again updates it.
    for language in ("nl", "en"):
        response = await client.put(
            "/api/v1/donors", json={"name": "Stad Gent", "language": language}, headers=auth.technician
        )
        assert response.status_code == 200
    assert (await client.get("/api/v1/donors", headers=auth.admin)).json() == {
        "items": [{"name": "Stad Gent", "language": "en", "devices": 0}]
    }


async def test_the_donors_page_sets_a_donors_language(client, auth) -> None:
    tag = await wiped_for(client, auth, "Stad Gent")
    token = await signed_in(client, auth.technician)
    page = await client.get("/donors")
    assert page.status_code == 200 and "Donateurs" in page.text and "Stad Gent" in page.text
    saved = await client.post("/donors", data={"name": "Stad Gent", "language": "nl", "_csrf_token": token})
    assert saved.status_code == 303 and saved.headers["location"] == "/donors?done=saved"
    assert "La langue du donateur est enregistrée." in (await client.get("/donors?done=saved")).text
    assert DUTCH in pdf_text((await client.get(f"/devices/{tag}/wipe-certificate.pdf")).content)
    refused = await client.post("/donors", data={"name": "Stad Gent", "language": "de", "_csrf_token": token})
    assert refused.status_code == 400
    await signed_in(client, auth.social_worker)
    assert (await client.get("/donors")).status_code == 403
