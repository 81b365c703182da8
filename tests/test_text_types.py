"""Every Varchar column and the schema fields that write it agree on the maximum length, so a
schema can never accept text the database refuses (PostgreSQL) or silently keeps (SQLite).

A new Varchar column fails this test until it is listed: with the fields that write it, or
among the columns no client writes (and why)."""

from __future__ import annotations

import re

import pytest
from msgspec import inspect
from piccolo.columns import Varchar

from inventory import db, text
from inventory.accounts.schemas import TokenRequest, UserCreate, UserUpdate
from inventory.devices.schemas import DeviceCorrection, DeviceIntake, DonorLanguage, WipeAction
from inventory.devices.stock_schemas import ScanIn
from inventory.loans.schemas import BeneficiaryCreate, BeneficiaryUpdate
from inventory.schools.schemas import (
    EquipmentRegistration,
    ProgrammeCreate,
    ProgrammeUpdate,
    RedemptionRequest,
    SchoolCreate,
    SchoolUpdate,
)
from inventory.sites.schemas import SiteCreate, SiteUpdate

# "table.column" -> the (struct, field) pairs whose value is stored in it.
WRITERS: dict[str, list[tuple[type, str]]] = {
    "site.code": [(SiteCreate, "code")],
    "site.name": [(SiteCreate, "name"), (SiteUpdate, "name")],
    "site.address": [(SiteCreate, "address"), (SiteUpdate, "address")],
    "device.make": [(DeviceIntake, "make"), (EquipmentRegistration, "make"), (DeviceCorrection, "make")],
    "device.model": [(DeviceIntake, "model"), (EquipmentRegistration, "model"), (DeviceCorrection, "model")],
    "device.serial_number": [
        (DeviceIntake, "serial_number"),
        (EquipmentRegistration, "serial_number"),
        (DeviceCorrection, "serial_number"),
    ],
    "device.donor": [
        (DeviceIntake, "donor"),
        (EquipmentRegistration, "supplier"),
        (DeviceCorrection, "donor"),
    ],
    "donor.name": [(DonorLanguage, "name")],
    "device.donor_ref": [
        (DeviceIntake, "donor_ref"),
        (EquipmentRegistration, "invoice_ref"),
        (DeviceCorrection, "donor_ref"),
    ],
    "device.batch": [(DeviceIntake, "batch"), (DeviceCorrection, "batch")],
    "device.voucher_code": [(DeviceIntake, "voucher_code")],
    "wipe_record.tool": [(WipeAction, "tool")],
    "beneficiary.full_name": [(BeneficiaryCreate, "full_name"), (BeneficiaryUpdate, "full_name")],
    "beneficiary.phone": [(BeneficiaryCreate, "phone"), (BeneficiaryUpdate, "phone")],
    "beneficiary.email": [(BeneficiaryCreate, "email"), (BeneficiaryUpdate, "email")],
    "school.name": [(SchoolCreate, "name"), (SchoolUpdate, "name")],
    "school.fase_number": [(SchoolCreate, "fase_number"), (SchoolUpdate, "fase_number")],
    "school.address": [(SchoolCreate, "address"), (SchoolUpdate, "address")],
    "school.contact_email": [(SchoolCreate, "contact_email"), (SchoolUpdate, "contact_email")],
    "programme.name": [(ProgrammeCreate, "name"), (ProgrammeUpdate, "name")],
    "programme.funder": [(ProgrammeCreate, "funder"), (ProgrammeUpdate, "funder")],
    "redemption.reference": [(RedemptionRequest, "reference"), (EquipmentRegistration, "invoice_ref")],
    "stock_scan.code": [(ScanIn, "code")],
    # An import's donor and batch are the rows' defaults: the intake's fields.
    "device_import.donor": [(DeviceIntake, "donor")],
    "device_import.batch": [(DeviceIntake, "batch")],
    # The log-in name is compared with it: as long, so no name is cut into someone else's.
    "relais_user.username": [(UserCreate, "username"), (TokenRequest, "username")],
    "relais_user.full_name": [(UserCreate, "full_name"), (UserUpdate, "full_name")],
    "relais_user.email": [(UserCreate, "email"), (UserUpdate, "email")],
}

# Columns no client writes as such: generated, derived from a checked field, or copied from a
# user's name (at most 64 characters, the username's own limit).
NOT_WRITTEN = {
    "loan_event.action": "the service's loan event names",
    "loan_event.actor": "a username",
    "voucher_event.action": "the service's voucher event names",
    "voucher_event.actor": "a username",
    "reservation.category": "a category (the field's enumeration)",
    "reservation.status": "a reservation status",
    "reservation.requested_by": "a username",
    "reservation.closed_by": "a username",
    "counter.name": "the service's own counter names",
    "token.digest": "a SHA-256 digest",
    "setup_token.digest": "a SHA-256 digest",
    "login_throttle.kind": "username or address",
    "login_throttle.key_digest": "a SHA-256 digest",
    "login_throttle.last_attempt": "a random mark the throttle writes",
    "relais_user.password_hash": "an Argon2 hash",
    "relais_user.language": "fr, nl or en (the field's pattern)",
    "device.asset_tag": "generated",
    "device.serial_key": "derived from serial_number",
    "device.make_key": "derived from make",
    "device.donor_ref_key": "derived from donor_ref",
    "device_event.action": "the service's action names",
    "device_event.from_stage": "a stage",
    "device_event.to_stage": "a stage",
    "device_event.actor": "a username",
    "device_event.request_id": "generated",
    "device_event_tally.month": "a local month, YYYY-MM",
    "device_event_tally.action": "the service's action names",
    "device_event_tally.to_stage": "a stage",
    "wipe_record.certificate_number": "generated",
    "wipe_record.operator_name": "a username",
    "wipe_report.sha256": "a SHA-256 digest",
    "wipe_report.filename": "the file's name, cut to 255 printable characters (wipe_reports.clean_filename)",
    "wipe_report.media_type": "text/plain or application/pdf, by what the file is",
    "wipe_report.kind": "log or pdf-certificate",
    "wipe_report.uploaded_by": "a username",
    "beneficiary.reference": "generated",
    "beneficiary.search_key": "derived from full_name",
    "loan_reminder.language": "the beneficiary's language",
    "loan_reminder.claim_token": "generated",
    "worklist_entry.done_by": "a username",
    "worklist_entry.resolution": "the service's resolution names",
    "redemption.requested_by": "a username",
    "redemption.handed_over_by": "a username",
    "redemption.delivery_note_number": "generated",
    "redemption.cancelled_by": "a username",
    "redemption_device.asset_tag": "an existing device's tag",
    "redemption_device.reserved_by": "a username",
    "redemption_device.released_by": "a username",
    "voucher.code": "generated",
    "voucher.issued_by": "a username",
    "voucher.cancelled_by": "a username",
    "voucher_batch.issued_by": "a username",
    "device_import.filename": "an upload's name, cut by operations.upload_name",
    "device_import.sha256": "a digest",
    "device_import.first_asset_tag": "an existing device's tag",
    "device_import.last_asset_tag": "an existing device's tag",
    "device_import.imported_by": "a username",
    "stock_count.opened_by": "a username",
    "stock_count.closed_by": "a username",
    "stock_scan.code_key": "derived from code",
    "stock_scan.asset_tag": "an existing device's tag",
    "stock_scan.scanned_by": "a username",
    "migration.name": "Piccolo's own",
    "migration.app_name": "Piccolo's own",
}


def varchar_columns() -> dict[str, Varchar]:
    return {
        f"{table._meta.tablename}.{column._meta.name}": column
        for table in db.all_tables()
        for column in table._meta.columns
        if isinstance(column, Varchar) and not column._meta.choices
    }


def string_type(struct: type, name: str) -> inspect.StrType:
    field = next(f for f in inspect.type_info(struct).fields if f.name == name)
    info = field.type
    if isinstance(info, inspect.Metadata):
        info = info.type
    candidates = info.types if isinstance(info, inspect.UnionType) else (info,)
    found = [t.type if isinstance(t, inspect.Metadata) else t for t in candidates]
    found = [t for t in found if isinstance(t, inspect.StrType)]
    assert found, f"{struct.__name__}.{name} is not text"
    return found[0]


def test_every_varchar_column_is_written_by_a_listed_field_or_listed_as_not_written() -> None:
    columns = set(varchar_columns())
    unlisted = columns - set(WRITERS) - set(NOT_WRITTEN)
    assert unlisted == set(), "list these columns in WRITERS or NOT_WRITTEN"
    assert set(WRITERS) - columns == set(), "WRITERS names columns that no longer exist"
    assert set(WRITERS) & set(NOT_WRITTEN) == set()


@pytest.mark.parametrize("column_name", sorted(WRITERS))
def test_each_field_is_exactly_as_long_as_the_column_it_is_stored_in(column_name: str) -> None:
    column = varchar_columns()[column_name]
    for struct, name in WRITERS[column_name]:
        info = string_type(struct, name)
        assert info.max_length is not None, f"{struct.__name__}.{name} has no maximum length"
        assert info.max_length == column.length, (
            f"{struct.__name__}.{name} accepts {info.max_length} characters,"
            f" {column_name} holds {column.length}"
        )


@pytest.mark.parametrize("column_name", sorted(WRITERS))
def test_each_field_refuses_nul_and_line_breaks(column_name: str) -> None:
    for struct, name in WRITERS[column_name]:
        info = string_type(struct, name)
        assert info.pattern, f"{struct.__name__}.{name} has no pattern"
        # A scanned code may end with a scanner's line break (trimmed); nothing else may.
        trailing = [] if info.pattern == text.SCANNED_PATTERN else ["ab\n"]
        for hostile in ("a\u0000b", "a\nb", "a\u2028b", "\u0000", *trailing):
            assert re.search(info.pattern, hostile) is None, f"{struct.__name__}.{name} accepts {hostile!r}"
