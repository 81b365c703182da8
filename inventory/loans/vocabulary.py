"""Enumerations of the loan domain, shared by tables, schemas, documents and the sweep."""

from enum import StrEnum

from inventory.errors import N_

# The beneficiary's language is one of the languages of inventory.i18n, re-exported here.
from inventory.i18n import Language as Language
from inventory.terms import Term


class LoanStatus(Term):
    ACTIVE = "active", N_("Active"), "amber"
    RETURNED = "returned", N_("Returned"), "green"
    LOST = "lost", N_("Lost"), "grey"

    @property
    def open(self) -> bool:
        """The device is still with the beneficiary: it can be returned, renewed or reported lost."""
        return self is LoanStatus.ACTIVE


class LoanFilter(StrEnum):
    """What `GET /loans?status=` accepts: the stored statuses plus `overdue` (active, past due)."""

    ACTIVE = "active"
    OVERDUE = "overdue"
    RETURNED = "returned"
    LOST = "lost"


class ReturnCondition(Term):
    GOOD = "good", N_("Good condition")
    DAMAGED = "damaged", N_("Damaged")
    INCOMPLETE = "incomplete", N_("Incomplete")

    @property
    def needs_attention(self) -> bool:
        """Damaged or incomplete: the return's result line warns rather than reassures."""
        return self is not ReturnCondition.GOOD


class ReminderKind(Term):
    BEFORE_DUE = "before_due", N_("Before the due date")
    DUE_DAY = "due_day", N_("On the due date")
    AFTER_DUE = "after_due", N_("After the due date")
    ESCALATION = "escalation", N_("Escalation")
    DECISION = "decision", N_("Decision to take")
    # Not of a loan's schedule: a device is ready for the social worker's waiting beneficiary.
    DEVICE_AVAILABLE = "device_available", N_("Device ready for the waiting list")


class Recipient(StrEnum):
    BENEFICIARY = "beneficiary"
    SOCIAL_WORKER = "social_worker"


class Channel(Term):
    EMAIL = "email", N_("E-mail")
    SMS = "sms", N_("SMS")
    LETTER = "letter", N_("Letter")
    # Only the social worker's worklist (escalations and decisions when they have no e-mail).
    WORKLIST = "worklist", N_("Worklist")


class ReminderStatus(Term):
    SCHEDULED = "scheduled", N_("Scheduled")
    SENDING = "sending", N_("Sending")
    SENT = "sent", N_("Sent")
    FAILED = "failed", N_("Failed")
    CANCELLED = "cancelled", N_("Cancelled")
    # Never sent: a later step of the same loan to the same recipient was due in the same
    # sweep (after downtime) and went instead; `skip_reason` and `superseded_by` say which.
    SKIPPED = "skipped", N_("Skipped")


class SkipReason(Term):
    SUPERSEDED = (
        "superseded",
        N_("a later reminder of this loan was due at the same time and was sent instead"),
    )


class WorklistAction(StrEnum):
    """What the social worker is asked to do about a worklist entry."""

    REMINDER_SENT = "reminder_sent"  # e-mail or SMS went out: follow up if nothing comes back
    PRINT_LETTER = "print_letter"  # print the letter from the batch and hand it over or post it
    CONTACT_BENEFICIARY = "contact_beneficiary"  # escalation: the device is 10 days late
    DECIDE = "decide"  # renew, recover or report lost
    DELIVERY_FAILED = "delivery_failed"  # the reminder could not be delivered: reach them otherwise
    ACCESSORIES_MISSING = "accessories_missing"  # returned without some accessories: recover them
    DEVICE_AVAILABLE = "device_available"  # a device for their waiting beneficiary is ready


RECIPIENT_OF: dict[ReminderKind, Recipient] = {
    ReminderKind.BEFORE_DUE: Recipient.BENEFICIARY,
    ReminderKind.DUE_DAY: Recipient.BENEFICIARY,
    ReminderKind.AFTER_DUE: Recipient.BENEFICIARY,
    ReminderKind.ESCALATION: Recipient.SOCIAL_WORKER,
    ReminderKind.DECISION: Recipient.SOCIAL_WORKER,
    ReminderKind.DEVICE_AVAILABLE: Recipient.SOCIAL_WORKER,
}


class Reason(Term):
    """Why the loans domain refuses something: the code callers match on, and the one
    sentence people read (the API's detail, translated on pages)."""

    LOAN_CLOSED = "loan_closed", N_("This loan is already closed.")
    NOT_AFTER_CURRENT_DUE_DATE = (
        "not_after_current_due_date",
        N_("Choose a date after the current due date, %(due_on)s."),
    )


class ReservationStatus(Term):
    WAITING = "waiting", N_("Waiting"), "amber"
    FULFILLED = "fulfilled", N_("Fulfilled"), "green"
    CANCELLED = "cancelled", N_("Cancelled"), "grey"


class LoanEventAction(Term):
    """A line of a loan's history (the `loan_event` table)."""

    LEND = "lend", N_("Lent")
    EDIT = "edit", N_("Edited")
    SIGN = "sign", N_("Signed at the desk")
    RENEW = "renew", N_("Renewed")
    RETURN = "return", N_("Returned")
    REPORT_LOST = "report_lost", N_("Reported lost")
