"""The reminder schedule over a simulated month: sweeps at chosen times, e-mails read back from a real
SMTP server, letters and worklist entries, return and renewal, failures, retries and stale claims."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from inventory.accounts.tables import User
from inventory.documents import format_day
from inventory.loans import reminders, schedule
from inventory.loans.schemas import WorklistItem
from inventory.loans.tables import Reminder, WorklistEntry
from inventory.settings import get_settings, use_settings
from tests.live_server import free_port
from tests.loans.loan_steps import lend, local_moment, local_today, register


def day(offset: int):
    return local_today() + timedelta(days=offset)


async def sweep_at(offset_days: int, hour: int = 9, minute: int = 0, **options) -> reminders.SweepReport:
    return await reminders.sweep(local_moment(day(offset_days), hour, minute), **options)


async def statuses(loan_id: int) -> list[tuple[str, str, str]]:
    rows = (
        await Reminder.select(Reminder.kind, Reminder.status, Reminder.channel)
        .where(Reminder.loan == loan_id)
        .order_by(Reminder.due_at, Reminder.id)
    )
    return [(row["kind"], row["status"], row["channel"]) for row in rows]


async def test_each_reminder_goes_out_once_on_its_day_across_a_month(client, auth, mail) -> None:
    sw = auth.social_worker
    anna = await register(client, sw, full_name="Anna De Smet", language="nl", email="anna@example.org")
    omar = await register(client, sw, full_name="Omar Benali", language="en")
    by_mail = await lend(client, sw, auth.technician, due_in_days=10, beneficiary=anna)
    by_letter = await lend(client, sw, auth.technician, due_in_days=10, beneficiary=omar)

    # Nothing is due until the 7-days-before reminder, at the send hour of day 3.
    assert (await sweep_at(0)).total_sent == 0
    assert (await sweep_at(3, hour=8, minute=59)).total_sent == 0
    first = await sweep_at(3)
    assert first.sent_by_channel() == {"email": 1, "sms": 0, "letter": 1, "worklist": 0}
    # The same moment swept again sends nothing more: each reminder exactly once.
    assert (await sweep_at(3, minute=30)).total_sent == 0
    assert len(mail.received) == 1
    message = mail.received[0]
    assert message.recipients == ["anna@example.org"]
    assert message.mail_from == "relais@cpas.example"
    assert message.message["From"] == "CPAS Test <relais@cpas.example>"
    assert message.language == "nl"
    assert (
        message.subject
        == f"Herinnering: breng de Dell Latitude 5490 uiterlijk op {format_day(day(10), 'nl')} terug"
    )
    assert "Beste Anna De Smet," in message.body
    assert by_mail["asset_tag"] in message.body
    assert message.message["Message-ID"].startswith("<reminder-")

    assert (await sweep_at(10)).sent_by_channel()["email"] == 1
    assert mail.received[-1].subject == "De Dell Latitude 5490 moet vandaag terug"
    assert (await sweep_at(13)).sent_by_channel()["email"] == 1
    assert mail.received[-1].subject == "De Dell Latitude 5490 is niet teruggebracht"
    escalation = await sweep_at(20)
    assert escalation.sent_by_channel() == {"email": 0, "sms": 0, "letter": 0, "worklist": 2}
    assert (await sweep_at(25)).total_sent == 0
    assert (await sweep_at(40)).sent_by_channel()["worklist"] == 2
    assert (await sweep_at(70)).total_sent == 0
    assert len(mail.received) == 3

    for loan, channel in ((by_mail, "email"), (by_letter, "letter")):
        assert await statuses(loan["id"]) == [
            ("before_due", "sent", channel),
            ("due_day", "sent", channel),
            ("after_due", "sent", channel),
            ("escalation", "sent", "worklist"),
            ("decision", "sent", "worklist"),
        ]
    # Every reminder left exactly one worklist entry, for the loan's social worker.
    assert await WorklistEntry.count() == 10
    assert (
        await WorklistEntry.count().where(WorklistEntry.social_worker == auth.users["social_worker"]["id"])
        == 10
    )
    listed = (await client.get(f"/api/v1/loans/{by_mail['id']}/reminders", headers=sw)).json()["items"]
    assert all(item["sent_at"] for item in listed)
    assert datetime.fromisoformat(listed[0]["due_at"]) == local_moment(day(3))


async def test_escalations_speak_the_social_workers_language(client, auth, mail) -> None:
    await User.update({User.language: "nl"}).where(User.id == auth.users["social_worker"]["id"])
    sw = auth.social_worker
    beneficiary = await register(client, sw, language="fr", email="lukasz@example.org")
    loan = await lend(client, sw, auth.technician, due_in_days=10, beneficiary=beneficiary)
    await sweep_at(3)
    assert mail.received[0].language == "fr"
    assert mail.received[0].subject.startswith("Rappel\u202f: merci de rendre le Dell Latitude 5490")
    await sweep_at(20)
    rows = await Reminder.select(Reminder.kind, Reminder.language).where(Reminder.loan == loan["id"])
    assert {row["kind"]: row["language"] for row in rows}["escalation"] == "nl"
    # The social worker logs in again: the token carries their language.
    from tests.conftest import token_headers

    dutch = await token_headers({**auth.users["social_worker"], "language": "nl"})
    items = (await client.get("/api/v1/worklist", headers=dutch)).json()["items"]
    # Day 3's reminder, day 13's (the due day's, missed until day 20 with it, was skipped for
    # it), and the escalation.
    assert [item["action"] for item in items] == ["reminder_sent"] * 2 + ["contact_beneficiary"]
    escalation = items[-1]
    assert set(escalation) == set(WorklistItem.__struct_fields__)
    assert escalation["social_worker"] == "sw"
    assert escalation["message"] == "Het toestel is 10 dagen te laat: neem contact op met de begunstigde."
    assert items[0]["message"] == "Er werd een herinnering verstuurd per e-mail."
    assert escalation["beneficiary_reference"] == beneficiary["reference"]
    assert escalation["beneficiary_name"] == "Łukasz Wójcik"
    assert escalation["asset_tag"] == loan["asset_tag"]


async def test_reminders_missed_while_no_sweep_ran_send_only_the_latest_step(client, auth, mail) -> None:
    loan = await lend(
        client,
        auth.social_worker,
        auth.technician,
        due_in_days=10,
        beneficiary=await register(client, auth.social_worker, email="late@example.org"),
    )
    # The service was down from day 1 to day 15: the next sweep finds three reminders due, and
    # sends the latest (3 days late) only.
    report = await sweep_at(15)
    assert report.sent_by_channel()["email"] == 1 and report.skipped == 2
    assert (await sweep_at(15, minute=5)).total_sent == 0
    assert (await sweep_at(16)).total_sent == 0
    assert [s for _, s, _ in await statuses(loan["id"])] == [
        "skipped",
        "skipped",
        "sent",
        "scheduled",
        "scheduled",
    ]
    assert len(mail.received) == 1
    assert mail.received[0].subject.startswith("Le Dell Latitude 5490 n")


async def test_a_return_cancels_the_remaining_reminders(client, auth, mail) -> None:
    sw = auth.social_worker
    loan = await lend(
        client,
        sw,
        auth.technician,
        due_in_days=10,
        beneficiary=await register(client, sw, email="x@example.org"),
    )
    await sweep_at(3)
    response = await client.post(f"/api/v1/loans/{loan['id']}/return", json={"condition": "good"}, headers=sw)
    assert response.status_code == 200
    assert (await sweep_at(60)).total_sent == 0
    assert [s for _, s, _ in await statuses(loan["id"])] == [
        "sent",
        "cancelled",
        "cancelled",
        "cancelled",
        "cancelled",
    ]
    assert len(mail.received) == 1
    # The return settled what the reminder had put in the worklist.
    assert (await client.get("/api/v1/worklist", headers=sw)).json()["items"] == []


async def test_a_renewal_reschedules_the_reminders_for_the_new_date(client, auth, mail) -> None:
    sw = auth.social_worker
    loan = await lend(
        client,
        sw,
        auth.technician,
        due_in_days=10,
        beneficiary=await register(client, sw, email="r@example.org"),
    )
    await sweep_at(3)
    renewed = await client.post(
        f"/api/v1/loans/{loan['id']}/renew", json={"due_on": day(40).isoformat()}, headers=sw
    )
    assert renewed.status_code == 200, renewed.text
    # The old due day passes quietly; the new schedule counts from day 40.
    assert (await sweep_at(10)).total_sent == 0
    assert (await sweep_at(32)).total_sent == 0
    assert (await sweep_at(33)).sent_by_channel()["email"] == 1
    assert mail.received[-1].subject.endswith(f"au plus tard le {format_day(day(40), 'fr')}")
    listed = (await client.get(f"/api/v1/loans/{loan['id']}/reminders", headers=sw)).json()["items"]
    by_status: dict[str, list[tuple[str, object]]] = {}
    for item in listed:
        local_day = datetime.fromisoformat(item["due_at"]).astimezone(get_settings().tz).date()
        by_status.setdefault(item["status"], []).append((item["kind"], (local_day - local_today()).days))
    assert by_status == {
        "sent": [("before_due", 3), ("before_due", 33)],
        "cancelled": [("due_day", 10), ("after_due", 13), ("escalation", 20), ("decision", 40)],
        "scheduled": [("due_day", 40), ("after_due", 43), ("escalation", 50), ("decision", 70)],
    }


async def test_a_loan_due_soon_skips_reminders_that_would_fall_on_or_before_its_first_day(
    client, auth
) -> None:
    loan = await lend(client, auth.social_worker, auth.technician, due_in_days=5)
    kinds = [kind for kind, _, _ in await statuses(loan["id"])]
    assert kinds == ["due_day", "after_due", "escalation", "decision"]


async def test_a_failed_send_is_retried_with_back_off_and_shows_its_error(client, auth, mail) -> None:
    sw = auth.social_worker
    working = get_settings()
    use_settings(working.with_overrides(smtp_url=f"smtp://127.0.0.1:{free_port()}"))  # nobody listens
    loan = await lend(
        client,
        sw,
        auth.technician,
        due_in_days=10,
        beneficiary=await register(client, sw, email="f@example.org"),
    )
    report = await sweep_at(3)
    assert (report.failed, report.total_sent) == (1, 0)
    listed = (await client.get(f"/api/v1/loans/{loan['id']}/reminders", headers=sw)).json()["items"]
    failed = listed[0]
    assert (failed["status"], failed["attempts"], failed["channel"]) == ("failed", 1, "email")
    assert "SMTPConnect" in failed["last_error"]
    assert failed["next_attempt_at"] is not None
    # Not before its back-off has passed, then once the mail server is back.
    assert (await sweep_at(3, minute=4)).failed == 0
    use_settings(working)
    retried = await sweep_at(3, minute=6)
    assert retried.sent_by_channel()["email"] == 1
    assert len(mail.received) == 1
    row = await Reminder.select().where(Reminder.id == failed["id"]).first()
    assert (row["status"], row["attempts"], row["last_error"]) == ("sent", 2, "")


async def test_a_refused_address_is_given_up_at_once_and_put_in_the_worklist(client, auth, mail) -> None:
    mail.sink.refuse.add("nobody@example.org")
    sw = auth.social_worker
    loan = await lend(
        client,
        sw,
        auth.technician,
        due_in_days=10,
        beneficiary=await register(client, sw, email="nobody@example.org"),
    )
    report = await sweep_at(3)
    assert (report.failed, report.gave_up) == (1, 1)
    row = await Reminder.select().where(Reminder.loan == loan["id"]).order_by(Reminder.due_at).first()
    assert row["status"] == "failed"
    assert row["next_attempt_at"] is None
    assert "550" in row["last_error"]
    items = (await client.get("/api/v1/worklist", headers=sw)).json()["items"]
    assert [item["action"] for item in items] == ["delivery_failed"]
    assert (
        items[0]["message"]
        == "Le rappel n'a pas pu être envoyé par e-mail\u202f: joignez le bénéficiaire autrement."
    )
    assert (await sweep_at(4)).failed == 0


async def test_transient_failures_give_up_after_the_last_attempt(client, auth) -> None:
    use_settings(get_settings().with_overrides(smtp_url=f"smtp://127.0.0.1:{free_port()}"))
    sw = auth.social_worker
    loan = await lend(
        client,
        sw,
        auth.technician,
        due_in_days=10,
        beneficiary=await register(client, sw, email="g@example.org"),
    )
    moment = local_moment(day(3))
    for attempt in range(1, schedule.MAX_ATTEMPTS + 1):
        report = await reminders.sweep(moment)
        assert report.failed == 1, attempt
        row = await Reminder.select().where(Reminder.loan == loan["id"]).order_by(Reminder.due_at).first()
        assert row["attempts"] == attempt
        if attempt < schedule.MAX_ATTEMPTS:
            # The back-off counts from the failure, a moment after the sweep began.
            delay = row["next_attempt_at"] - moment
            assert (
                schedule.RETRY_DELAYS[attempt - 1]
                <= delay
                < schedule.RETRY_DELAYS[attempt - 1] + timedelta(minutes=1)
            )
            moment = row["next_attempt_at"]
    assert row["next_attempt_at"] is None
    assert report.gave_up == 1
    assert await WorklistEntry.count().where(WorklistEntry.action == "delivery_failed") == 1


async def test_a_claim_left_by_a_dead_sweep_is_taken_over_after_its_lease(client, auth, mail) -> None:
    loan = await lend(
        client,
        auth.social_worker,
        auth.technician,
        due_in_days=10,
        beneficiary=await register(client, auth.social_worker, email="d@example.org"),
    )
    moment = local_moment(day(3))
    # A sweep claimed the reminder and died before sending it.
    claimed = await reminders.claim(moment, "0" * 32, 10)
    assert len(claimed) == 1
    assert (await reminders.sweep(moment + timedelta(minutes=1))).total_sent == 0
    assert (await reminders.sweep(moment + schedule.CLAIM_LEASE - timedelta(seconds=1))).total_sent == 0
    taken_over = await reminders.sweep(moment + schedule.CLAIM_LEASE + timedelta(seconds=1))
    assert taken_over.sent_by_channel()["email"] == 1
    assert len(mail.received) == 1
    row = await Reminder.select().where(Reminder.id == claimed[0]).first()
    assert (row["status"], row["attempts"]) == ("sent", 2)
    assert row["loan"] == loan["id"]


async def test_two_sweeps_at_once_in_one_process_send_each_reminder_once(client, auth, mail) -> None:
    sw = auth.social_worker
    for n in range(6):
        await lend(
            client,
            sw,
            auth.technician,
            due_in_days=10,
            beneficiary=await register(client, sw, email=f"p{n}@example.org"),
        )
    # Day 45: every step is due; one message per loan and recipient, the earlier steps skipped,
    # whichever sweep claimed which step.
    reports = await asyncio.gather(sweep_at(45, batch_size=2), sweep_at(45, batch_size=2))
    assert sum(report.sent_by_channel()["email"] for report in reports) == 6
    assert sum(report.sent_by_channel()["worklist"] for report in reports) == 6
    assert sum(report.skipped for report in reports) == 18
    ids = [message.message["Message-ID"] for message in mail.received]
    assert len(ids) == len(set(ids)) == 6
    assert sorted(message.recipients[0] for message in mail.received) == [
        f"p{n}@example.org" for n in range(6)
    ]
    assert await Reminder.count().where(Reminder.status == "sent") == 12


async def test_a_sweep_stops_trying_a_channel_that_is_down_and_defers_the_rest(client, auth, mail) -> None:
    sw = auth.social_worker
    working = get_settings()
    use_settings(
        working.with_overrides(smtp_url=f"smtp://127.0.0.1:{free_port()}")
    )  # the mail server is down
    for n in range(5):
        await lend(
            client,
            sw,
            auth.technician,
            due_in_days=10,
            beneficiary=await register(client, sw, email=f"o{n}@example.org"),
        )
    report = await sweep_at(3)
    assert (report.failed, report.deferred, report.total_sent) == (schedule.CHANNEL_DOWN_AFTER, 2, 0)
    rows = await Reminder.select().where(Reminder.kind == "before_due").order_by(Reminder.id)
    deferred = [row for row in rows if row["attempts"] == 0]
    assert len(deferred) == 2
    assert all(row["status"] == "scheduled" and row["claim_token"] is None for row in deferred)
    assert all(row["next_attempt_at"] > local_moment(day(3)) for row in deferred)
    # Nothing was given up, so nothing lands in the worklist as undeliverable.
    assert await WorklistEntry.count() == 0
    use_settings(working)
    assert (await sweep_at(3, minute=6)).sent_by_channel()["email"] == 5
    assert sorted(m.recipients[0] for m in mail.received) == [f"o{n}@example.org" for n in range(5)]


async def test_the_service_runs_the_sweep_and_the_retention_as_scheduled_jobs(client, auth, mail) -> None:
    from inventory.loans import jobs

    assert {job.name: job.seconds for job in jobs.JOBS} == {
        "loans.send_reminders": get_settings().reminders.sweep_interval_seconds,
        "loans.anonymise": jobs.ANONYMISE_EVERY_SECONDS,
    }
    loan = await lend(
        client,
        auth.social_worker,
        auth.technician,
        due_in_days=10,
        beneficiary=await register(client, auth.social_worker, email="j@example.org"),
    )
    # The job sweeps at the clock's time: nothing of this loan is due yet.
    await jobs.send_due_reminders()
    await jobs.anonymise_expired_beneficiaries()
    assert [status for _, status, _ in await statuses(loan["id"])] == ["scheduled"] * 5
    assert (
        await client.get(f"/api/v1/loans/{loan['id'] + 1}/reminders", headers=auth.social_worker)
    ).status_code == 404
