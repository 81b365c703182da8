"""Input and output structs of the beneficiary, loan, reminder and worklist API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

from inventory import text
from inventory.devices.tables import Device
from inventory.devices.vocabulary import Category
from inventory.loans.tables import Beneficiary
from inventory.loans.vocabulary import (
    Channel,
    Language,
    LoanEventAction,
    LoanStatus,
    Recipient,
    ReminderKind,
    ReminderStatus,
    ReservationStatus,
    ReturnCondition,
    SkipReason,
    WorklistAction,
)
from inventory.numbers import RowId
from inventory.sites.tables import Site

FullName = Annotated[str, text.line_meta(Beneficiary.full_name, required=True)]
Phone = Annotated[
    str,
    Meta(
        min_length=6,
        max_length=Beneficiary.phone.length,
        pattern=r"^ *\+?[0-9][0-9 ./()-]{4,36}[0-9] *$(?!\n)",
    ),
]
Email = Annotated[str, text.email_meta(Beneficiary.email)]
SiteCode = Annotated[str, text.code_meta(Site.code)]
AssetTag = Annotated[str, text.code_meta(Device.asset_tag, description="asset tag, e.g. RL-000042")]
# An accessory kind's code ("charger") or a word naming one in French, Dutch or English
# ("chargeur", "oplader"); anything else is kept as free text (inventory/loans/accessories.py).
Accessory = Annotated[str, text.line_meta(100, required=True)]
Accessories = Annotated[list[Accessory], Meta(max_length=20)]
Notes = Annotated[str, text.notes_meta()]
PostalAddress = Annotated[str, text.notes_meta(300, description="postal address for letters, several lines")]
# The signature drawn at the desk: a PNG as a data URL or plain base64, at most 200 KB encoded.
SIGNATURE_MAX_BYTES = 150_000
Signature = Annotated[str, Meta(max_length=200_000, description="PNG, base64 or data:image/png;base64,...")]
RequiredNotes = Annotated[str, text.notes_meta(required=True)]


class BeneficiaryCreate(Struct, forbid_unknown_fields=True):
    full_name: FullName
    language: Language
    consent_recorded_on: date
    phone: Phone | None = None
    email: Email | None = None
    site: SiteCode | None = None
    postal_address: PostalAddress | None = None
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
    postal_address: PostalAddress | None | UnsetType = UNSET


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
    postal_address: str | None = None


class BeneficiaryPage(Struct):
    items: list[BeneficiaryOut]
    next_cursor: str | None


class LoanCreate(Struct, forbid_unknown_fields=True):
    asset_tag: AssetTag
    beneficiary_id: RowId
    due_on: date
    accessories: Accessories = msgspec.field(default_factory=list)
    notes: Notes = ""
    # Where the loan is handled; the beneficiary's site, else the device's, when not given.
    site: SiteCode | None = None
    # The beneficiary's signature drawn at the desk; without it, the agreement is signed on paper.
    signature: Signature | None = None


class LoanReturn(Struct, forbid_unknown_fields=True):
    condition: ReturnCondition
    notes: Notes = ""
    # The accessory kinds that came back; omitted: all of them. Any kind of the loan not listed
    # is recorded missing, and the condition becomes `incomplete`.
    accessories_returned: Accessories | UnsetType = UNSET


class LoanUpdate(Struct, forbid_unknown_fields=True):
    """While the loan is active: the accessories lent and the notes (an `edit` event records both)."""

    accessories: Accessories | UnsetType = UNSET
    notes: Notes | UnsetType = UNSET


class LoanSignature(Struct, forbid_unknown_fields=True):
    signature: Signature


class LoanRenewal(Struct, forbid_unknown_fields=True):
    due_on: date


class LoanLoss(Struct, forbid_unknown_fields=True):
    notes: Notes = ""


class LoanLossAtDesk(Struct, forbid_unknown_fields=True):
    """A loss reported at the desk says what happened. The API's `LoanLoss` keeps `notes`
    optional (the published API contract, `/schema`); the desk's form is where the reason is required."""

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
    # What the device is, shown next to its asset tag, and the name of the loan's site.
    device_category: Category | None = None
    device_make: str = ""
    device_model: str = ""
    site_name: str | None = None
    # Free-text accessories naming no kind (listed on documents, not checked on return).
    accessories_other: list[str] = msgspec.field(default_factory=list)
    # On return: the kinds that came back (null until then, or for returns before kinds existed)
    # and those that did not.
    accessories_returned: list[str] | None = None
    accessories_missing: list[str] = msgspec.field(default_factory=list)
    # Signed on screen at the desk (the agreement prints the signature).
    signed: bool = False


class LoanEventOut(Struct):
    id: int
    action: LoanEventAction
    actor: str
    at: datetime
    data: dict


class LoanEventList(Struct):
    items: list[LoanEventOut]
    next_cursor: str | None = None


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
    """A reminder's entry names a loan; a waiting-list entry (`device_available`) has no loan
    yet (`loan_id`, `due_on` null) and names the reservation and the device that is ready."""

    id: int
    action: WorklistAction
    message: str
    kind: ReminderKind | None
    channel: Channel
    loan_id: int | None
    asset_tag: str
    due_on: date | None
    days_overdue: int
    beneficiary_id: int
    beneficiary_reference: str
    beneficiary_name: str
    beneficiary_phone: str | None
    social_worker: str
    created_at: datetime
    reservation_id: int | None = None
    # What the device is and where (the loan's site, or the site of the device offered).
    device_category: Category | None = None
    device_make: str | None = None
    device_model: str | None = None
    site_name: str | None = None
    # Accessory kinds that did not come back with the device (returns).
    accessories_missing: list[str] = msgspec.field(default_factory=list)


class WorklistPage(Struct):
    items: list[WorklistItem]
    next_cursor: str | None


class WorklistDone(Struct, forbid_unknown_fields=True):
    ids: Annotated[list[RowId], Meta(min_length=1, max_length=500)]


class WorklistDoneOut(Struct):
    done: int


class ReservationCreate(Struct, forbid_unknown_fields=True):
    beneficiary_id: RowId
    category: Category
    # The site where they wait; without it, a device of the category at any site will do.
    site: SiteCode | None = None
    needed_by: date | None = None
    notes: Notes = ""


CancelReason = Annotated[str, text.line_meta(300, required=True)]


class ReservationCancel(Struct, forbid_unknown_fields=True):
    reason: CancelReason


class ReservationFulfil(Struct, forbid_unknown_fields=True):
    asset_tag: AssetTag
    due_on: date
    accessories: Accessories = msgspec.field(default_factory=list)
    notes: Notes = ""
    signature: Signature | None = None


class ReservationOut(Struct):
    id: int
    beneficiary_id: int
    beneficiary_reference: str
    beneficiary_name: str
    category: Category
    site: str | None
    # 1 for the first waiting in its category and site; null once fulfilled or cancelled.
    position: int | None
    status: ReservationStatus
    needed_by: date | None
    notes: str
    social_worker: str
    requested_at: datetime
    requested_by: str
    closed_at: datetime | None
    cancel_reason: str
    loan_id: int | None


class ReservationPage(Struct):
    items: list[ReservationOut]
    next_cursor: str | None


class ReservationFulfilled(Struct):
    reservation: ReservationOut
    loan: LoanOut
