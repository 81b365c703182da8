"""The running service sends due reminders by itself: APScheduler in `relais serve` runs the
sweep, with no operator command."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from inventory.loans.tables import Reminder
from tests.live_server import live_server
from tests.loans.loan_steps import lend, register


async def test_a_running_service_sends_a_due_reminder_once_by_itself(
    client, auth, database_url, smtp_server, tmp_path
) -> None:
    sw = auth.social_worker
    person = await register(client, sw, full_name="Anna De Smet", language="nl", email="anna@example.org")
    loan = await lend(client, sw, auth.technician, beneficiary=person, due_in_days=10)
    # A week has passed: the first reminder's time has come (the sweep claims by next attempt).
    past = datetime.now(UTC) - timedelta(minutes=1)
    await Reminder.update({Reminder.due_at: past, Reminder.next_attempt_at: past}).where(
        (Reminder.loan == loan["id"]) & (Reminder.kind == "before_due")
    )

    settings = {
        "RELAIS_SMTP_URL": smtp_server.url,
        "RELAIS_MAIL_FROM": "relais@cpas.example",
        "RELAIS_REMINDER_SWEEP_SECONDS": "1",
    }
    with live_server(database_url, tmp_path, **settings):
        deadline = time.monotonic() + 30
        while not smtp_server.received and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        # A few more sweeps: nothing else is due, nothing goes twice.
        await asyncio.sleep(3)

    assert [message.recipients for message in smtp_server.received] == [["anna@example.org"]]
    assert smtp_server.received[0].language == "nl"
    statuses = {
        row["kind"]: row["status"]
        for row in await Reminder.select(Reminder.kind, Reminder.status).where(Reminder.loan == loan["id"])
    }
    assert statuses == {
        "before_due": "sent",
        "due_day": "scheduled",
        "after_due": "scheduled",
        "escalation": "scheduled",
        "decision": "scheduled",
    }
