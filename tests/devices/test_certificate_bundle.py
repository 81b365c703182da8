"""A donor's batch in one PDF: a summary page counting wiped, failed and destroyed devices, then
every certificate, each with its own verification QR code."""

from __future__ import annotations

from pathlib import Path

from tests.devices.test_certificate_verification import qr_codes
from tests.helpers import PASSED_WIPE, act, intake
from tests.pdf_reading import pdf_pages, pdf_text
from tests.web.test_web_http import signed_in

LOGS = Path(__file__).parent / "nwipe_logs"
BATCH = {"donor": "SPF Finances", "batch": "2026-11"}


async def batch_of_four(client, auth) -> list[str]:
    tags = [(await intake(client, auth.technician, **BATCH))["asset_tag"] for _ in range(4)]
    wiped, failed, destroyed, _pending = tags
    uploaded = await client.post(
        f"/api/v1/devices/{wiped}/wipe-reports",
        files={"file": ("log", (LOGS / "zero_verify_last.log").read_bytes())},
        headers=auth.technician,
    )
    assert uploaded.status_code == 201
    failed_wipe = await client.post(
        f"/api/v1/devices/{failed}/wipe-reports",
        files={"file": ("log", (LOGS / "readonly_fails.log").read_bytes())},
        headers=auth.technician,
    )
    assert failed_wipe.status_code == 201
    retired = await act(
        client,
        auth.technician,
        destroyed,
        "retire",
        {"reason": "beyond repair", "destruction_certificate_ref": "RECY-2026-001"},
    )
    assert retired.status_code == 200, retired.text
    # Another batch of the same donor is not in this one.
    other = (await intake(client, auth.technician, donor="SPF Finances", batch="2026-10"))["asset_tag"]
    assert (await act(client, auth.technician, other, "wipe", PASSED_WIPE)).status_code == 200
    return tags


async def test_the_bundle_has_a_summary_page_then_every_certificate_of_the_batch(client, auth) -> None:
    wiped, *_ = await batch_of_four(client, auth)
    response = await client.get(
        "/api/v1/wipe-certificates.pdf", params={**BATCH, "lang": "en"}, headers=auth.admin
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    summary = " ".join(text.split("Data erasure certificate\n")[0].split())
    for line in (
        "Devices 4",
        "Wiped 1",
        "Wipe failed 1",
        "Destroyed 1",
        "Not yet wiped 1",
        "Certificates in this document 1",
    ):
        assert line in summary, line
    assert wiped in text and "RL-WC-000001" in text
    assert "RL-WC-000002" not in text  # the other batch's certificate
    assert pdf_pages(response.content) >= 2
    (url,) = qr_codes(response.content)
    assert "/verify/RL-WC-000001/" in url


async def test_the_bundle_is_for_the_workshop_and_an_unknown_batch_is_404(client, auth) -> None:
    await batch_of_four(client, auth)
    assert (await client.get("/api/v1/wipe-certificates.pdf", params=BATCH)).status_code == 401
    assert (
        await client.get("/api/v1/wipe-certificates.pdf", params=BATCH, headers=auth.social_worker)
    ).status_code == 403
    assert (
        await client.get("/api/v1/wipe-certificates.pdf", params=BATCH, headers=auth.technician)
    ).status_code == 200
    unknown = await client.get(
        "/api/v1/wipe-certificates.pdf", params={"donor": "Nobody"}, headers=auth.technician
    )
    assert unknown.status_code == 404
    assert (await client.get("/api/v1/wipe-certificates.pdf", headers=auth.technician)).status_code == 400


async def test_the_device_page_links_the_bundle_of_its_batch(client, auth) -> None:
    wiped, *_ = await batch_of_four(client, auth)
    await signed_in(client, auth.technician)
    page = await client.get(f"/devices/{wiped}")
    link = "/wipe-certificates.pdf?donor=SPF+Finances&amp;batch=2026-11"
    assert link in page.text
    pdf = await client.get(link.replace("&amp;", "&"))
    assert pdf.status_code == 200
    assert "Certificats d’effacement des données" in pdf_text(
        pdf.content
    ) or "Certificats d'effacement" in pdf_text(pdf.content)
