"""Two `relais send-reminders` processes sweeping the same database at once send each reminder once."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from inventory.loans.tables import Reminder, WorklistEntry
from tests.live_server import ROOT
from tests.loans.loan_steps import lend, local_moment, local_today, register

LOANS = 8


def send_reminders(database_url: str, smtp_url: str, workdir: Path, *arguments: str) -> subprocess.Popen:
    """`relais send-reminders ...` in its own process, on the test's database."""
    environment = {
        **os.environ,
        "RELAIS_DATABASE_URL": database_url,
        "RELAIS_SMTP_URL": smtp_url,
        "RELAIS_MAIL_FROM": "relais@cpas.example",
        "RELAIS_SECRET_KEY": "process-test-secret",
        "RELAIS_ORG_NAME": "CPAS Test",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from inventory.cli import main; sys.exit(main())",
            "send-reminders",
            *arguments,
        ],
        cwd=workdir,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def counts(output: str) -> dict[str, int]:
    pairs = (line.split(": ") for line in output.strip().splitlines())
    return {name: int(value) for name, value in pairs}


async def finished(process: subprocess.Popen) -> str:
    stdout, stderr = await asyncio.to_thread(process.communicate, timeout=180)
    assert process.returncode == 0, stderr[-3000:]
    return stdout


async def test_two_sweeping_processes_send_each_reminder_exactly_once(
    client, auth, database_url, smtp_server, tmp_path
) -> None:
    sw = auth.social_worker
    for n in range(LOANS):
        person = await register(client, sw, full_name=f"Personne {n}", email=f"p{n}@example.org")
        await lend(client, sw, auth.technician, beneficiary=person, due_in_days=10)
    # Day 45 (the service was down since the loans were made): every reminder of every loan is
    # due, but each beneficiary gets one e-mail (the latest step) and each social worker one
    # worklist line (the decision); the three earlier steps of each loan are skipped.
    now = local_moment(local_today() + timedelta(days=45)).isoformat()
    # Small batches, so that the two processes take turns claiming.
    processes = [
        send_reminders(database_url, smtp_server.url, tmp_path, "--now", now, "--batch-size", "2")
        for _ in range(2)
    ]
    outputs = [counts(await finished(process)) for process in processes]
    assert sum(output["email"] for output in outputs) == LOANS
    assert sum(output["worklist"] for output in outputs) == LOANS
    assert sum(output.get("skipped", 0) for output in outputs) == 3 * LOANS
    assert all(output["failed"] == 0 for output in outputs)
    message_ids = [received.message["Message-ID"] for received in smtp_server.received]
    assert len(message_ids) == LOANS
    assert len(set(message_ids)) == LOANS
    assert sorted(received.recipients[0] for received in smtp_server.received) == sorted(
        f"p{n}@example.org" for n in range(LOANS)
    )
    sent = await Reminder.select(Reminder.kind).where(Reminder.status == "sent")
    assert sorted(row["kind"] for row in sent) == sorted(["after_due", "decision"] * LOANS)
    assert await Reminder.count().where(Reminder.status == "skipped") == 3 * LOANS
    assert await Reminder.count().where(Reminder.attempts != 1) == 0
    assert await WorklistEntry.count() == 2 * LOANS
    # A third sweep at the same moment finds nothing left to send.
    again = counts(await finished(send_reminders(database_url, smtp_server.url, tmp_path, "--now", now)))
    assert again == {"email": 0, "sms": 0, "letter": 0, "worklist": 0, "failed": 0}
