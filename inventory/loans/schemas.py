"""Input and output structs of the beneficiary, loan, reminder and worklist API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from inventory import text
from inventory.devices.tables import Device
from inventory.loans.tables import Beneficiary
from inventory.loans.vocabulary import (
    Channel,
    Language,
    LoanStatus,
    Recipient,
    ReminderKind,
    ReminderStatus,
    ReturnCondition,
    SkipReason,
    WorklistAction,
)
from inventory.numbers import RowId
from inventory.sites.tables import Site

FullName = text.line(Beneficiary.full_name, required=True)
Phone = Annotated[
    str,
    Meta(
        min_length=6,
        max_length=Beneficiary.phone.length,
        pattern=r"^ *\+?[0-9][0-9 ./()-]{4,36}[0-9] *$(?!\n)",
    ),
]
Email = text.email(Beneficiary.email)
SiteCode = text.code(Site.code)
AssetTag = text.code(Device.asset_tag, description="asset tag, e.g. RL-000042")
# Accessories are kept in the loan's JSON list: their limit is the service's own.
Accessory = text.line(100, required=True)
Notes = text.notes()
RequiredNotes = text.notes(required=True)


class BeneficiaryCreate(Struct, forbid_unknown_fields=True):
    full_name: FullName
    language: Language
    consent_recorded_on: date
    phone: Phone | None = None
    email: Email | None = None
    site: SiteCode | None = None
    # Admins may name the referring social worker; a social worker is the referrer themselves.
    social_worker_id: RowId | None = None


class BeneficiaryUpdate(Struct, forbid_unknown_fields=True):
    """Only the fields sent change; `null` clears phone, e-mail or site."""

    full_name: FullName | UnsetType = UNSET
    language: Language | UnsetType = UNSET
    consent_recorded_on: date | UnsetType = UNSET
    phone: Phone | None | UnsetType = UNSET
    email: Email | None | UnsetType = UNSET
    site: SiteCode | None | UnsetType = UNSET


class BeneficiaryOut(Struct):
    id: int
    reference: str
    full_name: str
    phone: str | None
    email: str | None
    language: Language
    site: str | None
    social_worker_id: int | None
    social_worker: str | None
    consent_recorded_on: date
    anonymised: bool
    created_at: datetime
    updated_at: datetime


class BeneficiaryPage(Struct):
    items: list[BeneficiaryOut]
    next_cursor: str | None


class LoanCreate(Struct, forbid_unknown_fields=True):
    asset_tag: AssetTag
    beneficiary_id: RowId
    due_on: date
    accessories: Annotated[list[Accessory], Meta(max_length=20)] = msgspec.field(default_factory=list)
    notes: Notes = ""
    # Where the loan is handled; the beneficiary's site, else the device's, when not given.
    site: SiteCode | None = None


class LoanReturn(Struct, forbid_unknown_fields=True):
    condition: ReturnCondition
    notes: Notes = ""


class LoanRenewal(Struct, forbid_unknown_fields=True):
    due_on: date


class LoanLoss(Struct, forbid_unknown_fields=True):
    notes: Notes = ""


class LoanLossAtDesk(Struct, forbid_unknown_fields=True):
    """A loss reported at the desk says what happened. The API's `LoanLoss` keeps `notes`
    optional, as API.md documents it; the desk's form is where the reason is required."""

    notes: RequiredNotes


class LoanOut(Struct):
    id: int
    asset_tag: str
    beneficiary_id: int
    beneficiary_reference: str
    beneficiary_name: str
    status: LoanStatus
    overdue: bool
    starts_on: date
    due_on: date
    accessories: list[str]
    renewals: int
    return_condition: ReturnCondition | None
    notes: str
    closing_notes: str
    social_worker: str
    site: str | None
    closed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    # A lost loan whose device was found later: the local day it was found (status stays lost).
    found_on: date | None = None


class LoanBrief(Struct):
    """What a technician may know of a loan: never who holds the device."""

    id: int
    asset_tag: str
    status: LoanStatus
    due_on: date


class LoanPage(Struct):
    items: list[LoanOut]
    next_cursor: str | None


class ReminderOut(Struct):
    id: int
    kind: ReminderKind
    offset_days: int
    recipient: Recipient
    channel: Channel
    language: str
    due_at: datetime
    status: ReminderStatus
    sent_at: datetime | None
    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    # For a `skipped` reminder: why (`superseded`) and the reminder sent instead.
    skip_reason: SkipReason | None = None
    superseded_by: int | None = None


class ReminderList(Struct):
    """A loan's reminders, all in one page: a handful per due date (the contract's list shape)."""

    items: list[ReminderOut]
    next_cursor: str | None = None


class WorklistItem(Struct):
    id: int
    action: WorklistAction
    message: str
    kind: ReminderKind
    channel: Channel
    loan_id: int
    asset_tag: str
    due_on: date
    days_overdue: int
    beneficiary_id: int
    beneficiary_reference: str
    beneficiary_name: str
    beneficiary_phone: str | None
    social_worker: str
    created_at: datetime


class WorklistPage(Struct):
    items: list[WorklistItem]
    next_cursor: str | None


class WorklistDone(Struct, forbid_unknown_fields=True):
    ids: Annotated[list[RowId], Meta(min_length=1, max_length=500)]


class WorklistDoneOut(Struct):
    done: int
