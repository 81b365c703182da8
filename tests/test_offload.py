"""CPU-heavy work never runs on the event loop (issue 13, finding 1): documents, CSV files and
stock-take reports go through inventory.offload, a bounded number at a time.

The figures (a technician's scan latency while reports, letters, exports and log-ins run) are
bench/loop_lag.py's; these tests check where the work runs and that every caller uses it."""

from __future__ import annotations

import ast
import os
import threading
from pathlib import Path

import anyio
import pytest

from inventory import offload
from inventory.offload import PLACEMENTS, Work

ROOT = Path(__file__).resolve().parents[1]

# Every CPU-heavy step of a request, by the name it is called by.
HEAVY = {
    "render_agreement",
    "render_card",
    "render_letters",
    "render_impact_report",
    "render_delivery_note",
    "render_vouchers",
    "render_wipe_certificate",
    "render_certificate_bundle",
    "read_report",  # wipe_reports.read_report: an nwipe report hashed and parsed
    "render_labels",
    "render_calibration",
    "build_report",  # an import's report, row by row
    "reconcile",  # a stock count's findings
    "read",  # importing.read: a CSV file decoded and parsed
    "_csv_page",  # a page of an export shaped and written
}
# The command line runs one job in its own process: nothing else waits on its loop.
NOT_A_SERVER = {"inventory/cli.py", "inventory/contributions.py"}


def _not_a_server(relative: str) -> bool:
    """The command line and every domain's subcommands (its commands.py)."""
    return relative in NOT_A_SERVER or relative.endswith("/commands.py")


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        if call.func.attr == "read" and not (
            isinstance(call.func.value, ast.Name) and call.func.value.id == "importing"
        ):
            return None  # a file's .read(), not the CSV import's
        return call.func.attr
    return None


def test_no_request_calls_heavy_work_on_the_event_loop() -> None:
    """Inside every `async def` of the service, a heavy step is never called directly: it is
    handed to offload.run (which takes the function, uncalled)."""
    direct = []
    for path in sorted((ROOT / "inventory").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if _not_a_server(relative):
            continue
        for function in ast.walk(ast.parse(path.read_text())):
            if not isinstance(function, ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Call) and _called_name(node) in HEAVY:
                    direct.append(f"{relative}:{node.lineno} {function.name}() calls {_called_name(node)}")
    assert direct == []


def test_every_heavy_step_is_handed_to_offload() -> None:
    """And each of them is handed over somewhere: the list above names real callers."""
    handed = set()
    for path in (ROOT / "inventory").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            # `offload(work, f, ...)` (run imported as offload) or `offload.run(work, f, ...)`
            is_offload = getattr(node.func, "id", None) == "offload" or (
                isinstance(node.func, ast.Attribute)
                and node.func.attr == "run"
                and getattr(node.func.value, "id", None) == "offload"
            )
            if is_offload and len(node.args) > 1:
                target = node.args[1]
                handed.add(target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", ""))
    assert HEAVY <= handed, HEAVY - handed


def _niceness() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def _where() -> tuple[int, int, int]:
    return os.getpid(), threading.get_ident(), _niceness()


def _refuse(message: str) -> None:
    raise ValueError(message)


# One test only uses worker processes: anyio kills its pool's workers when the "root task" ends
# (asyncio.run's main task: the server's, in production; under pytest-asyncio, the test's), so a
# worker kept for a next test can be found dead before anyio has seen it die.
async def test_work_runs_where_it_is_placed_below_the_loops_priority() -> None:
    """Documents in a worker thread, batches in a worker process, both stepped back below the
    loop (when every core is busy, the kernel serves the loop's thread, the scans, first); an
    exception comes back as raised."""
    pid, thread_id, loop_niceness = _where()
    stepped_back = max(loop_niceness, offload.BACKGROUND_NICENESS)
    for work in Work:
        worker_pid, worker_thread, worker_niceness = await offload.run(work, _where)
        if PLACEMENTS[work].in_process:
            assert worker_pid != pid
        else:
            assert worker_pid == pid and worker_thread != thread_id
        assert worker_niceness == stepped_back, work
        with pytest.raises(ValueError, match="^refused in the worker$"):
            await offload.run(work, _refuse, "refused in the worker")
    assert _niceness() == loop_niceness


async def test_no_more_than_the_limit_run_at_once() -> None:
    """Six documents asked for at once: two render, four wait their turn without a thread."""
    limit = PLACEMENTS[Work.DOCUMENT].at_once
    release = threading.Event()
    running = 0
    most = 0
    lock = threading.Lock()

    def render() -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        release.wait(30)
        with lock:
            running -= 1

    async with anyio.create_task_group() as group:
        for _ in range(6):
            group.start_soon(offload.run, Work.DOCUMENT, render)
        with anyio.fail_after(60):  # a bound, not a measurement
            while running < limit:  # both worker threads are inside render()
                await anyio.sleep(0.01)
        await anyio.wait_all_tasks_blocked()
        statistics = offload.limiter(Work.DOCUMENT).statistics()
        assert statistics.borrowed_tokens == limit
        assert statistics.tasks_waiting == 6 - limit
        release.set()
    assert most == limit
