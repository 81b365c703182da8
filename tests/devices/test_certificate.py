"""The wipe certificate a donor keeps: it names what was erased and how, and its barcode scans."""

from __future__ import annotations

import pytest

from tests.helpers import PASSED_WIPE, REFURBISHMENT, act, intake
from tests.pdf_reading import decoded_barcodes, pdf_pages, pdf_text


async def wiped_device(client, auth, **fields) -> str:
    tag = (await intake(client, auth.technician, serial_number="5CG1234XYZ", donor="SPF Finances", **fields))[
        "asset_tag"
    ]
    wipe = {**PASSED_WIPE, "storage_serials": ["WD-WX41A1234567", "S3Z9NB0K123456"]}
    response = await act(client, auth.technician, tag, "wipe", wipe)
    assert response.status_code == 200
    return tag


async def test_certificate_names_device_serials_and_method_and_its_barcode_scans(client, auth) -> None:
    tag = await wiped_device(client, auth, model="EliteBook 840 G8")
    response = await client.get(f"/api/v1/devices/{tag}/wipe-certificate.pdf", headers=auth.technician)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        tag,
        "5CG1234XYZ",
        "WD-WX41A1234567",
        "S3Z9NB0K123456",
        "NIST 800-88 Purge",  # the method in words, not its code
        "NIST SP 800-88",
        "nwipe 0.37",
        "RL-WC-000001",
        "CPAS Test",
        "SPF Finances",
        "EliteBook 840 G8",
    ):
        assert expected in text, expected
    assert "Certificat d’effacement" in text or "Certificat d'effacement" in text  # French by default
    # The method's standard and the verification read in French too, not as codes.
    assert "rév. 1 — Purge" in text and "Dernière passe vérifiée" in text
    assert "last-pass" not in text and "nist-800-88-purge" not in text
    # Started and finished as recorded, and dated by the wipe, not by the download.
    assert "20 nov. 2026, 09:00:00" in text and "20 nov. 2026, 10:30:00" in text
    assert "Délivré le 20 nov. 2026, 10:30:00" in text
    assert decoded_barcodes(response.content) == [["RL-WC-000001"]]


@pytest.mark.parametrize(("lang", "title"), [("nl", "Certificaat"), ("en", "Data erasure certificate")])
async def test_certificate_in_dutch_and_english_on_request(client, auth, lang, title) -> None:
    tag = await wiped_device(client, auth)
    response = await client.get(
        f"/api/v1/devices/{tag}/wipe-certificate.pdf", params={"lang": lang}, headers=auth.admin
    )
    assert title in pdf_text(response.content)


async def test_typed_text_prints_literally_and_markup_is_not_interpreted(client, auth) -> None:
    model = '<b>Bold</b> & <font size="40">Big</font> <br/> Łódź Œuvre'
    tag = await wiped_device(client, auth, model=model)
    response = await client.get(f"/api/v1/devices/{tag}/wipe-certificate.pdf", headers=auth.technician)
    assert response.status_code == 200
    text = " ".join(pdf_text(response.content).split())  # the table cell may wrap the line
    assert "<b>Bold</b>" in text
    assert '<font size="40">Big</font>' in text
    assert "Łódź Œuvre" in text


async def test_certificate_is_the_latest_passed_wipe(client, auth) -> None:
    tag = await wiped_device(client, auth)
    for action, body in (("send_to_repair", {"reason": "disk"}), ("finish_repair", {})):
        await act(client, auth.technician, tag, action, body)
    # Repaired devices come back wiped; a further wipe is only possible after a return, so the
    # certificate stays that of the one passed wipe.
    response = await client.get(f"/api/v1/devices/{tag}/wipe-certificate.pdf", headers=auth.technician)
    assert "RL-WC-000001" in pdf_text(response.content)


async def lend_and_return(client, auth, tag: str) -> None:
    for action, body in (("refurbish", REFURBISHMENT), ("label", {})):
        assert (await act(client, auth.technician, tag, action, body)).status_code == 200
    beneficiary = await client.post(
        "/api/v1/beneficiaries",
        json={"full_name": "Amina Diallo", "language": "fr", "consent_recorded_on": "2026-11-01"},
        headers=auth.social_worker,
    )
    loan = await client.post(
        "/api/v1/loans",
        json={"asset_tag": tag, "beneficiary_id": beneficiary.json()["id"], "due_on": "2027-03-01"},
        headers=auth.social_worker,
    )
    assert loan.status_code == 201, loan.text
    returned = await client.post(
        f"/api/v1/loans/{loan.json()['id']}/return", json={"condition": "good"}, headers=auth.social_worker
    )
    assert returned.status_code == 200, returned.text


async def test_each_passed_wipe_has_its_own_certificate_and_the_current_one_covers_this_custody(
    client, auth
) -> None:
    tag = await wiped_device(client, auth)
    listed = await client.get(f"/api/v1/devices/{tag}/wipe-certificates", headers=auth.technician)
    assert listed.status_code == 200
    [first] = listed.json()["items"]
    assert first["number"] == "RL-WC-000001" and first["current"] is True and first["passed"] is True
    assert first["method"] == "nist-800-88-purge"
    assert first["wiped_at"].startswith("2026-11-20T09:30:00")

    # Back from a beneficiary: the first wipe no longer covers the device.
    await lend_and_return(client, auth, tag)
    missing = await client.get(f"/api/v1/devices/{tag}/wipe-certificate.pdf", headers=auth.technician)
    assert missing.status_code == 404
    assert missing.json()["reason"] == "not_wiped_since_custody_change"
    assert [
        item["current"]
        for item in (
            await client.get(f"/api/v1/devices/{tag}/wipe-certificates", headers=auth.technician)
        ).json()["items"]
    ] == [False]

    second_wipe = {
        **PASSED_WIPE,
        "method": "overwrite-3-pass",
        "started_at": "2026-12-02T08:00:00+01:00",
        "finished_at": "2026-12-02T11:00:00+01:00",
    }
    assert (await act(client, auth.technician, tag, "wipe", second_wipe)).status_code == 200
    items = (await client.get(f"/api/v1/devices/{tag}/wipe-certificates", headers=auth.technician)).json()[
        "items"
    ]
    assert [(item["number"], item["current"]) for item in items] == [
        ("RL-WC-000001", False),
        ("RL-WC-000002", True),
    ]
    assert items[1]["pdf"] == f"/api/v1/devices/{tag}/wipe-certificates/RL-WC-000002.pdf"

    current = await client.get(f"/api/v1/devices/{tag}/wipe-certificate.pdf", headers=auth.technician)
    assert "RL-WC-000002" in pdf_text(current.content) and "Écrasement, 3 passes" in pdf_text(current.content)
    older = await client.get(items[0]["pdf"], headers=auth.technician)
    assert older.status_code == 200
    text = pdf_text(older.content)
    assert "RL-WC-000001" in text and "Délivré le 20 nov. 2026" in text
    assert decoded_barcodes(older.content) == [["RL-WC-000001"]]
    # The same certificate reads the same whenever it is downloaded.
    assert pdf_text((await client.get(items[0]["pdf"], headers=auth.technician)).content) == text


async def test_a_device_never_wiped_has_no_certificate_and_says_why(client, auth) -> None:
    tag = (await intake(client, auth.technician))["asset_tag"]
    response = await client.get(f"/api/v1/devices/{tag}/wipe-certificate.pdf", headers=auth.technician)
    assert response.status_code == 404 and response.json()["reason"] == "never_wiped"
    listed = await client.get(f"/api/v1/devices/{tag}/wipe-certificates", headers=auth.technician)
    assert listed.json() == {"items": [], "next_cursor": None}


@pytest.mark.parametrize("filename", ["RL-WC-000002.pdf", "RL-WC-000001", "nothing.pdf"])
async def test_a_certificate_of_another_wipe_or_device_is_not_found(client, auth, filename) -> None:
    tag = await wiped_device(client, auth)
    other = (await intake(client, auth.technician))["asset_tag"]
    assert (await act(client, auth.technician, other, "wipe", PASSED_WIPE)).status_code == 200
    response = await client.get(
        f"/api/v1/devices/{tag}/wipe-certificates/{filename}", headers=auth.technician
    )
    assert response.status_code == 404


async def test_a_too_long_certificate_name_is_a_400_naming_it(client, auth) -> None:
    tag = await wiped_device(client, auth)
    response = await client.get(
        f"/api/v1/devices/{tag}/wipe-certificates/{'X' * 60}.pdf", headers=auth.technician
    )
    assert response.status_code == 400 and "filename" in response.text


async def test_certificates_are_for_the_workshop(client, auth) -> None:
    tag = await wiped_device(client, auth)
    for path in ("wipe-certificates", "wipe-certificates/RL-WC-000001.pdf"):
        assert (await client.get(f"/api/v1/devices/{tag}/{path}")).status_code == 401
        assert (
            await client.get(f"/api/v1/devices/{tag}/{path}", headers=auth.social_worker)
        ).status_code == 403


async def test_32_storage_serials_of_99_characters_and_long_texts_continue_on_a_second_page(
    client, auth
) -> None:
    serials = [f"{index:02d}-" + "SERIAL" * 16 for index in range(32)]
    assert all(len(serial) == 99 for serial in serials)
    long_text = "Rue de la Loi " * 14
    tag = (
        await intake(
            client, auth.technician, make="Hewlett-Packard " * 6, model="EliteBook " * 20, donor=long_text
        )
    )["asset_tag"]
    wipe = {**PASSED_WIPE, "storage_serials": serials, "tool": "nwipe 0.34 " * 9}
    assert (await act(client, auth.technician, tag, "wipe", wipe)).status_code == 200
    response = await client.get(f"/api/v1/devices/{tag}/wipe-certificate.pdf", headers=auth.technician)
    assert response.status_code == 200
    assert pdf_pages(response.content) >= 2
    text = "".join(pdf_text(response.content).split())
    for serial in serials:
        assert serial in text, serial
    assert "RL-WC-000001" in text
