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
| PASSWORD      | an Argon2 hash or verification, the password policy's list | a worker thread  |
| EVIDENCE      | reading an uploaded wipe report and hashing it (SHA-256)   | a worker thread  |

reportlab and the csv module hold the GIL while they work: a worker thread takes the CPU
from the loop in slices (sys.getswitchinterval: 5 ms by default, 1 ms in the server, see
`prefer_the_loop`), fine for a step of a few tens of
milliseconds, not for a batch that renders for seconds; those run in worker processes
(anyio's pool: started on first use, kept for reuse), which take the GIL of their own.
Their arguments and results are pickled, so they take and return plain data.

Each kind has its own CapacityLimiter: beyond the limit, requests wait their turn (on the
loop, costing nothing) instead of all competing for the CPU at once. A kind may also bound how
many wait (`Placement.waiting`): password work does, since anyone can send log-ins. Beyond it
`run()` (or `admitted()`, which a caller may enter before it starts) raises `Full` at once,
with how long the queue should take to drain, and the caller answers 503 with Retry-After
(inventory/accounts/passwords.py) rather than let a burst pile up requests, each holding a
connection, behind a queue minutes long.

Password work runs one at a time: an Argon2 hash keeps a core for its whole 64 MiB pass (and
inventory/accounts/passwords.py computes each on one thread), so on a 2-core machine at most
one of the cores is ever Argon2's, and the other is left to the loop.

The workers also step back for the loop: on Linux each thread has its own nice value, and a
worker thread or process raises its own (`BACKGROUND_NICENESS`) before its first step (once:
a thread remembers it did, and a thread it starts inherits the value), so when the cores are
all busy (Argon2 releases the GIL and keeps a core for as long as it hashes) the kernel gives
the event loop's thread its turn first. The value stays with the thread (an unprivileged
process cannot lower it again): anyio's worker threads are one pool, so the little else that
runs in it (Litestar's reads of static files) may run stepped back too. On a 2-core machine
under 32 log-ins, a batch of letters and an export at once, it took a scan's p99 from 81 to
49 ms, and the 1 ms GIL interval to 35 ms (docs/benchmarks.md, bench/loop_lag.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import enum
import functools
import importlib
import logging
import math
import os
import sys
import threading
import time
import weakref
from collections.abc import AsyncIterator, Callable
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
    PASSWORD = "password"
    EVIDENCE = "evidence"


@dataclass(frozen=True)
class Placement:
    in_process: bool
    at_once: int  # how many may run at the same time, per server process
    # How many may wait for their turn, per server process; None: as many as come (the kinds
    # only signed-in staff can start, a few at a time).
    waiting: int | None = None


PLACEMENTS: dict[Work, Placement] = {
    Work.DOCUMENT: Placement(in_process=False, at_once=2),
    Work.PRINT_BATCH: Placement(in_process=True, at_once=2),
    Work.CSV: Placement(in_process=False, at_once=2),
    Work.REPORT: Placement(in_process=False, at_once=2),
    # One hash at a time; 32 waiting is a few seconds of hashing (about 0.1-0.2 s of CPU each),
    # a whole staff logging in at nine o'clock, while an anonymous burst is refused beyond it.
    Work.PASSWORD: Placement(in_process=False, at_once=1, waiting=32),
    Work.EVIDENCE: Placement(in_process=False, at_once=2),
}


class Full(Exception):
    """Too many already wait for this kind of work: try again in `retry_after_seconds`."""

    def __init__(self, work: Work, retry_after_seconds: int) -> None:
        super().__init__(f"{work} work: {PLACEMENTS[work].waiting} already waiting")
        self.work = work
        self.retry_after_seconds = retry_after_seconds


# Nice values run from 0 (the default) to 19; 10 is what `nice` gives a command by default.
BACKGROUND_NICENESS = 10
_worker = threading.local()

# A CapacityLimiter belongs to the event loop it was made in (tests run one loop per test).
_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[Work, CapacityLimiter]] = (
    weakref.WeakKeyDictionary()
)


def limiter(work: Work) -> CapacityLimiter:
    per_loop = _limiters.setdefault(asyncio.get_running_loop(), {})
    if work not in per_loop:
        per_loop[work] = CapacityLimiter(PLACEMENTS[work].at_once)
    return per_loop[work]


# How long one step of each kind took lately (seconds, a moving average): what Retry-After says.
_durations: dict[Work, float] = {}
# Per event loop, how many requests hold a place for each bounded kind (running or waiting).
_admitted: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[Work, int]] = weakref.WeakKeyDictionary()
# The bounded kinds the current task already holds a place for (run() then takes no other).
_holding: contextvars.ContextVar[frozenset[Work]] = contextvars.ContextVar("holding", default=frozenset())


@contextlib.asynccontextmanager
async def admitted(work: Work) -> AsyncIterator[None]:
    """Hold a place in `work`'s queue for the whole block: Full at once if as many as
    `Placement.waiting` already wait beside those running. A caller that must do something
    before the step and undo it when refused (a log-in counts its attempt first) takes its
    place before; run() takes one itself otherwise."""
    placement = PLACEMENTS[work]
    if placement.waiting is None or work in _holding.get():
        yield
        return
    per_loop = _admitted.setdefault(asyncio.get_running_loop(), {})
    holding = per_loop.get(work, 0)
    if holding >= placement.at_once + placement.waiting:
        # The queue ahead drains at_once at a time; a second at least, as Retry-After counts.
        ahead = holding - placement.at_once + 1
        seconds = ahead * _durations.get(work, 1.0) / placement.at_once
        raise Full(work, max(1, math.ceil(seconds)))
    per_loop[work] = holding + 1
    token = _holding.set(_holding.get() | {work})
    try:
        yield
    finally:
        _holding.reset(token)
        per_loop[work] -= 1


def _step_back() -> None:
    """Lower this worker thread's priority below the event loop's, once per thread."""
    if getattr(_worker, "stepped_back", False):
        return
    _worker.stepped_back = True
    try:
        # PRIO_PROCESS with a thread id sets that thread alone (Linux); elsewhere, or where it
        # is refused, the worker keeps the loop's priority and only the limiters hold it back.
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICENESS)
    except (AttributeError, OSError):
        pass


def _in_background(call: Callable[[], T]) -> T:
    _step_back()
    return call()


async def run(work: Work, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`function(*args, **kwargs)` off the event loop, as `work` is placed; its result or its
    exception, as if called here."""
    call = functools.partial(_in_background, functools.partial(function, *args, **kwargs))
    if PLACEMENTS[work].in_process:
        # Pickled to the worker: a module-level function and plain data.
        return await anyio.to_process.run_sync(call, limiter=limiter(work))
    if PLACEMENTS[work].waiting is None:
        return await anyio.to_thread.run_sync(call, limiter=limiter(work))
    async with admitted(work):
        return await anyio.to_thread.run_sync(functools.partial(_timed, work, call), limiter=limiter(work))


def _timed(work: Work, call: Callable[[], T]) -> T:
    started = time.perf_counter()
    try:
        return call()
    finally:
        took = time.perf_counter() - started
        _durations[work] = 0.8 * _durations.get(work, took) + 0.2 * took


def _import(modules: tuple[str, ...]) -> None:
    _step_back()
    for module in modules:
        importlib.import_module(module)


# How long a thread may keep the GIL while another waits for it (Python's default: 5 ms). While a
# worker thread shaped CSV rows, the loop waited up to 5 ms for the GIL each time it woke (on
# SQLite every query's answer comes from aiosqlite's thread, so several times a scan); 1 ms
# gives it back sooner at the cost of a few more switches.
GIL_SWITCH_INTERVAL = 0.001


def prefer_the_loop() -> None:
    """Make the server process's threads hand the GIL back to the loop sooner (at start-up)."""
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)


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
