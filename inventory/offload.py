"""CPU-heavy steps run off the event loop, a bounded number at a time per kind of work.

The event loop serves every request of a process; a step that keeps the CPU for tens of
milliseconds (a PDF, a CSV file, a stock-take reconciliation) stalls every other request for
as long, a technician's scan included (bench/loop_lag.py). Every such step of a request goes
through `run()`, whose kind of work says where it runs and how many may run at once:

| work          | what                                                       | where            |
|---------------|------------------------------------------------------------|------------------|
| DOCUMENT      | a one-page PDF: certificate, agreement, card, delivery note | a worker thread  |
| PRINT_BATCH   | a many-page PDF: letters, labels, voucher batches, impact report | a worker process |
| CSV           | parsing an import, shaping a page of an export             | a worker thread  |
| REPORT        | a stock-take reconciliation                                | a worker thread  |

reportlab and the csv module hold the GIL while they work: a worker thread takes the CPU
from the loop in 5 ms slices (sys.getswitchinterval), fine for a step of a few tens of
milliseconds, not for a batch that renders for seconds; those run in worker processes
(anyio's pool: started on first use, kept for reuse), which take the GIL of their own.
Their arguments and results are pickled, so they take and return plain data.

Each kind has its own CapacityLimiter: beyond the limit, requests wait their turn (on the
loop, costing nothing) instead of all competing for the CPU at once.
"""

from __future__ import annotations

import asyncio
import enum
import functools
import importlib
import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio
import anyio.to_process
import anyio.to_thread
from anyio import CapacityLimiter

T = TypeVar("T")
log = logging.getLogger("relais")


class Work(enum.StrEnum):
    DOCUMENT = "document"
    PRINT_BATCH = "print_batch"
    CSV = "csv"
    REPORT = "report"


@dataclass(frozen=True)
class Placement:
    in_process: bool
    at_once: int  # how many may run at the same time, per server process


PLACEMENTS: dict[Work, Placement] = {
    Work.DOCUMENT: Placement(in_process=False, at_once=2),
    Work.PRINT_BATCH: Placement(in_process=True, at_once=2),
    Work.CSV: Placement(in_process=False, at_once=2),
    Work.REPORT: Placement(in_process=False, at_once=2),
}

# A CapacityLimiter belongs to the event loop it was made in (tests run one loop per test).
_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[Work, CapacityLimiter]] = (
    weakref.WeakKeyDictionary()
)


def limiter(work: Work) -> CapacityLimiter:
    per_loop = _limiters.setdefault(asyncio.get_running_loop(), {})
    if work not in per_loop:
        per_loop[work] = CapacityLimiter(PLACEMENTS[work].at_once)
    return per_loop[work]


async def run(work: Work, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`function(*args, **kwargs)` off the event loop, as `work` is placed; its result or its
    exception, as if called here."""
    call = functools.partial(function, *args, **kwargs)
    if PLACEMENTS[work].in_process:
        # Pickled to the worker: a module-level function and plain data.
        return await anyio.to_process.run_sync(call, limiter=limiter(work))
    return await anyio.to_thread.run_sync(call, limiter=limiter(work))


def _import(modules: tuple[str, ...]) -> None:
    for module in modules:
        importlib.import_module(module)


async def start_workers(modules: tuple[str, ...]) -> None:
    """Start the worker processes and import `modules` in each, so that the first batch of
    the day does not wait for a Python start and a font load. Run beside start-up, never
    awaited by it."""
    work = Work.PRINT_BATCH
    try:
        async with anyio.create_task_group() as group:
            for _ in range(PLACEMENTS[work].at_once):  # busy at once: each call starts a worker
                group.start_soon(
                    functools.partial(anyio.to_process.run_sync, _import, modules, limiter=limiter(work))
                )
    except Exception:  # the first batch will start its worker itself, and fail there if it must
        log.warning("the worker processes for batches of documents could not be started", exc_info=True)
