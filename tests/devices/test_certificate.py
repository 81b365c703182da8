"""The wipe certificate a donor keeps: it names what was erased and how, and its barcode scans."""

from __future__ import annotations

import pytest

from tests.helpers import PASSED_WIPE, act, intake
from tests.pdf_reading import decoded_barcodes, pdf_text


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
        "nist-800-88-purge",
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
    assert "last-pass" not in text
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
