"""Beneficiaries, loans, their reminders (the source of truth for what is sent) and the worklist."""

from piccolo.columns import (
    JSON,
    Bytea,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from inventory.accounts.tables import User
from inventory.devices.tables import Device
from inventory.devices.vocabulary import Category
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
from inventory.sites.tables import Site


class Beneficiary(Table):
    """Only what a loan needs (docs/product.md); personal fields are blanked after the retention period."""

    id: Serial  # Piccolo's implicit primary key, declared for the type checker

    reference = Varchar(length=20, unique=True)
    full_name = Varchar(length=200)
    # Case- and accent-folded name that searches compare against ("Çağrı" is found as "cagri").
    search_key = Varchar(length=200, default="")
    phone = Varchar(length=40, null=True, default=None)
    email = Varchar(length=254, null=True, default=None)
    language = Varchar(length=2, choices=Language, default=Language.FR)
    site = ForeignKey(references=Site, null=True, default=None, on_delete=OnDelete.restrict)
    # The social worker who referred them; escalations go to the loan's social worker.
    social_worker = ForeignKey(references=User, null=True, default=None, on_delete=OnDelete.restrict)
    consent_recorded_on = Date()
    # Optional: letters go to it when set, else "c/o" the site (cleared by anonymisation).
    postal_address = Text(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    anonymised_at = Timestamptz(null=True, default=None)


class Loan(Table):
    """A device lent to a beneficiary. A partial unique index keeps one active loan per device."""

    id: Serial  # Piccolo's implicit primary key, declared for the type checker

    device = ForeignKey(references=Device, null=False, index=True, on_delete=OnDelete.restrict)
    beneficiary = ForeignKey(references=Beneficiary, null=False, index=True, on_delete=OnDelete.restrict)
    social_worker = ForeignKey(references=User, null=False, index=True, on_delete=OnDelete.restrict)
    site = ForeignKey(references=Site, null=True, default=None, on_delete=OnDelete.restrict)
    starts_on = Date()
    due_on = Date()
    # Accessory kinds lent (codes of inventory/loans/accessories.py), and free text naming none.
    accessories = JSON(default="[]")
    accessories_other = JSON(default="[]")
    # On return: the kinds that came back (NULL until returned) and those that did not.
    accessories_returned = JSON(null=True, default=None)
    accessories_missing = JSON(default="[]")
    # The beneficiary's signature drawn at the desk (PNG), printed on the agreement.
    signature_png = Bytea(null=True, default=None)
    signed_at = Timestamptz(null=True, default=None)
    status = Varchar(length=10, choices=LoanStatus, default=LoanStatus.ACTIVE, index=True)
    renewals = Integer(default=0)
    # [{"from": "2026-12-01", "to": "2027-01-15", "at": ..., "by": "sw"}], oldest first.
    renewal_history = JSON(default="[]")
    return_condition = Varchar(length=12, choices=ReturnCondition, null=True, default=None)
    notes = Text(default="")
    closing_notes = Text(default="")
    closed_at = Timestamptz(null=True, default=None)
    # The local date the loan ended: the retention period of the beneficiary counts from it.
    closed_on = Date(null=True, default=None)
    # A lost device found afterwards: the loan stays `lost`; this is the local day it was found.
    found_on = Date(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class Reservation(Table):
    """A place on the waiting list for a device of a category (at a site, or anywhere).

    The position is not stored: it is the rank among the waiting reservations of the same
    category and site by id, so a cancellation moves the ones behind up. Adding takes the
    queue's counter row first, so two additions to one queue are serialised and get distinct
    positions.
    """

    id: Serial  # Piccolo's implicit primary key, declared for the type checker
    beneficiary = ForeignKey(references=Beneficiary, null=False, index=True, on_delete=OnDelete.restrict)
    category = Varchar(length=20, choices=Category)
    site = ForeignKey(references=Site, null=True, default=None, on_delete=OnDelete.restrict)
    # Who is told when a device is ready: the beneficiary's social worker, else who added them.
    social_worker = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    status = Varchar(length=12, choices=ReservationStatus, default=ReservationStatus.WAITING)
    needed_by = Date(null=True, default=None)
    notes = Text(default="")
    requested_at = Timestamptz()
    requested_by = Varchar(length=64, default="")
    closed_at = Timestamptz(null=True, default=None)
    closed_by = Varchar(length=64, default="")
    cancel_reason = Text(default="")
    loan = ForeignKey(references=Loan, null=True, default=None, unique=True, on_delete=OnDelete.restrict)
    updated_at = Timestamptz()


class Reminder(Table, tablename="loan_reminder"):
    """One message of the outbox: a reminder of a loan's schedule, or the news to a social
    worker that a device is ready for their waiting beneficiary (`reservation`, no loan).
    Exactly one of `loan` and `reservation` is set (a CHECK constraint of the migration
    loans_2026_12_07t07_01_11 says so to the database).

    `next_attempt_at` is when a sweep may next claim the row: the due time while scheduled, the
    end of the lease while a sweep is sending it, the back-off time after a failure, and NULL
    once it is sent, cancelled or given up. A partial index on it is the sweep's whole query.
    """

    id: Serial  # Piccolo's implicit primary key, declared for the type checker

    loan = ForeignKey(references=Loan, null=True, default=None, index=True, on_delete=OnDelete.restrict)
    kind = Varchar(length=20, choices=ReminderKind)
    offset_days = Integer()
    recipient = Varchar(length=20, choices=Recipient)
    # Planned when scheduled; replaced by the channel actually used when it is sent.
    channel = Varchar(length=10, choices=Channel)
    language = Varchar(length=2, default="")
    due_at = Timestamptz()
    status = Varchar(length=10, choices=ReminderStatus, default=ReminderStatus.SCHEDULED)
    next_attempt_at = Timestamptz(null=True, default=None)
    attempts = Integer(default=0)
    claim_token = Varchar(length=32, null=True, default=None)
    claimed_at = Timestamptz(null=True, default=None)
    sent_at = Timestamptz(null=True, default=None)
    cancelled_at = Timestamptz(null=True, default=None)
    last_error = Text(default="")
    # Why a `skipped` reminder was not sent, and the reminder (of the same loan) sent instead.
    skip_reason = Varchar(length=20, choices=SkipReason, null=True, default=None)
    superseded_by = Integer(null=True, default=None)
    created_at = Timestamptz()
    # A waiting-list match: its worklist entry (`WorklistEntry.reminder`) names the device.
    reservation = ForeignKey(
        references=Reservation,
        null=True,
        default=None,
        index=True,
        on_delete=OnDelete.restrict,
    )


class LoanEvent(Table, tablename="loan_event"):
    """A loan's history, append-only: lent, edited (accessories, notes), renewed, returned, lost."""

    id: Serial  # Piccolo's implicit primary key, declared for the type checker

    loan = ForeignKey(references=Loan, null=False, index=True, on_delete=OnDelete.restrict)
    action = Varchar(length=20, choices=LoanEventAction)
    actor = Varchar(length=64, default="")
    actor_id = Integer(null=True, default=None)
    at = Timestamptz()
    # {"before": {...}, "after": {...}} for an edit; what the action recorded otherwise.
    data = JSON(default="{}")


class WorklistEntry(Table, tablename="worklist_entry"):
    """Something a social worker must act on: a loan's reminder, accessories missing on a
    return, or a device ready for the first person on a waiting list (`reservation`, `device`)."""

    id: Serial  # Piccolo's implicit primary key, declared for the type checker
    loan = ForeignKey(references=Loan, null=True, default=None, index=True, on_delete=OnDelete.restrict)
    reminder = ForeignKey(
        references=Reminder, null=True, default=None, unique=True, on_delete=OnDelete.restrict
    )
    social_worker = ForeignKey(references=User, null=False, on_delete=OnDelete.restrict)
    action = Varchar(length=30, choices=WorklistAction)
    kind = Varchar(length=20, choices=ReminderKind)
    channel = Varchar(length=10, choices=Channel)
    created_at = Timestamptz()
    done_at = Timestamptz(null=True, default=None)
    done_by = Varchar(length=64, default="")
    # "done" (ticked by a person), "returned", "lost" or "renewed" (closed by the loan's outcome),
    # "fulfilled" or "cancelled" (closed by the reservation's outcome).
    resolution = Varchar(length=20, default="")
    reservation = ForeignKey(
        references=Reservation, null=True, default=None, index=True, on_delete=OnDelete.restrict
    )
    device = ForeignKey(references=Device, null=True, default=None, on_delete=OnDelete.restrict)
