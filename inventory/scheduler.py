"""APScheduler in the service process: it collects the periodic jobs each domain declares in its jobs.py."""

from __future__ import annotations

import asyncio
import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from inventory import contributions
from inventory.contributions import Job

log = logging.getLogger("relais.scheduler")


def domain_jobs() -> list[Job]:
    """Every domain's jobs, imported when asked rather than with this module: loans read their
    sweep interval from the settings as they are imported, and tests set those first."""
    from inventory.accounts.jobs import JOBS as ACCOUNT_JOBS
    from inventory.loans.jobs import JOBS as LOAN_JOBS
    from inventory.schools.jobs import JOBS as SCHOOL_JOBS

    return [*ACCOUNT_JOBS, *LOAN_JOBS, *SCHOOL_JOBS]


# How long a stopping process waits for the jobs in progress.
STOP_TIMEOUT_SECONDS = 30.0


async def stop(scheduler: AsyncIOScheduler, wait_seconds: float = STOP_TIMEOUT_SECONDS) -> None:
    """Start no job any more and let the running ones finish their current unit of work.

    APScheduler's own shutdown cancels running coroutine jobs, which would leave a sweep's
    claimed reminders `sending` until their lease ran out; here the jobs see
    contributions.stop_requested() and end cleanly first.
    """
    contributions.request_stop(True)
    scheduler.pause()
    executor = scheduler._lookup_executor("default")
    running = [future for future in getattr(executor, "_pending_futures", ()) if not future.done()]
    log.info("stopping: %s job(s) running, given %s s to finish", len(running), wait_seconds)
    if running:
        await asyncio.wait(running, timeout=wait_seconds)
    scheduler.shutdown(wait=False)


def build_scheduler(jobs: list[Job]) -> AsyncIOScheduler:
    contributions.request_stop(False)
    scheduler = AsyncIOScheduler(timezone="UTC")
    for job in jobs:
        scheduler.add_job(
            job.run,
            "interval",
            seconds=job.seconds,
            id=job.name,
            # A sweep that overran its slot is not queued twice; a missed one runs once late.
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
        )
    return scheduler
