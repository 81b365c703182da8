"""Wipe evidence: an nwipe report becomes a wipe record, kept byte for byte with its SHA-256;
certificates point to it and can be verified by anyone holding one.

The report is read and hashed off the event loop (offload.Work.EVIDENCE); the wipe, its event,
its certificate number and the original file are written in one transaction, so a report is
either recorded whole or not at all.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

import msgspec

from inventory import db
from inventory.accounts.service import CurrentUser
from inventory.devices import service
from inventory.devices.nwipe import MAX_REPORT_BYTES as MAX_REPORT_BYTES
from inventory.devices.nwipe import NwipeReport, read_nwipe_report
from inventory.devices.rows import (
    DEVICE_COLUMNS,
    WIPE_COLUMNS,
    WIPE_REPORT_COLUMNS,
    BatchSummary,
    BundleCertificate,
    DeviceRow,
    EventRow,
    WipeReportFile,
    WipeReportRow,
    WipeRow,
    device_row,
    wipe_report_row,
    wipe_row,
)
from inventory.devices.schemas import (
    WipeAction,
    WipeOut,
    WipeReportDrive,
    WipeReportOut,
)
from inventory.devices.tables import Device, Event, WipeRecord, WipeReport
from inventory.devices.verification import certificate_code, certificate_content, codes_match
from inventory.devices.vocabulary import MAX_WIPE_PASSES, Action, Verification, WipeResult
from inventory.errors import N_, Conflict, DomainError, InvalidInput, NotFound
from inventory.i18n import ngettext
from inventory.offload import Work
from inventory.offload import run as offload
from inventory.settings import get_settings
from inventory.text import NOTES_MAX_LENGTH

MAX_REPORT_MB = MAX_REPORT_BYTES // (1024 * 1024)
# A multipart form around the file: its boundaries and headers, never megabytes.
FORM_OVERHEAD_BYTES = 64 * 1024
MAX_SERIALS = 32  # as WipeAction.storage_serials
PDF = "application/pdf"
LOG = "text/plain; charset=latin-1"  # nwipe writes bytes; latin-1 shows every one of them


class ReportTooLarge(DomainError):
    status_code = 413

    def __init__(self) -> None:
        super().__init__(
            N_("The report is larger than %(limit_mb)s MB: nwipe's reports are a few hundred kilobytes."),
            reason="report_too_large",
            values={"limit_mb": MAX_REPORT_MB},
        )

    def extra(self) -> dict[str, object]:
        return {"field": "file", "limit_bytes": MAX_REPORT_BYTES}


@dataclass(frozen=True)
class ReadReport:
    """An uploaded report, read: what it says, and the digest of its exact bytes."""

    report: NwipeReport
    sha256: str
    size_bytes: int
    media_type: str


def read_report(data: bytes, tz: tzinfo | None) -> ReadReport:
    """Pure and CPU-bound: hash the bytes, then read them as an nwipe report (or refuse)."""
    if len(data) > MAX_REPORT_BYTES:
        raise ReportTooLarge()
    digest = hashlib.sha256(data).hexdigest()
    report = read_nwipe_report(data, tz=tz)
    media_type = PDF if report.source == "pdf-certificate" else LOG
    return ReadReport(report=report, sha256=digest, size_bytes=len(data), media_type=media_type)


async def read_offloaded(data: bytes) -> ReadReport:
    """`read_report` in a worker thread (offload.Work.EVIDENCE): a 20 MB log takes the CPU for a while."""
    if len(data) > MAX_REPORT_BYTES:
        raise ReportTooLarge()
    return await offload(Work.EVIDENCE, read_report, data, get_settings().tz)


def wipe_action(report: NwipeReport) -> WipeAction:
    """The wipe a report records, by the one method table; a run that did not wipe is refused."""
    if report.method is None:
        raise InvalidInput(
            N_("The nwipe method '%(method)s' is not one Relais knows: record this wipe by hand."),
            reason="unknown_wipe_method",
            values={"method": report.method_label},
            field="file",
        )
    if not report.is_wipe:
        raise InvalidInput(
            N_(
                "This nwipe run only verified the drive (%(method)s): it erased nothing, so it is not a wipe."
            ),
            reason="not_a_wipe",
            values={"method": report.method_label},
            field="file",
        )
    methods = [drive.relais_method for drive in report.drives if drive.relais_method is not None]
    method = report.relais_method or methods[0]
    serials = list(dict.fromkeys(report.storage_serials))[:MAX_SERIALS]
    started = report.started_at
    finished = report.finished_at
    if started and finished and finished < started:
        finished = started
    passes = report.passes
    return WipeAction(
        method=method,
        result=report.result,
        tool=report.tool[:100],
        storage_serials=serials,
        passes=min(passes, MAX_WIPE_PASSES) if passes is not None else None,
        verification=report.verification or Verification.NONE,
        started_at=started,
        finished_at=finished,
        notes=_notes(report)[:NOTES_MAX_LENGTH],
    )


def _notes(report: NwipeReport) -> str:
    """What the report says that the wipe's columns do not: nwipe's method, and each drive."""
    rounds = ngettext("en", ", %(num)s round", ", %(num)s rounds", report.rounds) if report.rounds else ""
    lines = [f"nwipe: {_printable(report.method_label)}{rounds}"]
    for drive in report.drives:
        errors = f"{drive.pass_errors}/{drive.verify_errors}/{drive.sync_errors}"
        name = _printable(drive.name or drive.model or "?")
        lines.append(f"{name}: {_printable(drive.status_text)}, errors (pass/verify/sync) {errors}")
    return "\n".join(lines)


def _printable(text: str) -> str:
    """A report's words as stored text: one line, nothing unprintable (a log may hold junk)."""
    return "".join(char for char in text if char.isprintable())[:200]


def drives_of(report: NwipeReport) -> list[WipeReportDrive]:
    """Each drive as stored with the report and shown before it is recorded."""
    return [
        WipeReportDrive(
            name=_printable(drive.name or (drive.device or "")),
            bus=_printable(drive.bus) if drive.bus else None,
            model=_printable(drive.model) if drive.model else None,
            serial=drive.serial,
            serial_raw=drive.serial_raw,
            size_bytes=drive.size_bytes,
            status=_printable(drive.status_text or drive.status.value),
            pass_errors=drive.pass_errors,
            verify_errors=drive.verify_errors,
            sync_errors=drive.sync_errors,
            bytes_written=drive.bytes_written,
            passes=drive.passes,
            verified=drive.verified,
            passed=drive.passed,
        )
        for drive in report.drives
    ]


def _summary(read: ReadReport) -> dict[str, Any]:
    """What the report said, stored with it as plain JSON."""
    report = read.report
    return {
        "tool": report.tool,
        "version": report.version,
        "method_label": _printable(report.method_label),
        "rounds": report.rounds,
        "drives": msgspec.to_builtins(drives_of(report)),
    }


# ------------------------------------------------------------------------------ known serials


def known_storage_serials(device_events: Sequence[EventRow]) -> list[str]:
    """The storage serials recorded for the device (by its wipes, oldest events first) since
    its storage was last replaced: what a new report of this device must name."""
    known: dict[str, str] = {}
    for event in device_events:
        details = event.details
        if event.action == Action.FINISH_REPAIR and details.get("storage_replaced"):
            known.clear()
        elif event.action == Action.WIPE:
            for serial in details.get("storage_serials") or []:
                known.setdefault(service.normalise_code(serial), serial)
    return list(known.values())


class StorageSerialsMismatch(Conflict):
    def __init__(self, asset_tag: str, unknown: Sequence[str], known: Sequence[str]) -> None:
        super().__init__(
            N_(
                "This report is of other storage than device %(asset_tag)s's: it names %(unknown)s, "
                "the device's known storage serial numbers are %(known)s."
            ),
            reason="storage_serials_mismatch",
            values={"asset_tag": asset_tag, "unknown": ", ".join(unknown), "known": ", ".join(known)},
        )
        self.unknown = list(unknown)
        self.known = list(known)

    def extra(self) -> dict[str, object]:
        return {"report_serials": self.unknown, "known_storage_serials": self.known}


def check_serials(asset_tag: str, known: Sequence[str], report_serials: Sequence[str]) -> None:
    """A device whose storage serials are known takes only a report naming those drives."""
    if not known or not report_serials:
        return
    known_keys = {service.normalise_code(serial) for serial in known}
    unknown = [serial for serial in report_serials if service.normalise_code(serial) not in known_keys]
    if unknown:
        raise StorageSerialsMismatch(asset_tag, unknown, known)


class AlreadyRecorded(Conflict):
    def __init__(self, asset_tag: str, sha256: str) -> None:
        super().__init__(
            N_("This report is already recorded, for device %(asset_tag)s."),
            reason="report_already_recorded",
            values={"asset_tag": asset_tag},
        )
        self.sha256 = sha256

    def extra(self) -> dict[str, object]:
        return {"sha256": self.sha256}


async def _refuse_recorded(sha256: str) -> None:
    rows = await db.fetch(
        "SELECT device.asset_tag FROM wipe_report JOIN device ON device.id = wipe_report.device "
        "WHERE wipe_report.sha256 = {}",
        sha256,
    )
    if rows:
        raise AlreadyRecorded(rows[0]["asset_tag"], sha256)


# ----------------------------------------------------------------------------------- recording


@dataclass(frozen=True)
class Recorded:
    transition: service.Transition
    wipe: WipeRow
    report: WipeReportRow


async def check(asset_tag: str, read: ReadReport) -> WipeAction:
    """What recording would do, refused as recording would refuse it; writes nothing (the
    web form's preview and the import command's plan)."""
    wipe = wipe_action(read.report)
    device = await service.get_device(asset_tag)
    await _refuse_recorded(read.sha256)
    known = known_storage_serials(await service.events(device.asset_tag))
    check_serials(device.asset_tag, known, wipe.storage_serials)
    return wipe


async def record(
    asset_tag: str,
    data: bytes,
    actor: CurrentUser,
    *,
    filename: str = "",
    expected_sha256: str | None = None,
) -> Recorded:
    """Read the report, record the wipe it reports on the device and keep the original; all or
    nothing. `expected_sha256` (a preview's digest) refuses a file that changed since."""
    read_ = await read_offloaded(data)
    if expected_sha256 and expected_sha256 != read_.sha256:
        raise Conflict(N_("The file is not the one previewed: preview it again."), reason="report_changed")
    wipe = wipe_action(read_.report)
    try:
        async with db.transaction():
            return await _record(asset_tag, read_, data, wipe, actor, filename)
    except Exception as error:
        # A racing upload of the same file won: its transaction named it first.
        if db.is_unique_violation(error):
            await _refuse_recorded(read_.sha256)
        raise


async def _record(
    asset_tag: str,
    read_: ReadReport,
    data: bytes,
    wipe: WipeAction,
    actor: CurrentUser,
    filename: str,
) -> Recorded:
    device = await service.get_device(asset_tag)
    await _refuse_recorded(read_.sha256)
    known = known_storage_serials(await service.events(device.asset_tag))
    check_serials(device.asset_tag, known, wipe.storage_serials)
    transition, recorded = await service.record_wipe(device, wipe, actor, {"report_sha256": read_.sha256})
    rows = await WipeReport.insert(
        WipeReport(
            device=device.id,
            wipe=recorded.id,
            sha256=read_.sha256,
            filename=clean_filename(filename),
            media_type=read_.media_type,
            size_bytes=read_.size_bytes,
            kind=read_.report.source,
            summary=_summary(read_),
            content=bytes(data),
            uploaded_by=actor.username,
            created_at=service.now(),
        )
    ).returning(*WIPE_REPORT_COLUMNS)
    # RETURNING gives the JSON as the driver stored it: the summary is the one just written.
    report = wipe_report_row({**rows[0], "summary": _summary(read_)})
    return Recorded(transition=transition, wipe=recorded, report=report)


def clean_filename(name: str) -> str:
    """The uploaded file's own name, without its folders or anything unprintable."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(char for char in base if char.isprintable() and char not in "\"';")[:255]


# ------------------------------------------------------------------------------------- reading


async def reports_of(asset_tag: str) -> tuple[DeviceRow, list[tuple[WipeReportRow, WipeRow]]]:
    """The device and its kept reports, oldest first, each with the wipe it records."""
    device = await service.get_device(asset_tag)
    reports = [
        wipe_report_row(row)
        for row in await WipeReport.select(*WIPE_REPORT_COLUMNS)
        .where(WipeReport.device == device.id)
        .order_by(WipeReport.id)
        .output(load_json=True)
    ]
    wipes = {
        wipe.id: wipe
        for wipe in map(
            wipe_row,
            await WipeRecord.select(*WIPE_COLUMNS)
            .where(WipeRecord.id.is_in([report.wipe for report in reports] or [0]))
            .output(load_json=True),
        )
    }
    return device, [(report, wipes[report.wipe]) for report in reports]


async def original(asset_tag: str, report_id: int) -> WipeReportFile:
    """One kept report with its bytes, as uploaded."""
    device = await service.get_device(asset_tag)
    row = (
        await WipeReport.select(
            WipeReport.content, WipeReport.filename, WipeReport.media_type, WipeReport.sha256
        )
        .where((WipeReport.device == device.id) & (WipeReport.id == report_id))
        .first()
    )
    if row is None:
        raise NotFound(
            N_("device %(asset_tag)s has no wipe report %(report_id)s"),
            reason="no_such_report",
            values={"asset_tag": device.asset_tag, "report_id": report_id},
        )
    return WipeReportFile(
        content=bytes(row["content"]),
        filename=row["filename"],
        media_type=row["media_type"],
        sha256=row["sha256"],
    )


async def report_digests(wipe_ids: Sequence[int]) -> dict[int, str]:
    """The original report's digest of each wipe that has one."""
    if not wipe_ids:
        return {}
    rows = await WipeReport.select(WipeReport.wipe, WipeReport.sha256).where(
        WipeReport.wipe.is_in(list(wipe_ids))
    )
    return {row["wipe"]: row["sha256"] for row in rows}


# ---------------------------------------------------------------------------- verification


def verification_code(asset_tag: str, wipe: WipeRow, report_sha256: str | None) -> str:
    return certificate_code(get_settings().secret_key, certificate_content(asset_tag, wipe, report_sha256))


def verification_url(asset_tag: str, wipe: WipeRow, report_sha256: str | None) -> str | None:
    """The public address that confirms a passed wipe's certificate (None for a failed wipe)."""
    if not wipe.certificate_number:
        return None
    code = verification_code(asset_tag, wipe, report_sha256)
    return f"{get_settings().base_url}/verify/{wipe.certificate_number}/{code}"


def wipe_out(asset_tag: str, wipe: WipeRow, report_sha256: str | None) -> WipeOut:
    number = wipe.certificate_number
    return WipeOut(
        method=wipe.method,
        result=wipe.result,
        tool=wipe.tool,
        storage_serials=list(wipe.storage_serials),
        passes=wipe.passes,
        verification=wipe.verification,
        started_at=wipe.started_at,
        finished_at=wipe.finished_at,
        operator=wipe.operator_name,
        notes=wipe.notes,
        certificate_number=number,
        certificate=f"/api/v1/devices/{asset_tag}/wipe-certificates/{number}.pdf" if number else None,
        verification_url=verification_url(asset_tag, wipe, report_sha256),
    )


def report_out(asset_tag: str, report: WipeReportRow, wipe: WipeRow) -> WipeReportOut:
    summary = report.summary
    return WipeReportOut(
        id=report.id,
        sha256=report.sha256,
        filename=report.filename,
        media_type=report.media_type,
        size_bytes=report.size_bytes,
        kind=report.kind,
        tool_method=summary.get("method_label") or "",
        drives=[WipeReportDrive(**drive) for drive in summary.get("drives", [])],
        uploaded_by=report.uploaded_by,
        created_at=report.created_at,
        download=f"/api/v1/devices/{asset_tag}/wipe-reports/{report.id}",
        wipe=wipe_out(asset_tag, wipe, report.sha256),
    )


@dataclass(frozen=True)
class VerifiedCertificate:
    """What the public verification page shows: only what the donor already knows."""

    certificate_number: str
    make: str
    model: str
    serial_number: str | None
    donor: str
    donor_ref: str | None
    method: str
    verification: str
    wiped_at: datetime
    result: str
    report_sha256: str | None


async def verify(certificate_number: str, code: str) -> VerifiedCertificate | None:
    """The certificate, if the number exists and the code is its own; None otherwise (the
    page then says "not valid" and nothing else, whichever of the two was wrong)."""
    number = service.normalise_code(certificate_number)
    if not number or len(number) > 40 or len(code) > 40:
        return None
    row = (
        await WipeRecord.select(*WIPE_COLUMNS)
        .where((WipeRecord.certificate_number == number) & (WipeRecord.result == WipeResult.PASSED))
        .output(load_json=True)
        .first()
    )
    if row is None:
        return None
    wipe = wipe_row(row)
    device = await service.get_device_by_id(wipe.device)
    digest = (await report_digests([wipe.id])).get(wipe.id)
    if not codes_match(verification_code(device.asset_tag, wipe, digest), code):
        return None
    return VerifiedCertificate(
        certificate_number=number,
        make=device.make,
        model=device.model,
        serial_number=device.serial_number,
        donor=device.donor,
        donor_ref=device.donor_ref,
        method=wipe.method,
        verification=wipe.verification,
        wiped_at=service.wipe_date(wipe),
        result=wipe.result,
        report_sha256=digest,
    )


# -------------------------------------------------------------------------------------- bundle


async def donor_batch(donor: str, batch: str | None) -> tuple[BatchSummary, list[BundleCertificate]]:
    """A donor's batch (or every batch of the donor): the counts of its summary page and
    every certificate of its devices, by asset tag then wipe date: picklable, for a worker."""
    query = Device.select(*DEVICE_COLUMNS).where(Device.donor == donor.strip())
    if batch is not None and batch.strip():
        query = query.where(Device.batch == batch.strip())
    devices = [device_row(row) for row in await query.order_by(Device.asset_tag)]
    if not devices:
        raise NotFound(
            N_("no device of donor '%(donor)s' in batch '%(batch)s'"),
            reason="no_such_batch",
            values={"donor": donor, "batch": batch or "*"},
        )
    ids = [device.id for device in devices]
    wipes = [
        wipe_row(row)
        for row in await WipeRecord.select(*WIPE_COLUMNS)
        .where(WipeRecord.device.is_in(ids))
        .output(load_json=True)
    ]
    digests = await report_digests([wipe.id for wipe in wipes if wipe.certificate_number])
    destroyed_ids = {
        row["device"]
        for row in await Event.select(Event.device, Event.details)
        .where(Event.device.is_in(ids) & (Event.action == Action.RETIRE))
        .output(load_json=True)
        if (row["details"] or {}).get("destruction_certificate_ref")
    }
    by_device: dict[int, list[WipeRow]] = {}
    for wipe in wipes:
        by_device.setdefault(wipe.device, []).append(wipe)
    counts = {"wiped": 0, "failed": 0, "destroyed": 0, "pending": 0}
    certificates = []
    for device in devices:
        own = by_device.get(device.id, [])
        passed = sorted(
            (wipe for wipe in own if wipe.result == WipeResult.PASSED),
            key=lambda wipe: (service.wipe_date(wipe), wipe.id),
        )
        if passed:
            counts["wiped"] += 1
        elif device.id in destroyed_ids:
            counts["destroyed"] += 1
        elif own:
            counts["failed"] += 1
        else:
            counts["pending"] += 1
        for wipe in passed:
            digest = digests.get(wipe.id)
            certificates.append(
                BundleCertificate(
                    device=device,
                    wipe=wipe,
                    report_sha256=digest,
                    verification_url=verification_url(device.asset_tag, wipe, digest),
                )
            )
    summary = BatchSummary(donor=donor.strip(), batch=(batch or "").strip(), devices=len(devices), **counts)
    return summary, certificates


# ------------------------------------------------------------------------------ folder import


@dataclass
class PlannedReport:
    """One file of a wiping station's folder: which device it is of, and what recording does."""

    filename: str
    data: bytes = b""
    read: ReadReport | None = None
    asset_tag: str | None = None
    matched_by: str = ""  # "file name" or "storage serial"
    wipe: WipeAction | None = None
    problem: str = ""  # why it cannot be recorded (a refusal): blocks the whole import
    unmatched: str = ""  # why no device was chosen: listed, skipped, never guessed

    @property
    def ready(self) -> bool:
        return self.wipe is not None and not self.problem and not self.unmatched


def asset_tags_in(name: str) -> list[str]:
    """The asset tags a file name holds ("RL-000042_nwipe.log", "rl-000042.log")."""
    prefix = re.escape(get_settings().asset_tag_prefix)
    return list(
        dict.fromkeys(tag.upper() for tag in re.findall(rf"(?<![A-Z0-9]){prefix}-\d{{6}}(?!\d)", name, re.I))
    )


async def _devices_by_serial() -> dict[str, set[str]]:
    """Every storage serial a wipe recorded, and the devices it was recorded for."""
    rows = await db.fetch(
        "SELECT device.asset_tag, wipe_record.storage_serials FROM wipe_record "
        "JOIN device ON device.id = wipe_record.device"
    )
    found: dict[str, set[str]] = {}
    for row in rows:
        serials = row["storage_serials"]
        if isinstance(serials, str):
            serials = json.loads(serials or "[]")
        for serial in serials or []:
            found.setdefault(service.normalise_code(serial), set()).add(row["asset_tag"])
    return found


async def plan_folder(files: Sequence[tuple[str, bytes]]) -> list[PlannedReport]:
    """What importing these files would do, file by file; nothing is written. A file is matched
    to a device by an asset tag in its name, else by storage serials already known for exactly
    one device; anything else is left unmatched, never guessed."""
    by_serial = await _devices_by_serial()
    plans: list[PlannedReport] = []
    digests: dict[str, str] = {}
    for filename, data in files:
        plan = PlannedReport(filename=filename, data=data)
        plans.append(plan)
        try:
            plan.read = await read_offloaded(data)
        except DomainError as error:
            plan.problem = error.detail
            continue
        if plan.read.sha256 in digests:
            plan.problem = f"the same file as {digests[plan.read.sha256]}"
            continue
        digests[plan.read.sha256] = filename
        tags = asset_tags_in(filename)
        serials = plan.read.report.storage_serials
        if len(tags) > 1:
            plan.unmatched = f"its name holds several asset tags ({', '.join(tags)})"
            continue
        if tags:
            plan.asset_tag, plan.matched_by = tags[0], "file name"
        elif serials:
            owners = [by_serial.get(service.normalise_code(serial), set()) for serial in serials]
            candidates = set.intersection(*owners) if owners else set()
            if len(candidates) == 1:
                plan.asset_tag, plan.matched_by = candidates.pop(), "storage serial"
            elif candidates:
                plan.unmatched = (
                    f"its storage serials are known for several devices ({', '.join(sorted(candidates))})"
                )
                continue
            else:
                plan.unmatched = "no asset tag in its name, and no device has its storage serials"
                continue
        else:
            plan.unmatched = "no asset tag in its name, and no readable storage serial"
            continue
        try:
            plan.wipe = await check(plan.asset_tag, plan.read)
        except DomainError as error:
            plan.problem = error.detail
    return plans


async def record_planned(plans: Sequence[PlannedReport], actor: CurrentUser) -> list[Recorded]:
    """Record every ready file's wipe in one transaction: all of them, or none. A device's
    files go in the order of their runs, so a failed run then a passed one both count."""
    ready = sorted(
        (plan for plan in plans if plan.ready),
        key=lambda plan: (
            plan.asset_tag or "",
            plan.read.report.started_at or datetime.min if plan.read else datetime.min,
        ),
    )
    recorded = []
    async with db.transaction():
        for plan in ready:
            assert plan.read is not None and plan.wipe is not None and plan.asset_tag is not None
            recorded.append(
                await _record(plan.asset_tag, plan.read, plan.data, plan.wipe, actor, plan.filename)
            )
    return recorded
