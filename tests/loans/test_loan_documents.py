"""The loan agreement and the reminder letters, read back: text per language, names in every script,
user text printed literally, and the device barcode decoded from a 300-dpi rendering."""

from __future__ import annotations

import io
import unicodedata
from datetime import timedelta

import pypdf
import pypdfium2
import pytest
import zxingcpp

from inventory.documents import format_day
from inventory.loans import reminders
from tests.loans.loan_steps import lend, local_moment, local_today, register

NAMES = {
    "fr": "Zoë Lefèvre-Dupont",
    "nl": "Łukasz Wójcik-Żółć",
    "en": "Çağrı Öztürk İşıl",
}
ARABIC_NAME = "فاطمة الزهراء بنعلي"


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    """Presentation forms back to letters and spacing evened out, to compare what was printed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def barcodes(content: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(content)
    found = []
    for page in document:
        image = page.render(scale=300 / 72).to_pil()
        found.extend(result.text for result in zxingcpp.read_barcodes(image))
    return found


async def agreement(client, headers, loan_id: int) -> bytes:
    response = await client.get(f"/api/v1/loans/{loan_id}/agreement.pdf", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return response.content


SIGNATURES = {
    "fr": ("L'emprunteur", "Pour CPAS Test", "Date : ...."),
    "nl": ("De ontlener", "Voor CPAS Test", "Datum: ...."),
    "en": ("The borrower", "For CPAS Test", "Date: ...."),
}


@pytest.mark.parametrize(
    ("language", "title", "due_caption", "condition"),
    [
        ("fr", "Convention de prêt", "Date de retour", "reste la propriété de CPAS Test"),
        ("nl", "Bruikleenovereenkomst", "Terugbrengdatum", "blijft eigendom van CPAS Test"),
        ("en", "Loan agreement", "Due date", "remains the property of CPAS Test"),
    ],
)
async def test_the_agreement_speaks_the_beneficiarys_language(
    client, auth, language, title, due_caption, condition
) -> None:
    sw = auth.social_worker
    beneficiary = await register(
        client, sw, full_name=NAMES[language], language=language, phone="+32 470 12 34 56"
    )
    loan = await lend(
        client, sw, auth.technician, beneficiary=beneficiary, due_in_days=45, accessories=["Chargeur <USB-C>"]
    )
    content = await agreement(client, sw, loan["id"])
    # One sheet to sign: the signature blocks never end up alone on a second page.
    assert len(pypdf.PdfReader(io.BytesIO(content)).pages) == 1
    text = flat(pdf_text(content))
    assert title in text
    assert due_caption in text
    # Two signature blocks, each with its date line: the borrower's and the organisation's.
    borrower, organisation, date_line = SIGNATURES[language]
    assert borrower in text and organisation in text
    assert text.count(date_line) == 2
    assert condition in text
    assert NAMES[language] in text
    assert beneficiary["reference"] in text
    assert loan["asset_tag"] in text
    assert format_day(local_today() + timedelta(days=45), language) in text
    # User text is printed as typed, never read as markup.
    assert "Chargeur <USB-C>" in text
    assert barcodes(content) == [loan["asset_tag"]]


async def test_the_agreement_prints_an_arabic_name_joined_and_in_reading_order(client, auth) -> None:
    sw = auth.social_worker
    beneficiary = await register(client, sw, full_name=ARABIC_NAME, language="fr")
    loan = await lend(client, sw, auth.technician, beneficiary=beneficiary)
    content = await agreement(client, sw, loan["id"])
    raw = pdf_text(content)
    # Joined letters: the PDF holds Arabic presentation forms (contextual shapes), not isolated letters.
    assert any("\ufe70" <= char <= "\ufeff" for char in raw)
    assert ARABIC_NAME in flat(raw)
    assert barcodes(content) == [loan["asset_tag"]]


async def test_markup_in_a_name_is_printed_literally(client, auth) -> None:
    sw = auth.social_worker
    name = "<b>Jean</b> & <font size=40>Marie</font>"
    loan = await lend(client, sw, auth.technician, beneficiary=await register(client, sw, full_name=name))
    assert name in flat(pdf_text(await agreement(client, sw, loan["id"])))


async def test_the_letters_batch_holds_one_page_per_letter_in_each_language(client, auth) -> None:
    sw = auth.social_worker
    dutch = await register(client, sw, full_name="Anneke Peeters", language="nl")
    arabic = await register(client, sw, full_name=ARABIC_NAME, language="en")
    with_mail = await register(client, sw, full_name="Met E-mail", language="nl", email="m@example.org")
    for person in (dutch, arabic, with_mail):
        await lend(client, sw, auth.technician, beneficiary=person, due_in_days=10)
    assert (await client.get("/api/v1/worklist/letters.pdf", headers=sw)).status_code == 404
    # No SMTP configured here: all three get letters at day 3.
    await reminders.sweep(local_moment(local_today() + timedelta(days=3)))
    response = await client.get("/api/v1/worklist/letters.pdf", headers=sw)
    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 3
    pages = [flat(page.extract_text()) for page in reader.pages]
    assert "Beste Anneke Peeters," in pages[0]
    assert "Herinnering: breng de Dell Latitude 5490" in pages[0]
    assert ARABIC_NAME in pages[1]
    assert "Reminder: please return the Dell Latitude 5490" in pages[1]
    # Ticked off, the letters leave the batch.
    entries = (await client.get("/api/v1/worklist", headers=sw)).json()["items"]
    printed = [entry["id"] for entry in entries if entry["action"] == "print_letter"]
    assert len(printed) == 3
    done = await client.post("/api/v1/worklist/done", json={"ids": printed}, headers=sw)
    assert done.json() == {"done": 3}
    assert (await client.get("/api/v1/worklist/letters.pdf", headers=sw)).status_code == 404


async def test_the_beneficiary_card_carries_the_reference_as_a_barcode(client, auth) -> None:
    sw = auth.social_worker
    beneficiary = await register(client, sw, full_name=ARABIC_NAME, language="nl")
    response = await client.get(f"/api/v1/beneficiaries/{beneficiary['id']}/card.pdf", headers=sw)
    assert response.status_code == 200
    page = pypdf.PdfReader(io.BytesIO(response.content)).pages[0]
    # A bank-card size: 85.6 x 54 mm.
    assert (
        round(float(page.mediabox.width) / 72 * 25.4, 1),
        round(float(page.mediabox.height) / 72 * 25.4),
    ) == (
        85.6,
        54,
    )
    text = flat(page.extract_text())
    assert ARABIC_NAME in text
    assert "Toon deze kaart" in text
    assert barcodes(response.content) == [beneficiary["reference"]]
    # Scanning the card finds the beneficiary.
    found = (await client.get(f"/api/v1/beneficiaries?q={beneficiary['reference']}", headers=sw)).json()
    assert [item["id"] for item in found["items"]] == [beneficiary["id"]]
    assert (await client.get("/api/v1/beneficiaries/4242/card.pdf", headers=sw)).status_code == 404
    assert (
        await client.get(f"/api/v1/beneficiaries/{beneficiary['id']}/card.pdf", headers=auth.technician)
    ).status_code == 403
