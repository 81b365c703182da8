"""Input and output structs of the device API: the contract published as the OpenAPI schema."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from inventory import text
from inventory.devices.tables import Device, WipeRecord
from inventory.devices.vocabulary import (
    MAX_WIPE_PASSES,
    Action,
    Category,
    ChecklistItem,
    CheckResult,
    Funding,
    Grade,
    Stage,
    StorageType,
    Verification,
    WipeMethod,
    WipeResult,
)
from inventory.i18n import Language
from inventory.sites.tables import Site

# Each text as long as the column it is stored in (inventory/text.py).
Make = Annotated[str, text.line_meta(Device.make, required=True)]
Model = Annotated[str, text.line_meta(Device.model, required=True)]
SerialNumber = Annotated[str, text.code_meta(Device.serial_number)]
Donor = Annotated[str, text.line_meta(Device.donor)]
DonorName = Annotated[str, text.line_meta(Device.donor, required=True)]
DonorRef = Annotated[str, text.code_meta(Device.donor_ref)]
Batch = Annotated[str, text.line_meta(Device.batch)]
VoucherCode = Annotated[
    str, text.line_meta(Device.voucher_code, description="voucher code, any case, dashes optional")
]
WipeTool = Annotated[str, text.line_meta(WipeRecord.tool)]
# Specs, checklist answers and reasons are kept in JSON: their limits are the service's own.
ShortText = Annotated[str, text.line_meta(200)]
StorageSerial = Annotated[str, text.code_meta(100)]
Reason = Annotated[str, text.notes_meta(text.REASON_MAX_LENGTH, required=True)]
RecyclerRef = Annotated[str, text.line_meta(100)]
Notes = Annotated[str, text.notes_meta()]
SiteCode = Annotated[str, text.code_meta(Site.code)]
AssetTag = Annotated[str, text.code_meta(Device.asset_tag, description="asset tag, e.g. RL-000042")]
AwareDateTime = Annotated[datetime, Meta(tz=True)]
# Typed or scanned from the recycler's paper certificate: one line, something visible.
DestructionCertificateRef = Annotated[
    str, text.line_meta(100, required=True, description="the recycler's destruction certificate number")
]


class Specs(Struct, forbid_unknown_fields=True, omit_defaults=True):
    cpu: ShortText | None = None
    ram_gb: Annotated[float, Meta(ge=0, le=4096)] | None = None
    storage_gb: Annotated[float, Meta(ge=0, le=1_000_000)] | None = None
    storage_type: StorageType | None = None
    screen_inches: Annotated[float, Meta(ge=0, le=100)] | None = None
    os: ShortText | None = None


class DeviceIntake(Struct, forbid_unknown_fields=True):
    category: Category
    make: Make
    model: Model
    serial_number: SerialNumber | None = None
    donor: Donor = ""
    donor_ref: DonorRef | None = None
    batch: Batch = ""
    site: SiteCode | None = None
    specs: Specs | None = None
    funding: Funding = Funding.DONATION
    voucher_code: VoucherCode | None = None
    notes: Notes = ""


class DeviceCorrection(Struct, forbid_unknown_fields=True):
    """What was typed wrong at intake, corrected, and why. A field left out keeps its value;
    `null` clears an optional one. `specs` replaces the whole set of specifications. The stage,
    site, funding and owner are never corrected this way (their own actions change them)."""

    reason: Reason
    category: Category | UnsetType = UNSET
    make: Make | UnsetType = UNSET
    model: Model | UnsetType = UNSET
    serial_number: SerialNumber | None | UnsetType = UNSET
    donor: Donor | UnsetType = UNSET
    donor_ref: DonorRef | None | UnsetType = UNSET
    batch: Batch | UnsetType = UNSET
    specs: Specs | None | UnsetType = UNSET
    notes: Notes | UnsetType = UNSET


class DonorLanguage(Struct, forbid_unknown_fields=True):
    """A donor's record: `name` as devices carry it (`donor`), `language` of its certificates."""

    name: DonorName
    language: Language


class DonorOut(Struct):
    name: str
    # What its wipe certificates are written in unless a download asks for another (`?lang=`).
    language: Language
    # Devices that name this donor.
    devices: int


class DonorList(Struct):
    items: list[DonorOut]


class DeviceOut(Struct):
    asset_tag: str
    category: Category
    make: str
    model: str
    serial_number: str | None
    donor: str
    donor_ref: str | None
    batch: str
    site: str | None
    specs: dict[str, Any]
    grade: Grade | None
    stage: Stage
    owner: str
    school_id: int | None
    funding: Funding
    voucher_code: str | None
    transfer_to: str | None
    notes: str
    created_at: datetime
    updated_at: datetime
    # While the device is on loan: until when (never to whom).
    on_loan_until: date | None = None
    # Bumped by every change; send it back as If-Match to act only on what you saw.
    version: int = 1
    # A passed wipe covers the current custody (since the last intake, return or found).
    wiped_since_custody_change: bool = False
    # What the stage rules accept now: the same list a scan and a refused action give.
    allowed_actions: list[Action] = msgspec.field(default_factory=list)
    # The name of its site (`site` is the site's code): context beside the tag on pages.
    site_name: str | None = None


class EventOut(Struct):
    id: int
    action: str
    from_stage: Stage | None
    to_stage: Stage
    actor: str
    at: datetime
    data: dict[str, Any]


class WipeCertificateOut(Struct):
    """One passed wipe's certificate: its number, when the wipe happened and how."""

    number: str
    wiped_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    method: WipeMethod
    passed: bool
    # True for the one certificate that covers the current custody period.
    current: bool
    pdf: str


class WipeCertificateList(Struct):
    items: list[WipeCertificateOut]
    next_cursor: str | None = None


class DevicePage(Struct):
    items: list[DeviceOut]
    next_cursor: str | None


class EventList(Struct):
    items: list[EventOut]
    next_cursor: str | None


class ScanResult(Struct):
    device: DeviceOut
    allowed_actions: list[Action]


class ActionResult(Struct):
    device: DeviceOut
    event: EventOut


class WipeAction(Struct, forbid_unknown_fields=True):
    method: WipeMethod
    result: WipeResult
    tool: WipeTool = ""
    storage_serials: Annotated[list[StorageSerial], Meta(max_length=32)] = msgspec.field(default_factory=list)
    passes: Annotated[int, Meta(ge=0, le=MAX_WIPE_PASSES)] | None = None
    verification: Verification = Verification.NONE
    started_at: AwareDateTime | None = None
    finished_at: AwareDateTime | None = None
    notes: Notes = ""


class RefurbishAction(Struct, forbid_unknown_fields=True):
    checklist: dict[ChecklistItem, CheckResult]
    grade: Grade
    battery_health_percent: Annotated[int, Meta(ge=0, le=100)] | None = None
    os: ShortText | None = None
    parts_replaced: Annotated[list[ShortText], Meta(max_length=50)] = msgspec.field(default_factory=list)
    notes: Notes = ""


class LabelAction(Struct, forbid_unknown_fields=True):
    notes: Notes = ""


class RepairAction(Struct, forbid_unknown_fields=True):
    reason: Reason


class FinishRepairAction(Struct, forbid_unknown_fields=True):
    notes: Notes = ""
    # A replaced disk was never wiped by us: the device goes back to `received`.
    storage_replaced: bool = False


class RetireAction(Struct, forbid_unknown_fields=True):
    reason: Reason
    recycler_ref: RecyclerRef | None = None
    # The recycler's certificate of destruction: the proof needed to retire a device that has
    # no passed wipe since its last custody change.
    destruction_certificate_ref: DestructionCertificateRef | None = None


class CancelTransferAction(Struct, forbid_unknown_fields=True):
    notes: Notes = ""


class FoundAction(Struct, forbid_unknown_fields=True):
    notes: Notes = ""


class TransferAction(Struct, forbid_unknown_fields=True):
    site: SiteCode


class ReceiveTransferAction(Struct, forbid_unknown_fields=True):
    notes: Notes = ""


LabelLayout = Literal["a4-63x38", "a4-38x21", "roll-62x29", "roll-57x32"]


class LabelRequest(Struct, forbid_unknown_fields=True):
    asset_tags: Annotated[list[AssetTag], Meta(min_length=1, max_length=2000)]
    layout: LabelLayout = "a4-63x38"
    start_position: Annotated[int, Meta(ge=1, le=65)] = 1


class WipeOut(Struct):
    """A recorded wipe, passed or failed; a passed one has a certificate and its verification
    address."""

    method: WipeMethod
    result: WipeResult
    tool: str
    storage_serials: list[str]
    passes: int | None
    verification: Verification
    started_at: datetime | None
    finished_at: datetime | None
    operator: str
    notes: str
    certificate_number: str | None = None
    certificate: str | None = None
    verification_url: str | None = None


class WipeReportDrive(Struct):
    """One drive as the wiping tool's report describes it."""

    name: str
    bus: str | None
    model: str | None
    # None when the report holds no usable serial (hidden, absent, or junk as a loop device's).
    serial: str | None
    # As written, non-printable bytes escaped (\x07): what the report really says.
    serial_raw: str | None
    size_bytes: int | None
    status: str
    pass_errors: int
    verify_errors: int
    sync_errors: int
    bytes_written: int
    passes: int
    verified: bool
    passed: bool


class WipeReportOut(Struct):
    """An original wipe report kept as evidence: its digest and where to download it unchanged."""

    id: int
    sha256: str
    filename: str
    media_type: str
    size_bytes: int
    kind: str
    tool_method: str
    drives: list[WipeReportDrive]
    uploaded_by: str
    created_at: datetime
    download: str
    wipe: WipeOut


class WipeReportList(Struct):
    items: list[WipeReportOut]


class WipeRecorded(Struct):
    """The answer to an uploaded report: the wipe it became, the kept report, the device now."""

    wipe: WipeOut
    report: WipeReportOut
    device: DeviceOut
    event: EventOut
