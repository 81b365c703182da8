"""APScheduler in the service process: it collects the periodic jobs each domain declares in its jobs.py."""

from __future__ import annotations

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from inventory.contributions import Job


def domain_jobs() -> list[Job]:
    """Every domain's jobs, imported when asked rather than with this module: loans read their
    sweep interval from the settings as they are imported, and tests set those first."""
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
