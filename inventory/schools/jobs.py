"""Periodic jobs of schools, run by the service's scheduler."""

from __future__ import annotations

import logging

from inventory.contributions import Job
from inventory.schools import service

log = logging.getLogger("relais.schools")

# Hourly, so the day's expiries happen soon after midnight even when the service restarts
# often; the sweep is one idempotent UPDATE, and requests check the date themselves anyway.
EXPIRY_SWEEP_SECONDS = 3600


async def expire_vouchers() -> int:
    """Mark expired the vouchers whose last day has passed."""
    expired = await service.expire_vouchers()
    if expired:
        log.info("expired %d voucher(s)", len(expired))
    return len(expired)


JOBS: list[Job] = [Job(name="schools.expire_vouchers", run=expire_vouchers, seconds=EXPIRY_SWEEP_SECONDS)]
