"""Every document's barcodes, rasterised at 300 dpi and read by a real decoder (zxing-cpp), carry
exactly the printed value, including the values python-barcode 0.16.1 mangled (a leading "99":
RELAIS_ASSET_TAG_PREFIX=99, voucher codes starting with 99)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import msgspec

from inventory.devices.certificate import render_wipe_certificate
from inventory.devices.rows import DeviceRow, device_row, wipe_row
from inventory.devices.vocabulary import Category
from inventory.loans.agreement import render_agreement
from inventory.loans.card import render_card
from inventory.loans.rows import AgreementView, BeneficiaryRow, LoanRow
from inventory.loans.vocabulary import Language, LoanStatus
from inventory.schools.codes import check_character
from inventory.schools.delivery_note import render_delivery_note
from inventory.schools.voucher_pdf import render_vouchers
from labels import LabelContent, render_labels
from tests.pdf_reading import decoded_barcodes

WHEN = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
VOUCHER_CODE = "99AB99CD999" + check_character("99AB99CD999")


def device(tag: str) -> DeviceRow:
    return device_row(
        {
            "id": 5,
            "asset_tag": tag,
            "category": "laptop",
            "make": "Dell",
            "model": "Latitude 5490",
            "serial_number": "9912345",
            "serial_key": "9912345",
            "make_key": "DELL",
            "donor": "SPF Finances",
            "donor_ref": "99-001",
            "donor_ref_key": "99-001",
            "batch": "",
            "site": None,
            "transfer_to": None,
            "specs": {},
            "grade": None,
            "stage": "on_loan",
            "funding": "donation",
            "voucher_code": None,
            "school_id": None,
            "notes": "",
            "search_key": "",
            "loan_due_on": None,
            "wiped_since_custody_change": False,
            "version": 1,
            "created_at": WHEN,
            "updated_at": WHEN,
            "site_code": None,
            "site_name": None,
            "transfer_to_code": None,
        }
    )


def test_asset_labels_of_prefix_99_scan_as_printed() -> None:
    tags = ["99-000005", "99-990099", "9-000001", "99999-000000"]
    pdf = render_labels([LabelContent(asset_tag=tag, organisation="CPAS") for tag in tags], "a4-63x38")
    assert sorted(decoded_barcodes(pdf)[0]) == sorted(tags)


def test_a_wipe_certificate_numbered_99_scans_as_printed() -> None:
    wipe = wipe_row(
        {
            "id": 1,
            "device": 5,
            "certificate_number": "99-WC-000001",
            "method": "nist-800-88-purge",
            "result": "passed",
            "tool": "nwipe 0.37",
            "storage_serials": ["WD-1"],
            "passes": 1,
            "verification": "last-pass",
            "started_at": WHEN,
            "finished_at": WHEN,
            "operator": None,
            "operator_name": "tech",
            "operator_full_name": None,
            "notes": "",
            "created_at": WHEN,
        }
    )
    pdf = render_wipe_certificate(
        device("99-000005"), wipe, organisation="CPAS", locale="fr", timezone="Europe/Brussels"
    )
    assert decoded_barcodes(pdf) == [["99-WC-000001"]]


def test_a_voucher_whose_code_starts_with_99_scans_as_printed() -> None:
    voucher = {
        "code": VOUCHER_CODE,
        "programme_name": "Plan",
        "programme_funder": None,
        "school_name": "École 99",
        "school_fase_number": "9901",
        "school_address": None,
        "school_language": "fr",
        "quantity": 2,
        "category": None,
        "expires_on": date(2027, 6, 30),
        "issued_at": WHEN,
    }
    pdf = render_vouchers(
        [voucher],
        organisation="CPAS",
        address="https://relais.example.org",
        override=None,
        timezone="Europe/Brussels",
        printed_at=WHEN,
    )
    assert decoded_barcodes(pdf) == [[VOUCHER_CODE]]


def test_a_delivery_note_of_prefix_99_scans_as_printed() -> None:
    redemption = {
        "id": 1,
        "delivery_note_number": "99-DN-000001",
        "reference": "",
        "requested_at": WHEN,
        "handed_over_at": WHEN,
        "handed_over_by": "tech",
    }
    school = {"name": "École 99", "fase_number": "9901", "address": None, "language": "fr"}
    voucher = {"code": VOUCHER_CODE, "programme_name": "Plan"}
    tags = ["99-000005", "99-000006"]
    pdf = render_delivery_note(
        redemption,
        school,
        voucher,
        [msgspec.structs.asdict(device(tag)) for tag in tags],  # the handed-over lines: plain rows
        organisation="CPAS",
        override=None,
        timezone="Europe/Brussels",
    )
    assert sorted(decoded_barcodes(pdf)[0]) == sorted(tags)


def test_a_loan_agreement_and_a_beneficiary_card_scan_as_printed() -> None:
    beneficiary = BeneficiaryRow(
        id=7,
        reference="B-2026-99999",
        full_name="Amina Diallo",
        search_key="amina diallo",
        phone=None,
        email=None,
        language=Language.FR,
        site=None,
        social_worker=None,
        consent_recorded_on=date(2026, 11, 20),
        postal_address=None,
        created_at=WHEN,
        updated_at=WHEN,
        anonymised_at=None,
        site_code=None,
        social_worker_name=None,
    )
    loan = LoanRow(
        id=99,
        device=5,
        beneficiary=7,
        social_worker=3,
        site=None,
        starts_on=date(2026, 11, 20),
        due_on=date(2027, 2, 20),
        accessories=["charger"],
        accessories_other=[],
        accessories_returned=None,
        accessories_missing=[],
        signed_at=None,
        status=LoanStatus.ACTIVE,
        renewals=0,
        renewal_history=[],
        return_condition=None,
        notes="",
        closing_notes="",
        closed_at=None,
        closed_on=None,
        found_on=None,
        created_at=WHEN,
        updated_at=WHEN,
        asset_tag="99-000005",
        beneficiary_reference="B-2026-99999",
        beneficiary_name="Amina Diallo",
        social_worker_name="sw",
        social_worker_full_name="",
        site_code=None,
        site_name=None,
        device_category=Category.LAPTOP,
        device_make="Dell",
        device_model="Latitude 5490",
    )
    view = AgreementView(loan=loan, beneficiary=beneficiary, device=device("99-000005"))
    agreement = render_agreement(
        view, organisation="CPAS", retention_months=24, printed_on=date(2026, 11, 20)
    )
    assert [code for page in decoded_barcodes(agreement) for code in page] == ["99-000005"]
    card = render_card(beneficiary, organisation="CPAS")
    assert decoded_barcodes(card) == [["B-2026-99999"]]


def test_a_misread_voucher_barcode_is_refused_by_the_code_s_check_character() -> None:
    """zxing reads this code's Code 128 symbol twice: once right, once as "91WPXT8P QQ3", two
    wrong symbols whose errors cancel in Code 128's checksum. The voucher code's own check
    character is what refuses such a read (the redeem form parses it with `codes.parse`)."""
    from inventory.schools.codes import is_valid

    code = "26WPXT8PUQQ3"
    voucher = {
        "code": code,
        "programme_name": "Plan",
        "programme_funder": None,
        "school_name": "École 99",
        "school_fase_number": "9901",
        "school_address": None,
        "school_language": "fr",
        "quantity": 4,
        "category": None,
        "expires_on": date(2027, 6, 30),
        "issued_at": WHEN,
    }
    pdf = render_vouchers(
        [voucher],
        organisation="CPAS",
        address="https://relais.example.org",
        override=None,
        timezone="Europe/Brussels",
        printed_at=WHEN,
    )
    [reads] = decoded_barcodes(pdf)
    assert code in reads and is_valid(code)
    assert [read for read in reads if read != code and is_valid(read)] == []
