"""Voucher PDFs, the batch PDF and the delivery note, read back as text and scanned at 300 dpi."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from inventory.i18n import translations
from inventory.schools import codes
from tests.helpers import device_at
from tests.pdf_reading import decoded_barcodes, pdf_pages, pdf_text
from tests.schools.conftest import in_days, issue, request_units

SCHOOLS_PACKAGE = Path(__file__).parents[2] / "inventory" / "schools"


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("lang", "title", "until"),
    [
        (None, "Chèque équipement", "Valable jusqu'au"),
        ("nl", "Uitrustingscheque", "Geldig tot"),
        ("en", "Equipment voucher", "Valid until"),
    ],
)
async def test_the_voucher_pdf_shows_the_code_as_text_and_a_barcode_that_scans(
    client, auth, schools, lang, title, until, monkeypatch
) -> None:
    # The code is fixed, not random, and starts with "99": the one start python-barcode 0.16.1
    # mangled (this test failed once in a few hundred runs while codes were random).
    new_code, body = codes.new_code, iter("99A299B3C99")
    monkeypatch.setattr(codes, "new_code", lambda: new_code(lambda _: next(body)))
    voucher = await issue(
        client, auth.admin, schools.programme["id"], schools.a["id"], quantity=4, category="laptop"
    )
    params = {"lang": lang} if lang else {}
    response = await client.get(
        f"/api/v1/vouchers/{voucher['code'].lower()}/voucher.pdf", params=params, headers=schools.school_a
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    text = flat(pdf_text(response.content))
    for expected in (
        title,
        voucher["code"],
        until,
        schools.a["name"],
        "1001",
        "Plan de relance numérique",
        "CPAS Test",
    ):
        assert expected in text, expected
    assert voucher["code"].startswith("99")
    assert decoded_barcodes(response.content) == [[voucher["code"].replace("-", "")]]
    # What the scanner reads is accepted back as the code.
    scanned = decoded_barcodes(response.content)[0][0]
    assert (await client.get(f"/api/v1/vouchers/{scanned}", headers=schools.school_a)).status_code == 200


async def test_a_batch_issues_one_voucher_per_school_and_prints_them_in_one_pdf(
    client, auth, schools
) -> None:
    third = await client.post(
        "/api/v1/schools", json={"name": "Institut Saint-Luc", "fase_number": "3003"}, headers=auth.admin
    )
    school_ids = [schools.b["id"], third.json()["id"], schools.a["id"]]
    response = await client.post(
        "/api/v1/voucher-batches",
        json={
            "programme_id": schools.programme["id"],
            "school_ids": school_ids,
            "quantity": 5,
            "category": "tablet",
            "expires_on": in_days(90),
        },
        headers=auth.admin,
    )
    assert response.status_code == 201, response.text
    batch = response.json()
    assert batch["pdf"] == f"/api/v1/voucher-batches/{batch['id']}/vouchers.pdf"
    by_school = {v["school_id"]: v for v in batch["vouchers"]}
    assert sorted(by_school) == sorted(school_ids)
    assert all(
        v["quantity"] == v["remaining"] == 5 and v["batch_id"] == batch["id"] for v in batch["vouchers"]
    )
    assert len({v["code"] for v in batch["vouchers"]}) == 3

    pdf = await client.get(batch["pdf"], headers=auth.admin)
    assert pdf.status_code == 200
    assert pdf_pages(pdf.content) == 3
    # One page per voucher, sorted by school name for the mailing, each page scanning its own code.
    expected = sorted(batch["vouchers"], key=lambda v: v["school_name"])
    assert decoded_barcodes(pdf.content) == [[v["code"].replace("-", "")] for v in expected]
    assert [v["school_name"] for v in expected] == [
        "Athénée Royal",
        "Institut Saint-Luc",
        "École des Tilleuls",
    ]
    listed = await client.get("/api/v1/vouchers", params={"batch_id": batch["id"]}, headers=auth.admin)
    assert len(listed.json()["items"]) == 3
    assert (await client.get(f"/api/v1/voucher-batches/{batch['id']}", headers=auth.admin)).json() == batch


async def test_the_delivery_note_lists_each_device_with_a_barcode_and_signature_blocks(
    client, auth, schools
) -> None:
    voucher = await issue(client, auth.admin, schools.programme["id"], schools.a["id"], quantity=2)
    redemption = (await request_units(client, schools.school_a, voucher["code"], 2)).json()
    tags = [await device_at(client, auth.technician, "available", serial_number=f"SN-{n}") for n in range(2)]
    note_url = f"/api/v1/redemptions/{redemption['id']}/delivery-note.pdf"
    for tag in tags:
        await client.post(
            f"/api/v1/redemptions/{redemption['id']}/reserve",
            json={"asset_tag": tag},
            headers=auth.technician,
        )
    not_yet = await client.get(note_url, headers=auth.technician)
    assert not_yet.status_code == 409
    await client.post(f"/api/v1/redemptions/{redemption['id']}/hand-over", headers=auth.technician)

    for headers in (auth.technician, auth.admin, schools.school_a):
        assert (await client.get(note_url, headers=headers)).status_code == 200
    note = await client.get(note_url, headers=auth.technician)
    text = flat(pdf_text(note.content))
    for expected in (
        "Bon de livraison",
        "RL-DN-000001",
        schools.a["name"],
        voucher["code"],
        *tags,
        "SN-0",
        "SN-1",
        "Ordinateur portable",
        "2 appareils remis.",
        "Pour CPAS Test",
        "Pour l'école (nom et signature)",
        "Demandé le",
        "Remis le",
    ):
        assert expected in text, expected
    assert sorted(decoded_barcodes(note.content)[0]) == sorted(tags)
    dutch = flat(pdf_text((await client.get(note_url, params={"lang": "nl"}, headers=auth.admin)).content))
    assert "Leveringsbon" in dutch and "Voor de school (naam en handtekening)" in dutch


async def test_a_delivery_note_with_many_devices_runs_over_pages_and_every_barcode_scans(
    client, auth, schools
) -> None:
    voucher = await issue(client, auth.admin, schools.programme["id"], schools.a["id"], quantity=14)
    redemption = (await request_units(client, schools.school_a, voucher["code"], 14)).json()
    tags = [await device_at(client, auth.technician, "available") for _ in range(14)]
    for tag in tags:
        await client.post(
            f"/api/v1/redemptions/{redemption['id']}/reserve",
            json={"asset_tag": tag},
            headers=auth.technician,
        )
    await client.post(f"/api/v1/redemptions/{redemption['id']}/hand-over", headers=auth.technician)
    note = await client.get(f"/api/v1/redemptions/{redemption['id']}/delivery-note.pdf", headers=auth.admin)
    pages = decoded_barcodes(note.content)
    assert len(pages) > 1
    assert sorted(value for page in pages for value in page) == sorted(tags)


async def test_markup_in_school_names_is_printed_literally(client, auth, schools) -> None:
    response = await client.patch(
        f"/api/v1/schools/{schools.a['id']}",
        json={"name": "<b>École & Co</b> <font size=40>x</font>"},
        headers=auth.admin,
    )
    assert response.status_code == 200
    voucher = await issue(client, auth.admin, schools.programme["id"], schools.a["id"])
    pdf = await client.get(f"/api/v1/vouchers/{voucher['code']}/voucher.pdf", headers=auth.admin)
    assert pdf.status_code == 200
    assert "<b>École & Co</b> <font size=40>x</font>" in flat(pdf_text(pdf.content))


def _document_messages() -> set[str]:
    """Every literal message the school documents pass to their translation function `t`."""
    messages = set()
    for name in ("voucher_pdf.py", "delivery_note.py"):
        tree = ast.parse((SCHOOLS_PACKAGE / name).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t":
                if node.args and isinstance(node.args[0], ast.Constant):
                    messages.add(node.args[0].value)
    return messages


@pytest.mark.parametrize("locale", ["fr", "nl"])
def test_every_document_message_has_a_translation(locale: str) -> None:
    messages = _document_messages() | {"laptop", "desktop", "tablet", "phone", "monitor", "other"}
    assert len(messages) > 30
    catalogue = translations(locale)._catalog
    missing = sorted(m for m in messages if not catalogue.get(m))
    assert missing == []


def test_the_printed_code_is_the_code_in_groups() -> None:
    code = codes.new_code()
    assert codes.display(code) == f"{code[:4]}-{code[4:8]}-{code[8:]}"
