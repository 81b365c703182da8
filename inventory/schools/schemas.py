"""Input and output structs of the schools and vouchers API: the contract published as the OpenAPI schema."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from inventory import text
from inventory.devices.schemas import (
    DeviceOut,
    Make,
    Model,
    SerialNumber,
    SiteCode,
    Specs,
)
from inventory.devices.tables import Device
from inventory.devices.vocabulary import Category
from inventory.i18n import Language
from inventory.numbers import RowId
from inventory.schools.tables import Programme, Redemption, School
from inventory.schools.vocabulary import (
    RedemptionKind,
    RedemptionStatus,
    ReturnReason,
    VoucherEventAction,
    VoucherStatus,
)

SchoolName = Annotated[str, text.line_meta(School.name, required=True)]
Address = Annotated[str, text.line_meta(School.address)]
ProgrammeName = Annotated[str, text.line_meta(Programme.name, required=True)]
Funder = Annotated[str, text.line_meta(Programme.funder)]
Notes = Annotated[str, text.notes_meta()]
Reason = Annotated[str, text.notes_meta(text.REASON_MAX_LENGTH, required=True)]
Reference = Annotated[str, text.line_meta(Redemption.reference)]
Supplier = Annotated[str, text.line_meta(Device.donor)]
# An invoice reference is kept twice: on the redemption and as the device's donor reference.
InvoiceRef = Annotated[
    str, text.line_meta(min(text.column_length(Redemption.reference), text.column_length(Device.donor_ref)))
]
CancelReason = Annotated[str, text.notes_meta(text.REASON_MAX_LENGTH)]
# FASE numbers are the administration's numeric school identifiers.
FaseNumber = Annotated[
    str,
    Meta(
        max_length=School.fase_number.length,
        pattern=r"^ *[0-9]{1,10} *$(?!\n)",
        description="FASE number, digits",
    ),
]
Email = Annotated[str, text.email_meta(School.contact_email)]
Quantity = Annotated[int, Meta(ge=1, le=10_000)]
Scanned = Annotated[str, text.scanned_meta(100, description="asset tag, serial or donor reference")]


class SchoolCreate(Struct, forbid_unknown_fields=True):
    name: SchoolName
    fase_number: FaseNumber
    address: Address = ""
    contact_email: Email | None = None
    # The language of its vouchers and delivery notes.
    language: Language = Language.FR


class SchoolUpdate(Struct, forbid_unknown_fields=True):
    name: SchoolName | UnsetType = UNSET
    fase_number: FaseNumber | UnsetType = UNSET
    address: Address | UnsetType = UNSET
    contact_email: Email | None | UnsetType = UNSET
    language: Language | UnsetType = UNSET


class SchoolOut(Struct):
    id: int
    name: str
    fase_number: str
    address: str
    contact_email: str | None
    # The language of its vouchers and delivery notes unless a download asks for another.
    language: Language
    created_at: datetime
    updated_at: datetime


class SchoolPage(Struct):
    items: list[SchoolOut]
    next_cursor: str | None


class ProgrammeCreate(Struct, forbid_unknown_fields=True):
    name: ProgrammeName
    funder: Funder = ""
    starts_on: date | None = None
    ends_on: date | None = None


class ProgrammeUpdate(Struct, forbid_unknown_fields=True):
    name: ProgrammeName | UnsetType = UNSET
    funder: Funder | UnsetType = UNSET
    starts_on: date | None | UnsetType = UNSET
    ends_on: date | None | UnsetType = UNSET


class ProgrammeOut(Struct):
    id: int
    name: str
    funder: str
    starts_on: date | None
    ends_on: date | None
    created_at: datetime
    updated_at: datetime


class ProgrammePage(Struct):
    items: list[ProgrammeOut]
    next_cursor: str | None


class VoucherIssue(Struct, forbid_unknown_fields=True):
    programme_id: RowId
    school_id: RowId
    quantity: Quantity
    expires_on: date
    category: Category | None = None


class VoucherBatchIssue(Struct, forbid_unknown_fields=True):
    """One voucher for each school of the list, all alike."""

    programme_id: RowId
    school_ids: Annotated[list[RowId], Meta(min_length=1, max_length=500)]
    quantity: Quantity
    expires_on: date
    category: Category | None = None


class VoucherUpdate(Struct, forbid_unknown_fields=True):
    expires_on: date


class VoucherCancel(Struct, forbid_unknown_fields=True):
    reason: Reason


class VoucherOut(Struct):
    code: str
    status: VoucherStatus
    quantity: int
    remaining: int
    category: Category | None
    expires_on: date
    programme_id: int
    programme_name: str
    school_id: int
    school_name: str
    batch_id: int | None
    issued_at: datetime
    issued_by: str
    cancelled_at: datetime | None
    cancel_reason: str
    updated_at: datetime
    # Bumped by each line of its history; send it back as If-Match to act only on what you saw.
    version: int = 1


class VoucherEventOut(Struct):
    """A line of a voucher's history: issued, expiry date moved (`data.before`/`data.after`),
    cancelled (`data.reason`)."""

    id: int
    action: VoucherEventAction
    actor: str
    at: datetime
    data: dict


class VoucherEventList(Struct):
    items: list[VoucherEventOut]


class VoucherPage(Struct):
    items: list[VoucherOut]
    next_cursor: str | None


class VoucherBatchOut(Struct):
    id: int
    programme_id: int
    quantity: int
    category: Category | None
    expires_on: date
    issued_at: datetime
    issued_by: str
    vouchers: list[VoucherOut]
    pdf: str


class RedemptionRequest(Struct, forbid_unknown_fields=True):
    quantity: Quantity
    reference: Reference = ""
    notes: Notes = ""


class ReserveDevice(Struct, forbid_unknown_fields=True):
    asset_tag: Scanned


class RedemptionCancel(Struct, forbid_unknown_fields=True):
    reason: CancelReason = ""


class RedemptionDeviceOut(Struct):
    asset_tag: str
    category: Category
    make: str
    model: str
    serial_number: str | None
    stage: str
    reserved_at: datetime
    reserved_by: str
    released_at: datetime | None
    # Where the device is: the name of its site (context beside the tag on every page).
    site_name: str | None = None


class RedemptionOut(Struct):
    id: int
    voucher_code: str
    school_id: int
    school_name: str
    kind: RedemptionKind
    status: RedemptionStatus
    quantity: int
    reserved: int
    category: Category | None
    reference: str
    notes: str
    requested_at: datetime
    requested_by: str
    handed_over_at: datetime | None
    handed_over_by: str
    delivery_note_number: str | None
    cancelled_at: datetime | None
    cancelled_by: str
    cancel_reason: str
    devices: list[RedemptionDeviceOut] = msgspec.field(default_factory=list)


class RedemptionPage(Struct):
    items: list[RedemptionOut]
    next_cursor: str | None


class EquipmentRegistration(Struct, forbid_unknown_fields=True):
    """A device the school bought with its voucher: registered as its own, funded by the voucher."""

    category: Category
    make: Make
    model: Model
    serial_number: SerialNumber | None = None
    supplier: Supplier = ""
    invoice_ref: InvoiceRef = ""
    site: SiteCode | None = None
    specs: Specs | None = None
    notes: Notes = ""


class EquipmentOut(Struct):
    device: DeviceOut
    redemption: RedemptionOut


class DeviceReturn(Struct, forbid_unknown_fields=True):
    reason: ReturnReason
    notes: Notes = ""
