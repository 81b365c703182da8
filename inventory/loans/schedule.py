"""Pure rules of loans: the reminder schedule, retry back-off, channel choice, overdue and retention."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from inventory.loans.vocabulary import (
    RECIPIENT_OF,
    Channel,
    Recipient,
    ReminderKind,
    WorklistAction,
)
from inventory.settings import ReminderSettings

# A sweep holds a claim this long. A sender that has not finished by then is presumed dead and
# another sweep may take the reminder over, so every send must end well within it (SEND_TIMEOUT).
CLAIM_LEASE = timedelta(minutes=10)
SEND_TIMEOUT_SECONDS = 30.0
# A sweep stops sending from a batch once fewer than this many seconds of its lease are left.
LEASE_MARGIN_SECONDS = SEND_TIMEOUT_SECONDS * 2
CLAIM_BATCH_SIZE = 100
# After this many transient failures in a row on one channel, a sweep takes the channel for down
# and defers its remaining reminders (unattempted) instead of waiting out a timeout for each.
CHANNEL_DOWN_AFTER = 3

# Delay before the next attempt after the n-th failed one; after the last, the sweep gives up.
RETRY_DELAYS = (
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=4),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


@dataclass(frozen=True)
class PlannedReminder:
    kind: ReminderKind
    offset_days: int
    recipient: Recipient
    due_at: datetime  # aware, UTC


def offsets(rules: ReminderSettings) -> list[tuple[ReminderKind, int]]:
    """Each reminder kind with its day relative to the due date, in the order they fall."""
    planned = [(ReminderKind.BEFORE_DUE, -rules.before_due_days), (ReminderKind.DUE_DAY, 0)]
    planned += [(ReminderKind.AFTER_DUE, days) for days in rules.after_due_days]
    planned += [
        (ReminderKind.ESCALATION, rules.escalation_days),
        (ReminderKind.DECISION, rules.decision_days),
    ]
    return sorted(planned, key=lambda pair: pair[1])


def send_moment(day: date, send_hour: int, tz: ZoneInfo) -> datetime:
    """`send_hour` o'clock local time on `day`, as a UTC instant (DST changes included)."""
    return datetime.combine(day, time(send_hour), tzinfo=tz).astimezone(UTC)


def local_today(now: datetime, tz: ZoneInfo) -> date:
    return now.astimezone(tz).date()


def plan(due_on: date, rules: ReminderSettings, tz: ZoneInfo, *, today: date) -> list[PlannedReminder]:
    """The reminders of a loan due on `due_on`, planned on `today` (a loan or a renewal).

    Only reminders falling on a later day than `today` are kept: on the day of a loan or a
    renewal the agreement has just told the beneficiary the date, and a reminder of a day
    already gone would only go out late. Of two reminders to the same recipient on the same
    day, the first in the order of `offsets` is kept.
    """
    planned = []
    seen: set[tuple[Recipient, int]] = set()
    for kind, offset_days in offsets(rules):
        day = due_on + timedelta(days=offset_days)
        # A configuration may put two reminders to the same person on one day: send one.
        if day <= today or (RECIPIENT_OF[kind], offset_days) in seen:
            continue
        seen.add((RECIPIENT_OF[kind], offset_days))
        planned.append(
            PlannedReminder(
                kind=kind,
                offset_days=offset_days,
                recipient=RECIPIENT_OF[kind],
                due_at=send_moment(day, rules.send_hour, tz),
            )
        )
    return planned


StepKey = tuple[int, str]  # (loan id, recipient)


def latest_due_steps(rows: Iterable[Mapping[str, Any]], tz: ZoneInfo) -> dict[StepKey, tuple[int, int]]:
    """For each loan and recipient, the latest step that is due: `(offset_days, id)`.

    `rows` are the loan's reminders that are due and not cancelled, each with its loan's
    current `due_on`. Steps planned for an earlier due date (before a renewal) are left out:
    only the current plan's steps supersede each other.
    """
    latest: dict[StepKey, tuple[int, int]] = {}
    for row in rows:
        if local_today(row["due_at"], tz) - timedelta(days=row["offset_days"]) != row["due_on"]:
            continue
        key = (row["loan"], row["recipient"])
        step = (row["offset_days"], row["id"])
        if key not in latest or step > latest[key]:
            latest[key] = step
    return latest


def superseded_by(
    reminder_id: int,
    loan_id: int,
    recipient: str,
    offset_days: int,
    latest: Mapping[StepKey, tuple[int, int]],
) -> int | None:
    """The reminder that goes instead of this one, when a later step to the same recipient is
    due too (a sweep after downtime): nobody gets two messages about one loan at once."""
    offset, latest_id = latest.get((loan_id, recipient), (offset_days, reminder_id))
    return latest_id if offset > offset_days else None


def choose_channel(
    recipient: Recipient,
    *,
    email: str | None,
    phone: str | None,
    smtp_configured: bool,
    sms_configured: bool,
    staff_email: str | None = None,
) -> Channel:
    """E-mail when both ends have it, else SMS when a gateway is set up, else a printed letter.

    What is meant for the social worker is e-mailed to them when they have an address (and
    SMTP is configured), else only in their worklist (where every reminder leaves an entry).
    """
    if recipient == Recipient.SOCIAL_WORKER:
        return Channel.EMAIL if staff_email and smtp_configured else Channel.WORKLIST
    if email and smtp_configured:
        return Channel.EMAIL
    if phone and sms_configured:
        return Channel.SMS
    return Channel.LETTER


def worklist_action(kind: ReminderKind, channel: Channel) -> WorklistAction:
    if kind == ReminderKind.ESCALATION:
        return WorklistAction.CONTACT_BENEFICIARY
    if kind == ReminderKind.DECISION:
        return WorklistAction.DECIDE
    if channel == Channel.LETTER:
        return WorklistAction.PRINT_LETTER
    return WorklistAction.REMINDER_SENT


def retry_at(attempts: int, now: datetime) -> datetime | None:
    """When to try again after `attempts` failed attempts; None once it is time to give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return now + RETRY_DELAYS[max(attempts, 1) - 1]


def is_overdue(status: str, due_on: date, today: date) -> bool:
    return status == "active" and due_on < today


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(f"no such month: {year}-{month}")
