"""The register audit: replay every device's events and check the promises across domains.

Three promises are checked, device by device, in one consistent snapshot of the database:
- the history is the truth: each event is one the stage machine allows from where the replay
  stands, and the stored stage (and wipe flag, pending transfer, and site after a transfer) is
  where the events lead;
- the wipe chain of custody: no loan, reservation or hand-over to a school started unless a
  passed wipe (an event with its wipe record) was recorded after the device's last custody
  change (intake, return, found), and no device was retired without one or a destruction
  certificate reference;
- one custody at a time: at most one active loan or live school reservation/allocation per
  device, and it is the one its events say holds the device.

`check_device` is pure (the stateful property test uses it after every step); `audit_register`
streams the register in pages of devices, so memory stays bounded whatever its size.
"""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

import aiosqlite
import msgspec
from piccolo.engine.sqlite import SQLiteEngine

from inventory import db
from inventory.devices import stages
from inventory.devices.vocabulary import Action, Reason, Stage, WipeResult
from inventory.errors import ActionNotAllowed
from inventory.loans.vocabulary import LoanStatus
from inventory.schools.vocabulary import RedemptionStatus

# Devices read per page: five queries a page, each a range scan of one index.
PAGE_DEVICES = 5000


class Check(StrEnum):
    """What an inconsistency breaks; the summary counts them by this."""

    HISTORY = "history"  # an event the stage machine would not have written
    STAGE = "stage"  # the stored stage is not where the events lead
    SITE = "site"  # the stored site or pending transfer disagrees with the transfer events
    WIPE = "wipe"  # a device reached a beneficiary or a school without a wipe since custody changed
    CUSTODY = "custody"  # two custodies at once, or a loan/reservation its events do not show


@dataclass(frozen=True)
class Finding:
    asset_tag: str
    check: Check
    message: str

    def line(self) -> str:
        return f"{self.asset_tag}: [{self.check}] {self.message}"


@dataclass(slots=True)
class EventRow:
    id: int
    action: str
    from_stage: str | None
    to_stage: str
    at: Any
    details: Mapping[str, Any]


@dataclass(slots=True)
class WipeRow:
    id: int
    result: str
    certificate_number: str | None


@dataclass(slots=True)
class LoanRow:
    id: int
    status: str


@dataclass(slots=True)
class LineRow:
    """A device's line on a school redemption (reserved, handed over, or a purchase)."""

    redemption_id: int
    redemption_status: str
    released: bool


@dataclass
class DeviceRecord:
    """Everything the register holds about one device, as the audit reads it."""

    id: int
    asset_tag: str
    stage: str
    site: str | None = None
    transfer_to: str | None = None
    # The stored flag "a passed wipe since the last custody change" the stage rules read.
    wiped: bool = False
    events: list[EventRow] = field(default_factory=list)
    wipes: list[WipeRow] = field(default_factory=list)
    loans: list[LoanRow] = field(default_factory=list)
    lines: list[LineRow] = field(default_factory=list)


# Actions that put a device in the hands of a beneficiary or a school (the stage rules' set).
HAND_OUTS = frozenset(action.value for action in stages.TO_BENEFICIARY_OR_SCHOOL)
LIVE_RESERVATION = frozenset({RedemptionStatus.REQUESTED.value})
LIVE_ALLOCATION = frozenset({RedemptionStatus.HANDED_OVER.value, RedemptionStatus.REGISTERED.value})
_INTAKE_STAGES = (Stage.RECEIVED, Stage.ALLOCATED)
# Enum lookups by value without the cost of calling the enum (a million events add up).
_ACTIONS: Mapping[str, Action] = {action.value: action for action in Action}
_STAGES: Mapping[str, Stage] = {stage.value: stage for stage in Stage}
_WIPE_RESULTS: Mapping[Any, WipeResult] = {result.value: result for result in WipeResult}


def _day(at: Any) -> str:
    text = at.isoformat() if hasattr(at, "isoformat") else str(at)
    return text[:10]


def _event_name(event: EventRow) -> str:
    return f"event {event.id} ({event.action} on {_day(event.at)})"


@dataclass
class _Replay:
    """Where a device stands after the events read so far."""

    stage: Stage | None = None
    transfer_to: str | None = None
    site: str | None = None
    site_known: bool = False
    wiped: bool = False
    custody_change: EventRow | None = None
    # ("loan", loan id) / ("reservation", redemption id) / ("allocation", redemption id or None)
    holder: tuple[str, int | None] | None = None


def check_device(device: DeviceRecord) -> list[Finding]:
    """Every inconsistency of one device: its events replayed, its wipes, loans and lines."""
    findings: list[Finding] = []

    def found(check: Check, message: str) -> None:
        findings.append(Finding(device.asset_tag, check, message))

    passed_certificates = {
        wipe.certificate_number: wipe for wipe in device.wipes if wipe.result == WipeResult.PASSED
    }
    loan_events: dict[int, EventRow] = {}
    reserve_events: dict[int, EventRow] = {}
    wipe_event_certificates: set[str] = set()
    replay = _Replay()
    if not device.events:
        found(Check.HISTORY, "has no events at all (not even its intake)")
    for index, event in enumerate(device.events):
        _replay_event(replay, event, index, device, passed_certificates, found)
        details = event.details
        if event.action == Action.LEND and isinstance(details.get("loan_id"), int):
            loan_events[details["loan_id"]] = event
        if event.action == Action.RESERVE and isinstance(details.get("redemption_id"), int):
            reserve_events[details["redemption_id"]] = event
        if event.action == Action.WIPE and details.get("certificate_number"):
            wipe_event_certificates.add(details["certificate_number"])

    for certificate, wipe in passed_certificates.items():
        if certificate not in wipe_event_certificates:
            found(Check.WIPE, f"passed wipe record {wipe.id} ({certificate}) has no wipe event")
    if replay.stage is not None and device.stage != replay.stage:
        found(Check.STAGE, f"stored stage is '{device.stage}' but its events lead to '{replay.stage}'")
    if replay.stage is not None and device.wiped != replay.wiped:
        said = "a passed wipe covers" if device.wiped else "no passed wipe covers"
        found(
            Check.STAGE,
            f"stored flag says {said} its custody since its last intake, return or found; "
            "its events say otherwise",
        )
    if device.transfer_to != replay.transfer_to:
        found(
            Check.SITE,
            f"stored pending transfer is to '{device.transfer_to or '-'}' "
            f"but its events say '{replay.transfer_to or '-'}'",
        )
    if replay.site_known and device.site != replay.site:
        found(
            Check.SITE,
            f"stored site is '{device.site or '-'}' but its last transfer arrived at '{replay.site or '-'}'",
        )
    _check_custody(device, replay, loan_events, reserve_events, found)
    return findings


def _replay_event(
    replay: _Replay,
    event: EventRow,
    index: int,
    device: DeviceRecord,
    passed_certificates: Mapping[str | None, WipeRow],
    found: Callable[[Check, str], None],
) -> None:
    action = _ACTIONS.get(event.action)
    if action is None:
        found(Check.HISTORY, f"{_event_name(event)}: unknown action")
        _resync(replay, event)
        return
    details = event.details
    if action == Action.CORRECT and index != 0:
        # A correction of recorded details: the stage it names must be the one the device had.
        if event.from_stage != replay.stage or event.to_stage != replay.stage:
            found(Check.HISTORY, f"{_event_name(event)}: a correction cannot change the stage")
            _resync(replay, event)
        return
    if index == 0 or action == Action.INTAKE:
        if index != 0 or action != Action.INTAKE:
            found(Check.HISTORY, f"{_event_name(event)}: a device's history starts with one intake")
        elif event.from_stage is not None or event.to_stage not in {s.value for s in _INTAKE_STAGES}:
            found(Check.HISTORY, f"{_event_name(event)}: an intake cannot lead to '{event.to_stage}'")
        _resync(replay, event)
        replay.wiped = False
        replay.custody_change = event
        replay.holder = ("allocation", None) if event.to_stage == Stage.ALLOCATED else None
        return
    if event.from_stage != replay.stage:
        found(
            Check.HISTORY,
            f"{_event_name(event)}: recorded from '{event.from_stage}' but the device was '{replay.stage}'",
        )
    passed_wipe = False
    if action == Action.WIPE and details.get("result") == WipeResult.PASSED:
        certificate = details.get("certificate_number")
        if certificate in passed_certificates:
            passed_wipe = True
        else:
            found(
                Check.WIPE,
                f"{_event_name(event)}: a passed wipe whose certificate '{certificate}' "
                "no passed wipe record of this device has",
            )
    outcome = _machine(replay, action, event, passed_wipe, found) if replay.stage is not None else None
    if event.action in HAND_OUTS and not replay.wiped:
        since = replay.custody_change
        origin = f"its {since.action} on {_day(since.at)}" if since else "its intake"
        found(Check.WIPE, f"{_event_name(event)}: no passed wipe since {origin}")
    _follow(replay, action, event, passed_wipe, outcome)


def _machine(
    replay: _Replay,
    action: Action,
    event: EventRow,
    passed_wipe: bool,
    found: Callable[[Check, str], None],
) -> stages.DeviceState | None:
    """The state the stage machine gives after the event, or None (reported) when it refuses."""
    details = event.details
    assert replay.stage is not None
    state = stages.DeviceState(replay.stage, wiped=replay.wiped, in_transit=replay.transfer_to is not None)
    try:
        after = stages.next_state(
            state,
            action,
            wipe_result=_WIPE_RESULTS.get(details.get("result")) if action == Action.WIPE else None,
            storage_replaced=bool(details.get("storage_replaced")),
            destruction_proof=bool(details.get("destruction_certificate_ref")),
        )
    except ActionNotAllowed as refusal:
        if refusal.reason == Reason.NOT_WIPED_SINCE_CUSTODY_CHANGE:
            pass  # the hand-out check below names it
        elif refusal.reason == Reason.DESTRUCTION_PROOF_MISSING:
            since = replay.custody_change
            origin = f"its {since.action} on {_day(since.at)}" if since else "its intake"
            found(
                Check.WIPE,
                f"{_event_name(event)}: retired with no passed wipe since {origin} "
                "and no destruction certificate reference",
            )
        elif refusal.reason == Reason.IN_TRANSIT:
            found(
                Check.HISTORY, f"{_event_name(event)}: '{action}' while in transit to '{replay.transfer_to}'"
            )
        else:
            found(
                Check.HISTORY,
                f"{_event_name(event)}: '{action}' is not allowed on a device that is '{replay.stage}'",
            )
        return None
    if after.stage != event.to_stage:
        found(
            Check.HISTORY,
            f"{_event_name(event)}: recorded to '{event.to_stage}' "
            f"where the stage machine gives '{after.stage}'",
        )
    if action == Action.WIPE and not passed_wipe and after.wiped and not state.wiped:
        # A "passed" wipe with no passed wipe record behind it covers nothing.
        after = stages.DeviceState(after.stage, wiped=False, in_transit=after.in_transit)
    return after


def _resync(replay: _Replay, event: EventRow) -> None:
    """After an event the replay cannot follow, trust what it recorded (each fault once)."""
    replay.stage = _STAGES.get(event.to_stage)


def _follow(
    replay: _Replay, action: Action, event: EventRow, passed_wipe: bool, after: stages.DeviceState | None
) -> None:
    """Move the replay by one event: stage, wipe flag, pending transfer, site and holder.

    The stage is what the event recorded (so that a fault is reported once, where it happened);
    the wipe flag and the transfer are what the stage machine gave, or, for an event it refused,
    what the rules would make of it.
    """
    _resync(replay, event)
    details = event.details
    if action in stages.CUSTODY_CHANGES:
        replay.custody_change = event
    if after is not None:
        replay.wiped = after.wiped
    elif action in stages.CUSTODY_CHANGES:
        replay.wiped = False
    elif passed_wipe:
        replay.wiped = True
    if action == Action.TRANSFER:
        replay.transfer_to = details.get("to_site")
    elif action == Action.RECEIVE_TRANSFER:
        replay.site = details.get("to_site")
        replay.site_known = True
    if action != Action.TRANSFER and (
        action in (Action.RECEIVE_TRANSFER, Action.CANCEL_TRANSFER) or replay.stage not in stages.MOVABLE
    ):
        replay.transfer_to = None
    if action == Action.LEND:
        replay.holder = ("loan", details.get("loan_id"))
    elif action == Action.RESERVE:
        replay.holder = ("reservation", details.get("redemption_id"))
    elif action == Action.HAND_OVER:
        replay.holder = ("allocation", details.get("redemption_id"))
    elif action in {Action.RETURN, Action.REPORT_LOST, Action.UNRESERVE, Action.RETIRE}:
        replay.holder = None


def _check_custody(
    device: DeviceRecord,
    replay: _Replay,
    loan_events: Mapping[int, EventRow],
    reserve_events: Mapping[int, EventRow],
    found: Callable[[Check, str], None],
) -> None:
    active = [loan for loan in device.loans if loan.status == LoanStatus.ACTIVE]
    live = [line for line in device.lines if not line.released]
    reservations = [line for line in live if line.redemption_status in LIVE_RESERVATION]
    allocations = [line for line in live if line.redemption_status in LIVE_ALLOCATION]
    custodies = [
        *(f"active loan {loan.id}" for loan in active),
        *(f"reservation for redemption {line.redemption_id}" for line in reservations),
        *(f"allocation by redemption {line.redemption_id}" for line in allocations),
    ]
    if len(custodies) > 1:
        found(Check.CUSTODY, f"in {len(custodies)} custodies at once: {', '.join(custodies)}")
    for loan in device.loans:
        if loan.id not in loan_events:
            found(Check.CUSTODY, f"loan {loan.id} ({loan.status}) has no lend event")
    for line in device.lines:
        if line.redemption_status != RedemptionStatus.REGISTERED and line.redemption_id not in reserve_events:
            found(Check.CUSTODY, f"redemption {line.redemption_id} lists it but it has no reserve event")
    kind, holder_id = replay.holder or (None, None)
    expected = {
        "loan": [loan.id for loan in active],
        "reservation": [line.redemption_id for line in reservations],
        "allocation": [line.redemption_id for line in allocations],
    }
    for custody, ids in expected.items():
        if custody == kind:
            if holder_id is not None and holder_id not in ids:
                found(
                    Check.CUSTODY,
                    f"its events say {custody} {holder_id} holds it, which the register does not show",
                )
        else:
            for other in ids:
                found(
                    Check.CUSTODY,
                    f"{custody} {other} is open but its events leave it '{replay.stage}'",
                )


# Reading the register --------------------------------------------------------------------------


@dataclass
class AuditReport:
    devices: int = 0
    events: int = 0
    loans: int = 0
    school_lines: int = 0
    findings: Counter[Check] = field(default_factory=Counter)
    seconds: float = 0.0
    inconsistent_devices: int = 0

    @property
    def clean(self) -> bool:
        return not self.findings

    def summary(self) -> str:
        total = sum(self.findings.values())
        counts = ", ".join(f"{check}: {self.findings[check]}" for check in Check if self.findings[check])
        verdict = (
            "no inconsistency"
            if not total
            else f"{_count(total, 'inconsistency', 'inconsistencies')} on "
            f"{_count(self.inconsistent_devices, 'device', 'devices')} ({counts})"
        )
        return (
            f"audited {self.devices} devices, {self.events} events, {self.loans} loans and "
            f"{self.school_lines} school lines in {self.seconds:.2f} s: {verdict}"
        )


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


class Row(Protocol):
    """A row read by position: a plain tuple on SQLite, an asyncpg Record on PostgreSQL."""

    def __getitem__(self, index: int, /) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...


Fetch = Callable[..., Awaitable[Sequence[Row]]]


@contextlib.asynccontextmanager
async def snapshot() -> AsyncIterator[Fetch]:
    """Reads that all see one moment of the database, whatever commits meanwhile.

    PostgreSQL: a READ ONLY, REPEATABLE READ transaction. SQLite (WAL): a read transaction on
    a reader connection, which keeps the snapshot of its first read until it ends.
    """
    engine = db.current_engine()
    if db.is_postgres(engine):
        async with contextlib.AsyncExitStack() as stack:
            if engine.pool is not None:
                connection = await stack.enter_async_context(engine.pool.acquire())
            else:
                connection = await engine.get_new_connection()
                stack.push_async_callback(connection.close)
            async with connection.transaction(isolation="repeatable_read", readonly=True):

                async def fetch_postgres(sql: str, *values: Any) -> Sequence[Row]:
                    rows: Sequence[Row] = await connection.fetch(
                        db.native_placeholders(sql, "postgres"), *values
                    )
                    return rows

                yield fetch_postgres
        return
    if not isinstance(engine, SQLiteEngine):
        raise TypeError(f"unsupported database engine: {engine!r}")
    # A connection of its own: a long read must not hold one of the pool's few readers. Rows
    # as plain tuples, and no type converters: Piccolo's call Python for every integer, and the
    # audit reads millions.
    connection = await aiosqlite.connect(**{**engine.connection_kwargs, "detect_types": 0})
    connection.row_factory = None
    try:
        await connection.execute("BEGIN")

        async def fetch_sqlite(sql: str, *values: Any) -> Sequence[Row]:
            # aiosqlite returns a list, which its type declares only as an Iterable.
            return list(await connection.execute_fetchall(db.native_placeholders(sql, "sqlite"), values))

        yield fetch_sqlite
    finally:
        await connection.close()  # ends the read transaction


# Only these actions' details are read: the others' JSON is not even fetched.
_DETAILED = (
    Action.WIPE,
    Action.LEND,
    Action.RESERVE,
    Action.HAND_OVER,
    Action.TRANSFER,
    Action.RECEIVE_TRANSFER,
    Action.FINISH_REPAIR,
    Action.RETIRE,
)
# Rows are read by position (plain tuples on SQLite, records on PostgreSQL): a million events
# turned into dicts by name would cost more than checking them.
_DEVICES = """
    SELECT device.id, device.asset_tag, device.stage, site.code, destination.code,
           device.wiped_since_custody_change
    FROM device
    LEFT JOIN site ON site.id = device.site
    LEFT JOIN site AS destination ON destination.id = device.transfer_to
    WHERE device.id > {} ORDER BY device.id LIMIT {}
"""
_EVENTS = f"""
    SELECT device, id, action, from_stage, to_stage, CAST(at AS TEXT),
           CASE WHEN action IN ({", ".join(f"'{action.value}'" for action in _DETAILED)}) THEN details END
    FROM device_event
    WHERE device >= {{}} AND device <= {{}} ORDER BY device, id
"""  # noqa: S608 - the IN list is this module's constants
_WIPES = """
    SELECT device, id, result, certificate_number FROM wipe_record
    WHERE device >= {} AND device <= {} ORDER BY device, id
"""
_LOANS = """
    SELECT device, id, status FROM loan WHERE device >= {} AND device <= {} ORDER BY device, id
"""
_LINES = """
    SELECT redemption_device.device, redemption_device.redemption, redemption.status,
           redemption_device.released_at IS NOT NULL
    FROM redemption_device JOIN redemption ON redemption.id = redemption_device.redemption
    WHERE redemption_device.device >= {} AND redemption_device.device <= {}
    ORDER BY redemption_device.device, redemption_device.id
"""
_NO_DETAILS: Mapping[str, Any] = {}


def _details(raw: Any) -> Mapping[str, Any]:
    if raw is None:
        return _NO_DETAILS
    if isinstance(raw, (str, bytes)):
        try:
            raw = msgspec.json.decode(raw)
        except msgspec.DecodeError:
            return _NO_DETAILS
    return raw if isinstance(raw, dict) else _NO_DETAILS


async def read_page(fetch: Fetch, after: int, size: int) -> list[DeviceRecord]:
    """The next `size` devices after id `after`, each with its events, wipes, loans and lines."""
    rows = await fetch(_DEVICES, after, size)
    if not rows:
        return []
    first, last = rows[0][0], rows[-1][0]
    records = {
        row[0]: DeviceRecord(
            id=row[0], asset_tag=row[1], stage=row[2], site=row[3], transfer_to=row[4], wiped=bool(row[5])
        )
        for row in rows
    }
    for device, id_, action, from_stage, to_stage, at, details in await fetch(_EVENTS, first, last):
        records[device].events.append(EventRow(id_, action, from_stage, to_stage, at, _details(details)))
    for device, id_, result, certificate_number in await fetch(_WIPES, first, last):
        records[device].wipes.append(WipeRow(id_, result, certificate_number))
    for device, id_, status in await fetch(_LOANS, first, last):
        records[device].loans.append(LoanRow(id_, status))
    for device, redemption, status, released in await fetch(_LINES, first, last):
        records[device].lines.append(LineRow(redemption, status, bool(released)))
    return list(records.values())


async def audit_register(
    on_finding: Callable[[Finding], None] | None = None,
    *,
    page_size: int = PAGE_DEVICES,
    after_device: int = 0,
) -> AuditReport:
    """Audit every device (with an id above `after_device`) in one snapshot; each finding goes
    to `on_finding` as it is found."""
    report = AuditReport()
    started = time.perf_counter()
    async with snapshot() as fetch:
        after = after_device
        while True:
            page = await read_page(fetch, after, page_size)
            if not page:
                break
            after = page[-1].id
            for record in page:
                report.devices += 1
                report.events += len(record.events)
                report.loans += len(record.loans)
                report.school_lines += len(record.lines)
                findings = check_device(record)
                if findings:
                    report.inconsistent_devices += 1
                for finding in findings:
                    report.findings[finding.check] += 1
                    if on_finding is not None:
                        on_finding(finding)
    report.seconds = time.perf_counter() - started
    return report


async def findings_of_register(page_size: int = PAGE_DEVICES, *, after_device: int = 0) -> list[Finding]:
    """Every finding, in a list: for tests and small registers."""
    collected: list[Finding] = []
    await audit_register(collected.append, page_size=page_size, after_device=after_device)
    return collected
