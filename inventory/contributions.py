"""What a domain contributes to the service, as plain data: `relais` subcommands and periodic jobs.

Each domain declares its parts in its own modules (`controllers.ROUTE_HANDLERS`,
`commands.COMMANDS`, `jobs.jobs()`, `hooks.install`), and the composition roots collect them
explicitly: `inventory/app.py` (routers, jobs, hooks), `inventory/cli.py` (commands, hooks) and
`inventory/scheduler.py` (jobs). Domains import this module, never the roots, so the imports
point one way (docs/architecture.md).
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from inventory import db
from inventory.settings import get_settings

T = TypeVar("T")


@dataclass(frozen=True)
class Job:
    """A coroutine run every `seconds`. Jobs must be safe to run in several processes at once:
    the database, not the scheduler, decides what is done exactly once."""

    name: str
    run: Callable[[], Awaitable[object]]
    seconds: int


# Set when the process is stopping (SIGTERM, inventory/scheduler.py): long jobs check it between
# units of work and leave the rest, released, to another process (the reminder sweep releases
# its claims). Here rather than in the scheduler, which domains do not import.
_stopping = False


def stop_requested() -> bool:
    return _stopping


def request_stop(stopping: bool) -> None:
    global _stopping
    _stopping = stopping


Run = Callable[[argparse.Namespace], int]
Arguments = Callable[[argparse.ArgumentParser], None]


@dataclass(frozen=True)
class Command:
    """One `relais` subcommand: its name, one line of help, its arguments and what it runs."""

    name: str
    help_text: str
    arguments: Arguments
    run: Run


class Commands(list[Command]):
    """A domain's subcommands, in the order they are listed by `relais --help`.

    `COMMANDS = Commands()` then `@COMMANDS.command(name, help, arguments)` on each function:
    the list is the module's own value, collected by inventory/cli.py.
    """

    def command(self, name: str, help_text: str, arguments: Arguments) -> Callable[[Run], Run]:
        def register(function: Run) -> Run:
            self.append(Command(name, help_text, arguments, function))
            return function

        return register


def run_with_database(work: Callable[[], Awaitable[T]]) -> T:
    """Run `work` with the configured engine started, migrated and stopped (for commands)."""

    async def runner() -> T:
        engine = db.engine_for_url(get_settings().database_url)
        db.use_engine(engine)
        await db.start(engine)
        try:
            await db.migrate()
            return await work()
        finally:
            await db.stop(engine)

    return asyncio.run(runner())
