"""The return receipt, read back as its reader would: in the beneficiary's language, what came
back and in what condition, and that the storage is erased before the device is lent again (with
the date, once it was)."""

from __future__ import annotations

from tests.helpers import act
from tests.loans.loan_steps import lend, register
from tests.pdf_reading import pdf_text

WIPE = {"method": "nist-800-88-purge", "result": "passed", "tool": "nwipe 0.37"}


async def _returned(client, auth, language: str) -> dict:
    sw = auth.social_worker
    person = await register(client, sw, full_name="Anke De Smet", language=language)
    loan = await lend(client, sw, auth.technician, beneficiary=person, accessories=["charger", "mouse"])
    early = await client.get(f"/api/v1/loans/{loan['id']}/return-receipt.pdf", headers=sw)
    assert early.status_code == 409 and early.json()["reason"] == "not_returned"
    returned = await client.post(
        f"/api/v1/loans/{loan['id']}/return",
        json={"condition": "good", "accessories_returned": ["mouse"]},
        headers=sw,
    )
    assert returned.status_code == 200
    return loan


async def test_the_receipt_in_french_says_what_came_back_and_that_the_storage_will_be_erased(
    client, auth
) -> None:
    loan = await _returned(client, auth, "fr")
    response = await client.get(f"/api/v1/loans/{loan['id']}/return-receipt.pdf", headers=auth.social_worker)
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "Reçu de retour" in text
    assert loan["asset_tag"] in text and "Anke De Smet" in text
    assert "Accessoires rendus Souris" in text
    assert "Accessoires manquants Chargeur" in text
    assert "Incomplet" in text
    assert "seront effacées avant tout nouveau prêt" in text

    # Once the workshop wiped it, a later download gives the date.
    assert (await act(client, auth.technician, loan["asset_tag"], "wipe", WIPE)).status_code == 200
    wiped = " ".join(
        pdf_text(
            (
                await client.get(f"/api/v1/loans/{loan['id']}/return-receipt.pdf", headers=auth.social_worker)
            ).content
        ).split()
    )
    assert "ont été effacées le" in wiped and "seront effacées" not in wiped


async def test_the_receipt_in_dutch(client, auth) -> None:
    loan = await _returned(client, auth, "nl")
    response = await client.get(f"/api/v1/loans/{loan['id']}/return-receipt.pdf", headers=auth.social_worker)
    text = " ".join(pdf_text(response.content).split())
    assert "Ontvangstbewijs van teruggave" in text
    assert "Teruggebrachte accessoires Muis" in text
    assert "Ontbrekende accessoires Lader" in text
    assert "wordt gewist voor het opnieuw wordt uitgeleend" in text


async def test_the_receipt_is_for_social_workers_and_coordinators(client, auth) -> None:
    loan = await _returned(client, auth, "fr")
    path = f"/api/v1/loans/{loan['id']}/return-receipt.pdf"
    assert (await client.get(path)).status_code == 401
    assert (await client.get(path, headers=auth.technician)).status_code == 403
    assert (await client.get(path, headers=auth.school)).status_code == 403
    assert (await client.get(path, headers=auth.admin)).status_code == 200
    assert (
        await client.get("/api/v1/loans/999999/return-receipt.pdf", headers=auth.admin)
    ).status_code == 404
