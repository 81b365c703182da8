"""After downtime, a sweep sends one message per loan: the latest due step; the earlier ones are
recorded as skipped, with the reason and the reminder that went instead."""

from __future__ import annotations

from datetime import timedelta

from inventory.loans import reminders
from inventory.loans.tables import Reminder, WorklistEntry
from tests.loans.loan_steps import lend, local_moment, local_today, register

LOANS = 6


async def test_a_sweep_after_45_days_of_downtime_sends_one_message_per_loan(client, auth, mail) -> None:
    sw = auth.social_worker
    loans = []
    for n in range(LOANS):
        # Half by e-mail, half by printed letter: each channel gets one message per loan.
        email = f"p{n}@example.org" if n % 2 == 0 else None
        person = await register(client, sw, full_name=f"Personne {n}", **({"email": email} if email else {}))
        loans.append(await lend(client, sw, auth.technician, beneficiary=person, due_in_days=10))

    report = await reminders.sweep(local_moment(local_today() + timedelta(days=45)), batch_size=4)

    assert report.sent_by_channel() == {
        "email": LOANS // 2,
        "sms": 0,
        "letter": LOANS // 2,
        "worklist": LOANS,
    }
    assert report.skipped == 3 * LOANS and report.failed == 0
    assert sorted(message.recipients[0] for message in mail.received) == [
        f"p{n}@example.org" for n in (0, 2, 4)
    ]
    for loan in loans:
        rows = {row["kind"]: row for row in await Reminder.select().where(Reminder.loan == loan["id"])}
        assert {kind: row["status"] for kind, row in rows.items()} == {
            "before_due": "skipped",
            "due_day": "skipped",
            "after_due": "sent",
            "escalation": "skipped",
            "decision": "sent",
        }
        for kind, instead in (
            ("before_due", "after_due"),
            ("due_day", "after_due"),
            ("escalation", "decision"),
        ):
            assert rows[kind]["skip_reason"] == "superseded"
            assert rows[kind]["superseded_by"] == rows[instead]["id"]
            assert rows[kind]["sent_at"] is None and rows[kind]["next_attempt_at"] is None
        # The API shows the skipped ones with their reason.
        listed = (await client.get(f"/api/v1/loans/{loan['id']}/reminders", headers=sw)).json()["items"]
        skipped = [item for item in listed if item["status"] == "skipped"]
        assert len(skipped) == 3 and all(item["skip_reason"] == "superseded" for item in skipped)
    # One worklist line per message: the letter or e-mail, and the decision to take.
    assert await WorklistEntry.count() == 2 * LOANS
    actions = sorted(row["action"] for row in await WorklistEntry.select(WorklistEntry.action))
    assert actions == sorted(["decide"] * LOANS + ["reminder_sent"] * 3 + ["print_letter"] * 3)
    # The next sweep has nothing left to send or skip.
    again = await reminders.sweep(local_moment(local_today() + timedelta(days=45), 10))
    assert again.total_sent == 0 and again.skipped == 0


async def test_the_loan_page_shows_a_skipped_reminder_and_why(client, auth, mail) -> None:
    from tests.web.test_web_http import signed_in

    sw = auth.social_worker
    loan = await lend(client, sw, auth.technician, due_in_days=10)
    await reminders.sweep(local_moment(local_today() + timedelta(days=15)))
    await signed_in(client, sw)
    page = await client.get(f"/loans/{loan['id']}")
    assert page.status_code == 200
    assert page.text.count("Sauté") == 2
    assert "a été envoyé à sa place" in page.text


async def test_steps_due_on_different_sweeps_each_go_out(client, auth, mail) -> None:
    """Without downtime nothing is skipped: each step on its own day."""
    sw = auth.social_worker
    person = await register(client, sw, email="daily@example.org")
    await lend(client, sw, auth.technician, beneficiary=person, due_in_days=10)
    for offset in (3, 10, 13, 20, 40):
        report = await reminders.sweep(local_moment(local_today() + timedelta(days=offset)))
        assert report.total_sent == 1 and report.skipped == 0
    assert len(mail.received) == 3
