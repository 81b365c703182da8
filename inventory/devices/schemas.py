"""Input and output structs of the device API: the contract of API.md."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, Struct

from inventory.devices.vocabulary import (
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

Name = Annotated[str, Meta(min_length=1, max_length=200)]
ShortText = Annotated[str, Meta(max_length=200)]
Identifier = Annotated[str, Meta(min_length=1, max_length=100)]
Notes = Annotated[str, Meta(max_length=4000)]
SiteCode = Annotated[str, Meta(min_length=1, max_length=40)]
AwareDateTime = Annotated[datetime, Meta(tz=True)]


class Specs(Struct, forbid_unknown_fields=True, omit_defaults=True):
    cpu: ShortText | None = None
    ram_gb: Annotated[float, Meta(ge=0, le=4096)] | None = None
    storage_gb: Annotated[float, Meta(ge=0, le=1_000_000)] | None = None
    storage_type: StorageType | None = None
    screen_inches: Annotated[float, Meta(ge=0, le=100)] | None = None
    os: ShortText | None = None


class DeviceIntake(Struct, forbid_unknown_fields=True):
    category: Category
    make: Name
    model: Name
    serial_number: Identifier | None = None
    donor: ShortText = ""
    donor_ref: Identifier | None = None
    batch: Annotated[str, Meta(max_length=100)] = ""
    site: SiteCode | None = None
    specs: Specs | None = None
    funding: Funding = Funding.DONATION
    voucher_code: Annotated[str, Meta(max_length=20)] | None = None
    notes: Notes = ""


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
    tool: ShortText = ""
    storage_serials: Annotated[list[Identifier], Meta(max_length=32)] = msgspec.field(default_factory=list)
    passes: Annotated[int, Meta(ge=0, le=100)] | None = None
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
    reason: Annotated[str, Meta(min_length=1, max_length=2000)]


class FinishRepairAction(Struct, forbid_unknown_fields=True):
    notes: Notes = ""


class RetireAction(Struct, forbid_unknown_fields=True):
    reason: Annotated[str, Meta(min_length=1, max_length=2000)]
    recycler_ref: Annotated[str, Meta(max_length=100)] | None = None


class TransferAction(Struct, forbid_unknown_fields=True):
    site: SiteCode


class ReceiveTransferAction(Struct, forbid_unknown_fields=True):
    notes: Notes = ""


LabelLayout = Literal["a4-63x38", "a4-38x21", "roll-62x29", "roll-57x32"]


class LabelRequest(Struct, forbid_unknown_fields=True):
    asset_tags: Annotated[
        list[Annotated[str, Meta(min_length=1, max_length=40)]], Meta(min_length=1, max_length=2000)
    ]
    layout: LabelLayout = "a4-63x38"
    start_position: Annotated[int, Meta(ge=1, le=65)] = 1
