"""Periodic jobs of accounts, run by the service's scheduler: forgetting what can never count again."""

from __future__ import annotations

import logging

from inventory.accounts import service, throttle
from inventory.contributions import Job

log = logging.getLogger("relais.accounts")

PURGE_EVERY_SECONDS = 3600


async def purge_expired() -> None:
    """Expired throttle counters and expired or revoked tokens; safe in several processes."""
    counters = await throttle.purge_expired()
    tokens = await service.purge_tokens()
    if counters or tokens:
        log.info("purged %s throttle counters and %s tokens", counters, tokens)


JOBS: list[Job] = [Job("accounts.purge_expired", purge_expired, PURGE_EVERY_SECONDS)]
