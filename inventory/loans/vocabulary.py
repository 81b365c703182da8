"""Enumerations of the loan domain, shared by tables, schemas, documents and the sweep."""

from enum import StrEnum

from inventory.errors import N_


class Language(StrEnum):
    FR = "fr"
    NL = "nl"
    EN = "en"


class LoanStatus(StrEnum):
    ACTIVE = "active"
    RETURNED = "returned"
    LOST = "lost"


class LoanFilter(StrEnum):
    """What `GET /loans?status=` accepts: the stored statuses plus `overdue` (active, past due)."""

    ACTIVE = "active"
    OVERDUE = "overdue"
    RETURNED = "returned"
    LOST = "lost"


class ReturnCondition(StrEnum):
    GOOD = "good"
    DAMAGED = "damaged"
    INCOMPLETE = "incomplete"


RETURN_CONDITION_NAMES: dict[str, str] = {
    ReturnCondition.GOOD: N_("Good condition"),
    ReturnCondition.DAMAGED: N_("Damaged"),
    ReturnCondition.INCOMPLETE: N_("Incomplete"),
}


class ReminderKind(StrEnum):
    BEFORE_DUE = "before_due"
    DUE_DAY = "due_day"
    AFTER_DUE = "after_due"
    ESCALATION = "escalation"
    DECISION = "decision"


class Recipient(StrEnum):
    BENEFICIARY = "beneficiary"
    SOCIAL_WORKER = "social_worker"


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    LETTER = "letter"
    # Escalations and decisions: only the social worker's worklist (users have no e-mail address).
    WORKLIST = "worklist"


class ReminderStatus(StrEnum):
    SCHEDULED = "scheduled"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"
    # Never sent: a later step of the same loan to the same recipient was due in the same
    # sweep (after downtime) and went instead; `skip_reason` and `superseded_by` say which.
    SKIPPED = "skipped"


REMINDER_STATUS_NAMES: dict[str, str] = {
    ReminderStatus.SCHEDULED: N_("Scheduled"),
    ReminderStatus.SENDING: N_("Sending"),
    ReminderStatus.SENT: N_("Sent"),
    ReminderStatus.FAILED: N_("Failed"),
    ReminderStatus.CANCELLED: N_("Cancelled"),
    ReminderStatus.SKIPPED: N_("Skipped"),
}


class SkipReason(StrEnum):
    SUPERSEDED = "superseded"


SKIP_REASON_NAMES: dict[str, str] = {
    SkipReason.SUPERSEDED: N_("a later reminder of this loan was due at the same time and was sent instead"),
}


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
}


class ReservationStatus(StrEnum):
    WAITING = "waiting"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"


RESERVATION_STATUS_NAMES: dict[str, str] = {
    ReservationStatus.WAITING: N_("Waiting"),
    ReservationStatus.FULFILLED: N_("Fulfilled"),
    ReservationStatus.CANCELLED: N_("Cancelled"),
}


class LoanEventAction(StrEnum):
    LEND = "lend"
    EDIT = "edit"
    SIGN = "sign"
    RENEW = "renew"
    RETURN = "return"
    REPORT_LOST = "report_lost"


LOAN_EVENT_NAMES: dict[str, str] = {
    LoanEventAction.LEND: N_("Lent"),
    LoanEventAction.EDIT: N_("Edited"),
    LoanEventAction.SIGN: N_("Signed at the desk"),
    LoanEventAction.RENEW: N_("Renewed"),
    LoanEventAction.RETURN: N_("Returned"),
    LoanEventAction.REPORT_LOST: N_("Reported lost"),
}
