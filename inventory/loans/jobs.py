"""Periodic jobs of loans, run by the service's scheduler: the reminder sweep and retention."""

from __future__ import annotations

import logging

from inventory.contributions import Job
from inventory.loans import reminders, service
from inventory.settings import get_settings

log = logging.getLogger("relais.loans")

ANONYMISE_EVERY_SECONDS = 6 * 3600


async def send_due_reminders() -> None:
    """The database says what is due and claims it: safe in every process, at every restart."""
    await reminders.sweep()


async def anonymise_expired_beneficiaries() -> None:
    count = await service.anonymise_expired()
    if count:
        log.info("anonymised %s beneficiaries past the retention period", count)


JOBS: list[Job] = [
    Job(
        "loans.send_reminders",
        send_due_reminders,
        get_settings().reminders.sweep_interval_seconds,
    ),
    Job("loans.anonymise", anonymise_expired_beneficiaries, ANONYMISE_EVERY_SECONDS),
]
