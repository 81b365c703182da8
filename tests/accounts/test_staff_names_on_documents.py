"""Staff are named on documents by their full name, never by their log-in name: the agreement's
representative, the reminder letter's social worker, the delivery note's hand-over and the wipe
certificate's operator, each read back from the PDF."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, timedelta

import pypdf

from inventory.loans import reminders
from tests.helpers import act, device_at
from tests.loans.loan_steps import lend, local_moment, local_today


def text_of(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in reader.pages)).split())


async def _name(client, auth, role: str, full_name: str) -> None:
    user_id = auth.users[role]["id"]
    response = await client.patch(
        f"/api/v1/users/{user_id}", json={"full_name": full_name}, headers=auth.admin
    )
    assert response.status_code == 200, response.text


async def test_the_agreement_and_the_letters_name_the_social_worker_in_full(client, auth) -> None:
    await _name(client, auth, "social_worker", "Sophie Lambert")
    loan = await lend(client, auth.social_worker, auth.technician, due_in_days=10)
    agreement = await client.get(f"/api/v1/loans/{loan['id']}/agreement.pdf", headers=auth.social_worker)
    printed = text_of(agreement.content)
    assert "Représenté par Sophie Lambert" in printed
    assert " sw " not in f" {printed} "
    await reminders.sweep(local_moment(local_today() + timedelta(days=3)))
    letters = await client.get("/api/v1/worklist/letters.pdf", headers=auth.social_worker)
    assert letters.status_code == 200
    assert "Votre travailleur social : Sophie Lambert" in text_of(letters.content)


async def test_the_certificate_names_the_operator_in_full(client, auth) -> None:
    await _name(client, auth, "technician", "Tom Vandenberghe")
    tag = await device_at(client, auth.technician, "wiped")
    pdf = await client.get(f"/api/v1/devices/{tag}/wipe-certificate.pdf", headers=auth.technician)
    assert pdf.status_code == 200
    assert "Tom Vandenberghe" in text_of(pdf.content)


async def test_the_delivery_note_names_who_handed_over_in_full(client, auth) -> None:
    await _name(client, auth, "technician", "Tom Vandenberghe")
    school = (
        await client.post("/api/v1/schools", json={"name": "École A", "fase_number": "1"}, headers=auth.admin)
    ).json()
    programme = (await client.post("/api/v1/programmes", json={"name": "Plan"}, headers=auth.admin)).json()
    voucher = (
        await client.post(
            "/api/v1/vouchers",
            json={
                "programme_id": programme["id"],
                "school_id": school["id"],
                "quantity": 1,
                "expires_on": (date.today() + timedelta(days=90)).isoformat(),
            },
            headers=auth.admin,
        )
    ).json()
    redemption = (
        await client.post(
            f"/api/v1/vouchers/{voucher['code']}/redemptions", json={"quantity": 1}, headers=auth.admin
        )
    ).json()
    tag = await device_at(client, auth.technician, "available")
    reserved = await client.post(
        f"/api/v1/redemptions/{redemption['id']}/reserve", json={"asset_tag": tag}, headers=auth.technician
    )
    assert reserved.status_code == 200, reserved.text
    await client.post(f"/api/v1/redemptions/{redemption['id']}/hand-over", headers=auth.technician)
    note = await client.get(f"/api/v1/redemptions/{redemption['id']}/delivery-note.pdf", headers=auth.admin)
    assert note.status_code == 200, note.text
    assert "Tom Vandenberghe" in text_of(note.content)


async def test_a_user_without_a_full_name_is_printed_by_username(client, auth) -> None:
    """Rows from before full names existed and were back-filled keep working."""
    from inventory.accounts.tables import User

    await User.update({User.full_name: ""}).where(User.id == auth.users["technician"]["id"])
    tag = await device_at(client, auth.technician, "received")
    await act(client, auth.technician, tag, "wipe", {"method": "nist-800-88-purge", "result": "passed"})
    pdf = await client.get(f"/api/v1/devices/{tag}/wipe-certificate.pdf", headers=auth.technician)
    assert "tech" in text_of(pdf.content)
