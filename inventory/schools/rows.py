"""The rows the schools services hand out (schools, programmes, vouchers and their history,
redemptions and their device lines): each defined once, here; each select list is derived from
the row's fields and checked against its table's columns at import."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NamedTuple

import msgspec

from inventory.devices.vocabulary import Category, Stage
from inventory.i18n import Language
from inventory.rows import select_columns
from inventory.schools.tables import (
    Programme,
    Redemption,
    RedemptionDevice,
    School,
    Voucher,
    VoucherBatch,
    VoucherEvent,
)
from inventory.schools.vocabulary import RedemptionKind, RedemptionStatus, VoucherEventAction, VoucherStatus


class SchoolRow(msgspec.Struct, frozen=True):
    """A school."""

    id: int
    name: str
    fase_number: str
    address: str
    contact_email: str
    language: Language
    created_at: datetime
    updated_at: datetime


class ProgrammeRow(msgspec.Struct, frozen=True):
    """A funder's plan that gives vouchers to schools."""

    id: int
    name: str
    funder: str
    starts_on: date | None
    ends_on: date | None
    created_at: datetime
    updated_at: datetime


class VoucherBatchRow(msgspec.Struct, frozen=True):
    """Vouchers issued together (`programme` is the programme's id)."""

    id: int
    programme: int
    quantity: int
    category: Category | None
    expires_on: date
    size: int
    issued_at: datetime
    issued_by: str


class VoucherRow(msgspec.Struct, frozen=True):
    """A voucher (`code` in its compact form; `programme`, `school` and `batch` are ids), with
    what its printed form and its lists show of its programme and school."""

    id: int
    code: str
    programme: int
    school: int
    batch: int | None
    quantity: int
    remaining: int
    category: Category | None
    expires_on: date
    status: VoucherStatus
    issued_at: datetime
    issued_by: str
    cancelled_at: datetime | None
    cancelled_by: str
    cancel_reason: str
    updated_at: datetime
    version: int
    programme_name: str
    programme_funder: str
    school_name: str
    school_address: str
    school_fase_number: str
    school_language: Language


class VoucherEventRow(msgspec.Struct, frozen=True):
    """A line of a voucher's history, with the voucher's compact code, the actor's full name
    (their username if they have none) and the expiry dates the line records."""

    id: int
    voucher: int
    action: VoucherEventAction
    actor: str
    actor_id: int | None
    at: datetime
    data: dict[str, Any]
    code: str
    actor_name: str
    expires_before: date | None
    expires_after: date | None


class RedemptionLineRow(msgspec.Struct, frozen=True):
    """A device reserved for, handed over by, or registered through a redemption (`redemption`
    and `device` are ids), with what a list shows of the device."""

    id: int
    redemption: int
    device: int
    asset_tag: str
    reserved_at: datetime
    reserved_by: str
    released_at: datetime | None
    released_by: str
    category: Category
    make: str
    model: str
    serial_number: str | None
    stage: Stage
    site_name: str | None


class RedemptionRow(msgspec.Struct, frozen=True):
    """A redemption (`voucher` and `school` are ids), with its voucher's compact code and
    category, its school's name, and its device lines, oldest first."""

    id: int
    voucher: int
    school: int
    kind: RedemptionKind
    status: RedemptionStatus
    quantity: int
    reserved: int
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
    updated_at: datetime
    voucher_code: str
    category: Category | None
    school_name: str
    devices: tuple[RedemptionLineRow, ...]


class DeliveryNote(NamedTuple):
    """What a delivery note prints: the hand-over, its school and voucher, the full name of who
    handed over, and the devices that went to the school."""

    redemption: RedemptionRow
    school: SchoolRow
    voucher: VoucherRow
    handed_over_by_name: str
    devices: list[RedemptionLineRow]


# A small generic form of devices.rows' derivation (DeviceRow also writes raw SQL; these rows
# only need the query builder's columns).
SCHOOL_COLUMNS = select_columns(School, SchoolRow, all_but=())
PROGRAMME_COLUMNS = select_columns(Programme, ProgrammeRow, all_but=())
VOUCHER_BATCH_COLUMNS = select_columns(VoucherBatch, VoucherBatchRow, all_but=())
VOUCHER_COLUMNS = select_columns(
    Voucher,
    VoucherRow,
    {
        "programme_name": Voucher.programme.name,
        "programme_funder": Voucher.programme.funder,
        "school_name": Voucher.school.name,
        "school_address": Voucher.school.address,
        "school_fase_number": Voucher.school.fase_number,
        "school_language": Voucher.school.language,
    },
    all_but=(),
)
VOUCHER_EVENT_COLUMNS = select_columns(
    VoucherEvent,
    VoucherEventRow,
    {"code": VoucherEvent.voucher.code},
    computed=("actor_name", "expires_before", "expires_after"),
    all_but=(),
)
REDEMPTION_LINE_COLUMNS = select_columns(
    RedemptionDevice,
    RedemptionLineRow,
    {
        "category": RedemptionDevice.device.category,
        "make": RedemptionDevice.device.make,
        "model": RedemptionDevice.device.model,
        "serial_number": RedemptionDevice.device.serial_number,
        "stage": RedemptionDevice.device.stage,
        "site_name": RedemptionDevice.device._.site._.name,
    },
    all_but=(),
)
REDEMPTION_COLUMNS = select_columns(
    Redemption,
    RedemptionRow,
    {
        "voucher_code": Redemption.voucher.code,
        "category": Redemption.voucher.category,
        "school_name": Redemption.school.name,
    },
    computed=("devices",),
    all_but=(),
)
