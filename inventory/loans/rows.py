"""The rows the loans services hand out (to controllers, documents, pages and jobs): each
defined once, here, as a frozen msgspec Struct; the columns that read it are derived from its
fields (inventory/rows.py), so a new column is added to the table and to the Struct only."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import msgspec
from piccolo.columns import Column

from inventory import rows
from inventory.devices.rows import DeviceRow
from inventory.devices.vocabulary import Category
from inventory.loans.schemas import ReservationOut
from inventory.loans.tables import Beneficiary, Loan, LoanEvent, Reminder, Reservation, WorklistEntry
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

# Beneficiaries --------------------------------------------------------------------------------


class BeneficiaryRow(msgspec.Struct, frozen=True):
    """A registered beneficiary, with the code of their site and their social worker's username."""

    id: int
    reference: str
    full_name: str
    search_key: str
    phone: str | None
    email: str | None
    language: Language
    site: int | None
    social_worker: int | None
    consent_recorded_on: date
    postal_address: str | None
    created_at: datetime
    updated_at: datetime
    anonymised_at: datetime | None
    site_code: str | None
    social_worker_name: str | None


BENEFICIARY_COLUMNS: tuple[Column, ...] = rows.select_columns(
    Beneficiary,
    BeneficiaryRow,
    {
        "site_code": Beneficiary.site.code,
        "social_worker_name": Beneficiary.social_worker.username,
    },
    all_but=(),
)


# Loans ----------------------------------------------------------------------------------------


class LoanRow(msgspec.Struct, frozen=True):
    """A loan, with its device, beneficiary, social worker and site as people read them. The
    signature (a PNG) is not in it: only the agreement reads that."""

    id: int
    device: int
    beneficiary: int
    social_worker: int
    site: int | None
    starts_on: date
    due_on: date
    accessories: list[str]
    accessories_other: list[str]
    # NULL until returned (and for returns recorded before accessory kinds existed).
    accessories_returned: list[str] | None
    accessories_missing: list[str]
    signed_at: datetime | None
    status: LoanStatus
    renewals: int
    renewal_history: list[dict[str, Any]]
    return_condition: ReturnCondition | None
    notes: str
    closing_notes: str
    closed_at: datetime | None
    closed_on: date | None
    found_on: date | None
    created_at: datetime
    updated_at: datetime
    asset_tag: str
    beneficiary_reference: str
    beneficiary_name: str
    social_worker_name: str
    social_worker_full_name: str
    site_code: str | None
    site_name: str | None
    device_category: Category
    device_make: str
    device_model: str


LOAN_COLUMNS: tuple[Column, ...] = rows.select_columns(
    Loan,
    LoanRow,
    {
        "asset_tag": Loan.device.asset_tag,
        "beneficiary_reference": Loan.beneficiary.reference,
        "beneficiary_name": Loan.beneficiary.full_name,
        "social_worker_name": Loan.social_worker.username,
        "social_worker_full_name": Loan.social_worker.full_name,
        "site_code": Loan.site.code,
        "site_name": Loan.site.name,
        "device_category": Loan.device.category,
        "device_make": Loan.device.make,
        "device_model": Loan.device.model,
    },
    all_but=("signature_png",),
)


class LoanBriefRow(msgspec.Struct, frozen=True):
    """A loan as a technician may see it: nothing about who holds the device."""

    id: int
    asset_tag: str
    status: LoanStatus
    due_on: date


LOAN_BRIEF_COLUMNS: tuple[Column, ...] = rows.select_columns(
    Loan, LoanBriefRow, {"asset_tag": Loan.device.asset_tag}
)


class ActiveLoanRow(msgspec.Struct, frozen=True):
    """What the device page shows of the device's active loan: which, and until when."""

    id: int
    due_on: date


ACTIVE_LOAN_COLUMNS: tuple[Column, ...] = rows.select_columns(Loan, ActiveLoanRow)


class LastReturnRow(msgspec.Struct, frozen=True):
    """The device's latest loan, as the device page reads it when it came back incomplete."""

    id: int
    status: LoanStatus
    return_condition: ReturnCondition | None
    accessories_missing: list[str]


LAST_RETURN_COLUMNS: tuple[Column, ...] = rows.select_columns(Loan, LastReturnRow)


class LoanListRow(msgspec.Struct, frozen=True, kw_only=True):
    """A line of the loan list (/loans). A technician's list reads no beneficiary column: the
    people fields stay None."""

    id: int
    status: LoanStatus
    starts_on: date
    due_on: date
    closed_on: date | None
    asset_tag: str
    make: str
    model: str
    category: Category
    site_code: str | None
    site_name: str | None
    beneficiary_id: int | None = None
    beneficiary_name: str | None = None
    beneficiary_reference: str | None = None
    social_worker_name: str | None = None
    # Worked out from the day the list is for: 0 unless active and past its due date.
    days_overdue: int = 0


LOAN_LIST_PEOPLE: dict[str, Column] = {
    "beneficiary_id": Loan.beneficiary.id,
    "beneficiary_name": Loan.beneficiary.full_name,
    "beneficiary_reference": Loan.beneficiary.reference,
    "social_worker_name": Loan.social_worker.username,
}
_LOAN_LIST_JOINED: dict[str, Column] = {
    "asset_tag": Loan.device.asset_tag,
    "make": Loan.device.make,
    "model": Loan.device.model,
    "category": Loan.device.category,
    "site_code": Loan.site.code,
    "site_name": Loan.site.name,
}
# What every loan list reads, and what it adds when the viewer may see people.
LOAN_LIST_COLUMNS: tuple[Column, ...] = rows.select_columns(
    Loan, LoanListRow, _LOAN_LIST_JOINED, computed=("days_overdue", *LOAN_LIST_PEOPLE)
)
LOAN_LIST_PEOPLE_COLUMNS: tuple[Column, ...] = tuple(
    column.as_alias(name) for name, column in LOAN_LIST_PEOPLE.items()
)


class LoanEventRow(msgspec.Struct, frozen=True):
    """A line of a loan's history."""

    id: int
    loan: int
    action: LoanEventAction
    actor: str
    actor_id: int | None
    at: datetime
    # {"before": {...}, "after": {...}} for an edit; what the action recorded otherwise.
    data: dict[str, Any]


LOAN_EVENT_COLUMNS: tuple[Column, ...] = rows.select_columns(LoanEvent, LoanEventRow, all_but=())


class ReminderRow(msgspec.Struct, frozen=True):
    """A message of the outbox: a loan's reminder or a waiting-list match."""

    id: int
    loan: int | None
    kind: ReminderKind
    offset_days: int
    recipient: Recipient
    channel: Channel
    language: str
    due_at: datetime
    status: ReminderStatus
    next_attempt_at: datetime | None
    attempts: int
    claim_token: str | None
    claimed_at: datetime | None
    sent_at: datetime | None
    cancelled_at: datetime | None
    last_error: str
    skip_reason: SkipReason | None
    superseded_by: int | None
    created_at: datetime
    reservation: int | None


REMINDER_COLUMNS: tuple[Column, ...] = rows.select_columns(Reminder, ReminderRow, all_but=())


# Waiting list ---------------------------------------------------------------------------------


class ReservationRow(msgspec.Struct, frozen=True):
    """A place on a waiting list, with its beneficiary, site code and social worker's username."""

    id: int
    beneficiary: int
    category: Category
    site: int | None
    social_worker: int
    status: ReservationStatus
    needed_by: date | None
    notes: str
    requested_at: datetime
    requested_by: str
    closed_at: datetime | None
    closed_by: str
    cancel_reason: str
    loan: int | None
    updated_at: datetime
    beneficiary_reference: str
    beneficiary_name: str
    site_code: str | None
    social_worker_name: str


RESERVATION_COLUMNS: tuple[Column, ...] = rows.select_columns(
    Reservation,
    ReservationRow,
    {
        "beneficiary_reference": Reservation.beneficiary.reference,
        "beneficiary_name": Reservation.beneficiary.full_name,
        "site_code": Reservation.site.code,
        "social_worker_name": Reservation.social_worker.username,
    },
    all_but=(),
)


class Fulfilment(msgspec.Struct, frozen=True):
    """A reservation fulfilled, and the loan it became."""

    reservation: ReservationOut
    loan: LoanRow


# Worklist -------------------------------------------------------------------------------------


class WorklistRow(msgspec.Struct, frozen=True):
    """An open worklist entry with what it is about: a loan's (its device, beneficiary and
    site), or a waiting-list match's (the reservation, who waits, and the device offered)."""

    id: int
    action: WorklistAction
    # The reminder kind, or "" for an entry no reminder made (missing accessories, a match).
    kind: str
    channel: Channel
    created_at: datetime
    loan_id: int | None
    offset_days: int | None
    due_on: date | None
    asset_tag: str | None
    device_category: Category | None
    device_make: str | None
    device_model: str | None
    site_name: str | None
    beneficiary_id: int | None
    beneficiary_reference: str | None
    beneficiary_name: str | None
    beneficiary_phone: str | None
    accessories_missing: list[str] | None
    social_worker_name: str
    reservation_id: int | None
    reservation_category: Category | None
    waiting_id: int | None
    waiting_reference: str | None
    waiting_name: str | None
    waiting_phone: str | None
    offered_asset_tag: str | None
    offered_site_name: str | None
    offered_category: Category | None
    offered_make: str | None
    offered_model: str | None


WORKLIST_COLUMNS: tuple[Column, ...] = rows.select_columns(
    WorklistEntry,
    WorklistRow,
    {
        "loan_id": WorklistEntry.loan,
        "offset_days": WorklistEntry.reminder.offset_days,
        "due_on": WorklistEntry.loan.due_on,
        "asset_tag": WorklistEntry.loan._.device._.asset_tag,
        "device_category": WorklistEntry.loan._.device._.category,
        "device_make": WorklistEntry.loan._.device._.make,
        "device_model": WorklistEntry.loan._.device._.model,
        "site_name": WorklistEntry.loan._.site._.name,
        "beneficiary_id": WorklistEntry.loan.beneficiary,
        "beneficiary_reference": WorklistEntry.loan._.beneficiary._.reference,
        "beneficiary_name": WorklistEntry.loan._.beneficiary._.full_name,
        "beneficiary_phone": WorklistEntry.loan._.beneficiary._.phone,
        "accessories_missing": WorklistEntry.loan.accessories_missing,
        "social_worker_name": WorklistEntry.social_worker.username,
        # Waiting-list entries: the reservation, its beneficiary and the device that is ready.
        "reservation_id": WorklistEntry.reservation,
        "reservation_category": WorklistEntry.reservation.category,
        "waiting_id": WorklistEntry.reservation.beneficiary,
        "waiting_reference": WorklistEntry.reservation._.beneficiary._.reference,
        "waiting_name": WorklistEntry.reservation._.beneficiary._.full_name,
        "waiting_phone": WorklistEntry.reservation._.beneficiary._.phone,
        "offered_asset_tag": WorklistEntry.device.asset_tag,
        "offered_site_name": WorklistEntry.device._.site._.name,
        "offered_category": WorklistEntry.device._.category,
        "offered_make": WorklistEntry.device._.make,
        "offered_model": WorklistEntry.device._.model,
    },
)


# Documents ------------------------------------------------------------------------------------


class SiteAddress(msgspec.Struct, frozen=True):
    """Where a loan is handled, as its documents print it."""

    code: str
    name: str
    address: str


class AgreementView(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the loan agreement prints (and the return receipt, with `wiped_at`)."""

    loan: LoanRow
    beneficiary: BeneficiaryRow
    device: DeviceRow
    site: SiteAddress | None = None
    signature_png: bytes | None = None
    # The return receipt's: when the device was wiped after this return (None until then).
    wiped_at: datetime | None = None


# The reminders' outbox --------------------------------------------------------------------------


class OutboxMessage(msgspec.Struct, frozen=True, kw_only=True):
    """What sending a message of the outbox needs, whatever it is about (the sweep reads the
    row as it claimed it, the social worker it goes to or escalates to, and the device)."""

    id: int
    kind: ReminderKind
    offset_days: int
    recipient: Recipient
    status: ReminderStatus
    attempts: int
    claim_token: str | None
    social_worker_id: int
    social_worker_language: str
    social_worker_username: str
    social_worker_full_name: str
    social_worker_email: str | None
    beneficiary_reference: str
    asset_tag: str
    make: str
    model: str
    site_name: str | None


class LoanReminderRow(OutboxMessage, frozen=True, kw_only=True):
    """A reminder of a loan's schedule, with the loan, its beneficiary's channels and the site
    to return to; a letter prints it."""

    loan_id: int
    loan_status: LoanStatus
    due_on: date
    beneficiary_name: str
    beneficiary_language: str
    email: str | None
    phone: str | None
    site_address: str | None
    postal_address: str | None


LOAN_REMINDER_COLUMNS: tuple[Column, ...] = rows.select_columns(
    Reminder,
    LoanReminderRow,
    {
        "loan_id": Reminder.loan,
        "loan_status": Reminder.loan.status,
        "due_on": Reminder.loan.due_on,
        "social_worker_id": Reminder.loan.social_worker,
        "social_worker_language": Reminder.loan._.social_worker._.language,
        "social_worker_username": Reminder.loan._.social_worker._.username,
        "social_worker_full_name": Reminder.loan._.social_worker._.full_name,
        "social_worker_email": Reminder.loan._.social_worker._.email,
        "beneficiary_name": Reminder.loan._.beneficiary._.full_name,
        "beneficiary_reference": Reminder.loan._.beneficiary._.reference,
        "email": Reminder.loan._.beneficiary._.email,
        "phone": Reminder.loan._.beneficiary._.phone,
        "beneficiary_language": Reminder.loan._.beneficiary._.language,
        "asset_tag": Reminder.loan._.device._.asset_tag,
        "make": Reminder.loan._.device._.make,
        "model": Reminder.loan._.device._.model,
        "site_name": Reminder.loan._.site._.name,
        "site_address": Reminder.loan._.site._.address,
        "postal_address": Reminder.loan._.beneficiary._.postal_address,
    },
)


class OfferRow(OutboxMessage, frozen=True, kw_only=True):
    """A waiting-list match: the reservation and its social worker, and the device that is ready
    as its worklist entry names it (empty when the entry is gone)."""

    reservation_id: int
    reservation_status: ReservationStatus
    category: Category
    # Whether the match's worklist entry is still open: a settled one is not sent.
    offer_open: bool


# The match's device and whether its entry is open come from its worklist entry (read apart).
OFFER_FROM_ENTRY = ("asset_tag", "make", "model", "site_name", "offer_open")
OFFER_COLUMNS: tuple[Column, ...] = rows.select_columns(
    Reminder,
    OfferRow,
    {
        "reservation_id": Reminder.reservation,
        "reservation_status": Reminder.reservation.status,
        "category": Reminder.reservation.category,
        "social_worker_id": Reminder.reservation.social_worker,
        "social_worker_language": Reminder.reservation._.social_worker._.language,
        "social_worker_username": Reminder.reservation._.social_worker._.username,
        "social_worker_full_name": Reminder.reservation._.social_worker._.full_name,
        "social_worker_email": Reminder.reservation._.social_worker._.email,
        "beneficiary_reference": Reminder.reservation._.beneficiary._.reference,
    },
    computed=OFFER_FROM_ENTRY,
)

# A message of the outbox as the sweep sends it.
OutboxRow = LoanReminderRow | OfferRow
