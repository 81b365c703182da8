"""The pure rules of reminders: schedule in local time, channel choice, back-off, months."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from inventory.loans.schedule import (
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    add_months,
    choose_channel,
    is_overdue,
    plan,
    retry_at,
    worklist_action,
)
from inventory.loans.vocabulary import Channel, Recipient, ReminderKind, WorklistAction
from inventory.settings import ReminderSettings

BRUSSELS = ZoneInfo("Europe/Brussels")
RULES = ReminderSettings()


def test_the_default_schedule_of_product_md() -> None:
    planned = plan(date(2026, 12, 15), RULES, BRUSSELS, today=date(2026, 11, 1))
    assert [(p.kind, p.offset_days, p.recipient) for p in planned] == [
        (ReminderKind.BEFORE_DUE, -7, Recipient.BENEFICIARY),
        (ReminderKind.DUE_DAY, 0, Recipient.BENEFICIARY),
        (ReminderKind.AFTER_DUE, 3, Recipient.BENEFICIARY),
        (ReminderKind.ESCALATION, 10, Recipient.SOCIAL_WORKER),
        (ReminderKind.DECISION, 30, Recipient.SOCIAL_WORKER),
    ]
    # 09:00 in Brussels: 08:00 UTC in winter.
    assert planned[0].due_at == datetime(2026, 12, 8, 8, 0, tzinfo=UTC)


def test_reminders_are_due_at_the_local_send_hour_across_daylight_saving_changes() -> None:
    # Due on 1 April 2027: 7 days before is in winter time, the due day in summer time.
    planned = plan(date(2027, 4, 1), RULES, BRUSSELS, today=date(2027, 3, 1))
    assert planned[0].due_at == datetime(2027, 3, 25, 8, 0, tzinfo=UTC)
    assert planned[1].due_at == datetime(2027, 4, 1, 7, 0, tzinfo=UTC)
    assert all(p.due_at.astimezone(BRUSSELS).hour == 9 for p in planned)


def test_a_configured_schedule_and_send_hour() -> None:
    rules = ReminderSettings(
        before_due_days=2, after_due_days=(1, 5), escalation_days=14, decision_days=45, send_hour=17
    )
    planned = plan(date(2026, 6, 10), rules, BRUSSELS, today=date(2026, 6, 1))
    assert [(p.kind, p.offset_days) for p in planned] == [
        (ReminderKind.BEFORE_DUE, -2),
        (ReminderKind.DUE_DAY, 0),
        (ReminderKind.AFTER_DUE, 1),
        (ReminderKind.AFTER_DUE, 5),
        (ReminderKind.ESCALATION, 14),
        (ReminderKind.DECISION, 45),
    ]
    assert planned[0].due_at.astimezone(BRUSSELS) == datetime(2026, 6, 8, 17, 0, tzinfo=BRUSSELS)


@pytest.mark.parametrize(
    ("due_in", "kinds"),
    [
        (8, ["before_due", "due_day", "after_due", "escalation", "decision"]),
        (7, ["due_day", "after_due", "escalation", "decision"]),
        (1, ["due_day", "after_due", "escalation", "decision"]),
    ],
)
def test_reminders_on_or_before_the_planning_day_are_left_out(due_in, kinds) -> None:
    today = date(2026, 11, 22)
    planned = plan(today + timedelta(days=due_in), RULES, BRUSSELS, today=today)
    assert [p.kind.value for p in planned] == kinds


@pytest.mark.parametrize(
    ("recipient", "email", "phone", "smtp", "sms", "channel"),
    [
        (Recipient.BENEFICIARY, "a@b.be", "0470", True, True, Channel.EMAIL),
        (Recipient.BENEFICIARY, "a@b.be", "0470", False, True, Channel.SMS),
        (Recipient.BENEFICIARY, "a@b.be", None, False, True, Channel.LETTER),
        (Recipient.BENEFICIARY, None, "0470", True, False, Channel.LETTER),
        (Recipient.BENEFICIARY, None, None, True, True, Channel.LETTER),
        (Recipient.SOCIAL_WORKER, "a@b.be", "0470", True, True, Channel.WORKLIST),
    ],
)
def test_the_channel_of_a_reminder(recipient, email, phone, smtp, sms, channel) -> None:
    assert (
        choose_channel(recipient, email=email, phone=phone, smtp_configured=smtp, sms_configured=sms)
        == channel
    )


def test_worklist_actions() -> None:
    assert worklist_action(ReminderKind.BEFORE_DUE, Channel.LETTER) == WorklistAction.PRINT_LETTER
    assert worklist_action(ReminderKind.DUE_DAY, Channel.EMAIL) == WorklistAction.REMINDER_SENT
    assert worklist_action(ReminderKind.ESCALATION, Channel.WORKLIST) == WorklistAction.CONTACT_BENEFICIARY
    assert worklist_action(ReminderKind.DECISION, Channel.WORKLIST) == WorklistAction.DECIDE


def test_back_off_grows_then_gives_up() -> None:
    now = datetime(2026, 12, 1, 8, tzinfo=UTC)
    delays = [retry_at(attempt, now) - now for attempt in range(1, MAX_ATTEMPTS)]
    assert delays == list(RETRY_DELAYS)
    assert delays == sorted(delays)
    assert retry_at(MAX_ATTEMPTS, now) is None


def test_overdue_is_active_and_past_the_due_day() -> None:
    assert is_overdue("active", date(2026, 11, 21), date(2026, 11, 22))
    assert not is_overdue("active", date(2026, 11, 22), date(2026, 11, 22))
    assert not is_overdue("returned", date(2026, 11, 1), date(2026, 11, 22))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 22), 24, date(2028, 11, 22)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -13, date(2024, 12, 15)),
    ],
)
def test_add_months(day, months, expected) -> None:
    assert add_months(day, months) == expected


def test_two_reminders_to_one_person_on_one_day_are_sent_once() -> None:
    rules = ReminderSettings(before_due_days=0, after_due_days=(0, 10), escalation_days=10, decision_days=30)
    planned = plan(date(2026, 12, 15), rules, BRUSSELS, today=date(2026, 12, 1))
    assert [(p.kind.value, p.offset_days) for p in planned] == [
        ("before_due", 0),
        ("after_due", 10),
        ("escalation", 10),
        ("decision", 30),
    ]
