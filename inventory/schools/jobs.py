"""Periodic jobs of schools, run by the service's scheduler."""

from inventory.scheduler import Job

JOBS: list[Job] = []
