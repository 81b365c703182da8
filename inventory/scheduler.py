"""APScheduler in the service process: the periodic jobs each domain declares in its jobs.py."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from apscheduler.schedulers.asyncio import AsyncIOScheduler


@dataclass(frozen=True)
class Job:
    """A coroutine run every `seconds`. Jobs must be safe to run in several processes at once:
    the database, not the scheduler, decides what is done exactly once."""

    name: str
    run: Callable[[], Awaitable[object]]
    seconds: int


def domain_jobs() -> list[Job]:
    from inventory.accounts.jobs import JOBS as ACCOUNT_JOBS
    from inventory.loans.jobs import JOBS as LOAN_JOBS
    from inventory.schools.jobs import JOBS as SCHOOL_JOBS

    return [*ACCOUNT_JOBS, *LOAN_JOBS, *SCHOOL_JOBS]


def build_scheduler(jobs: list[Job]) -> AsyncIOScheduler:
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
