"""Reading nwipe's own reports: its log (`nwipe -l FILE`) and its 0.35+ PDF certificate.

Pure: takes the report's bytes (or text), returns what nwipe wrote about the run and each drive,
with nothing read from disk, the database or the network. What nwipe writes was read from its
source (`logging.c`, `method.c`, `device.c`, `options.c`, `create_pdf.c`, 0.2x to 0.38) and from
logs made by the real tool (`tests/devices/nwipe_logs/`).

Times: nwipe writes the wiping station's local clock with no zone. Without `tz` they come back
naive; with `tz` (the programme's zone, `Settings.tz`) they are that zone's local times.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum

import msgspec

from inventory.devices.vocabulary import Verification, WipeMethod, WipeResult
from inventory.errors import N_, InvalidInput, Nn_

MAX_REPORT_BYTES = 20 * 1024 * 1024
"""The largest report read: a log of a 24-drive run is a few hundred kilobytes."""

TOOL = "nwipe"

MAX_LINES = 1_000_000
"""nwipe's log lines are 20 to 512 characters: 20 MB of them is under 1,000,000 lines. A file of
more lines (20 MB of line breaks) is refused at once rather than walked line by line."""

MAX_LINE_CHARS = 4096
"""nwipe caps a log line at 512 characters; longer ones are cut here, so that no pattern ever
scans a line of megabytes."""


class NwipeMethod(msgspec.Struct, frozen=True):
    """One of nwipe's methods: the label its log prints, its `--method` name, and what it is
    in Relais's words (None: not a wipe, e.g. a verification alone)."""

    label: str
    option: str
    relais_method: WipeMethod | None


# The one table from nwipe's methods to Relais's. A single overwrite (zeros, ones, a PRNG stream)
# is NIST SP 800-88 Clear; any method of three passes or more is `overwrite-3-pass`, its real
# pass count travels in `passes`. Labels are `method.c`'s `nwipe_*_label` strings, old and new.
NWIPE_METHODS: tuple[NwipeMethod, ...] = (
    NwipeMethod("Fill With Zeros", "zero", WipeMethod.OVERWRITE_1),
    NwipeMethod("Quick Erase", "zero", WipeMethod.OVERWRITE_1),  # the zero method before 0.30
    NwipeMethod("Fill With Ones", "one", WipeMethod.OVERWRITE_1),
    NwipeMethod("PRNG Stream", "random", WipeMethod.OVERWRITE_1),
    NwipeMethod("DoD Short", "dodshort", WipeMethod.OVERWRITE_3),
    NwipeMethod("DoD 5220.22-M", "dod522022m", WipeMethod.OVERWRITE_3),
    NwipeMethod("Gutmann Wipe", "gutmann", WipeMethod.OVERWRITE_3),
    NwipeMethod("RCMP TSSIT OPS-II", "ops2", WipeMethod.OVERWRITE_3),
    NwipeMethod("HMG IS5 Enhanced", "is5enh", WipeMethod.OVERWRITE_3),
    NwipeMethod("Bruce Schneier 7-Pass", "bruce7", WipeMethod.OVERWRITE_3),
    NwipeMethod("BMB21-2019", "bmb", WipeMethod.OVERWRITE_3),
    # The drive's own erase commands (nwipe's development line): ATA Secure Erase, or an NVMe
    # format on an NVMe drive (see `relais_method_for`).
    NwipeMethod("Secure Erase (ATA/NVMe)", "secure_erase", WipeMethod.ATA_SECURE_ERASE),
    NwipeMethod("Secure Erase + PRNG + Verify", "secure_erase_prng", WipeMethod.ATA_SECURE_ERASE),
    NwipeMethod("Sanitize Crypto Erase (ATA/SCSI/NVMe)", "sanitize_crypto", WipeMethod.CRYPTO_ERASE),
    NwipeMethod("Sanitize Block Erase (ATA/SCSI/NVMe)", "sanitize_block", WipeMethod.NIST_PURGE),
    NwipeMethod("Sanitize Overwrite (ATA/SCSI/NVMe)", "sanitize_overwrite", WipeMethod.NIST_PURGE),
    # Verifications alone: they read the drive and write nothing, so they never wipe it.
    NwipeMethod("Verify Zeros (0x00)", "verify_zero", None),
    NwipeMethod("Verify Ones (0xFF)", "verify_one", None),
    NwipeMethod("Verify Blank", "verify", None),
)

_METHODS_BY_LABEL = {" ".join(method.label.split()).casefold(): method for method in NWIPE_METHODS}


def method_for_label(label: str) -> NwipeMethod | None:
    """nwipe's method from the label its log or certificate prints (spacing and case aside)."""
    return _METHODS_BY_LABEL.get(" ".join(label.split()).casefold())


def relais_method_for(method: NwipeMethod | None, bus: str | None) -> WipeMethod | None:
    """Relais's method for one drive: nwipe's secure erase is an NVMe format on an NVMe drive."""
    if method is None:
        return None
    if method.relais_method is WipeMethod.ATA_SECURE_ERASE and (bus or "").upper() == "NVME":
        return WipeMethod.NVME_FORMAT
    return method.relais_method


class NwipeStatus(StrEnum):
    """A drive's outcome, spelt as the log's Drive Status table has it."""

    ERASED = "Erased"
    FAILED = "FAILED"
    ABORTED = "UABORTED"  # the operator interrupted the run
    INSANITY = "INSANITY"  # nwipe's own "this is a bug" state
    UNKNOWN = "unknown"  # a word this reader does not know (a future version's)


# The table's 8-character words and the certificate's words for the same outcomes.
_STATUS_WORDS = {
    "erased": NwipeStatus.ERASED,
    "failed": NwipeStatus.FAILED,
    "fail": NwipeStatus.FAILED,
    "uaborted": NwipeStatus.ABORTED,
    "aborted": NwipeStatus.ABORTED,
    "insanity": NwipeStatus.INSANITY,
}

_VERIFICATION_WORDS = {
    "0": Verification.NONE,
    "off": Verification.NONE,
    "nv": Verification.NONE,
    "none": Verification.NONE,
    "verify none": Verification.NONE,
    "1": Verification.LAST_PASS,
    "last pass": Verification.LAST_PASS,
    "last": Verification.LAST_PASS,
    "vl": Verification.LAST_PASS,
    "verify last": Verification.LAST_PASS,
    "2": Verification.ALL_PASSES,
    "all passes": Verification.ALL_PASSES,
    "all": Verification.ALL_PASSES,
    "va": Verification.ALL_PASSES,
    "verify all": Verification.ALL_PASSES,
}


class DriveReport(msgspec.Struct, frozen=True, kw_only=True):
    """What nwipe reported about one drive of the run."""

    device: str | None  # "/dev/sda"; None on a certificate, which does not print it
    name: str  # as the summary tables print it: "sda", "nvme0n1", "loop0"
    bus: str | None  # nwipe's bus type: "ATA", "NVME", "USB", "SAS", "VIRT", "MMC", ...
    model: str | None
    serial: str | None  # None when nwipe found none, was told to hide it (-q), or read junk
    serial_raw: str | None  # as written, non-printable characters escaped (\x07): evidence
    size_bytes: int | None
    size_text: str | None  # nwipe's own rounding: "500 GB"
    status: NwipeStatus
    status_text: str  # the word as written
    pass_errors: int
    verify_errors: int
    sync_errors: int
    bytes_written: int  # every byte the write passes of this run wrote to the drive
    passes: int  # write passes that wrote something, the final blanking pass included
    passes_per_round: int | None
    rounds_completed: int
    verified: bool  # a verification read ran to its end and found no difference
    started_at: datetime | None
    finished_at: datetime | None
    duration_seconds: int | None  # nwipe's own HH:MM:SS for the drive
    throughput: str | None
    hidden_sectors: bool | None  # nwipe 0.35+ found an HPA/DCO hidden area; None: not checked
    relais_method: WipeMethod | None
    passed: bool  # see `drive_passed`


class NwipeReport(msgspec.Struct, frozen=True, kw_only=True):
    """One nwipe run: its options, and every drive it wiped."""

    source: str  # "log" or "pdf-certificate"
    version: str | None  # "0.33"; Debian's 0.34 package calls itself 0.33
    banner: str | None
    method: NwipeMethod | None  # None for a label this reader does not know
    method_label: str
    rounds: int | None
    verification: Verification | None
    final_blank: bool | None
    prng: str | None
    started_at: datetime | None
    finished_at: datetime | None
    drives: tuple[DriveReport, ...]

    @property
    def tool(self) -> str:
        """The wipe record's tool and version: "nwipe 0.37"."""
        return f"{TOOL} {self.version}" if self.version else TOOL

    @property
    def is_wipe(self) -> bool:
        return self.method is not None and self.method.relais_method is not None

    @property
    def relais_method(self) -> WipeMethod | None:
        """The run's method in Relais's words, when every drive's is the same."""
        methods = {drive.relais_method for drive in self.drives}
        return methods.pop() if len(methods) == 1 else None

    @property
    def passed(self) -> bool:
        """A passed wipe: every drive of the run passed."""
        return bool(self.drives) and all(drive.passed for drive in self.drives)

    @property
    def result(self) -> WipeResult:
        return WipeResult.PASSED if self.passed else WipeResult.FAILED

    @property
    def storage_serials(self) -> tuple[str, ...]:
        """The serials that were read (junk and hidden ones left out), in the run's order."""
        return tuple(drive.serial for drive in self.drives if drive.serial)

    @property
    def passes(self) -> int | None:
        """Write passes of the run: the fewest any of its drives received."""
        return min((drive.passes for drive in self.drives), default=None)


def drive_passed(
    status: NwipeStatus,
    pass_errors: int,
    verify_errors: int,
    sync_errors: int,
    method: WipeMethod | None,
    hidden_sectors: bool | None,
) -> bool:
    """The one rule: Erased, without any error, by a method that wipes, and no hidden area left
    unwiped (nwipe's own certificate warns "hidden sectors NOT erased" then)."""
    return (
        status is NwipeStatus.ERASED
        and pass_errors == 0
        and verify_errors == 0
        and sync_errors == 0
        and method is not None
        and hidden_sectors is not True
    )


def read_nwipe_report(data: bytes | str, *, tz: tzinfo | None = None) -> NwipeReport:
    """Either report nwipe writes: a PDF certificate (by its signature) or a log."""
    if isinstance(data, bytes | bytearray) and bytes(data[:1024]).lstrip().startswith(b"%PDF-"):
        return parse_nwipe_certificate(bytes(data), tz=tz)
    return parse_nwipe_log(data, tz=tz)


# --------------------------------------------------------------------------------------- checks


def _refuse(message: str, reason: str, **values: object) -> InvalidInput:
    return InvalidInput(message, reason=reason, values=values or None, field="file")


def _check_size(data: bytes | str) -> None:
    size = len(data.encode("utf-8", "surrogateescape")) if isinstance(data, str) else len(data)
    if size > MAX_REPORT_BYTES:
        raise _refuse(
            N_("The report is larger than %(limit_mb)s MB."),
            "report_too_large",
            limit_mb=MAX_REPORT_BYTES // (1024 * 1024),
        )
    if not (data.strip() if isinstance(data, str) else bytes(data).strip()):
        raise _refuse(N_("The report is empty."), "report_empty")


# ------------------------------------------------------------------------------------------ log

_STAMP = r"\[(\d{4})/(\d{1,2})/(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})\]"
# "[2024/01/31 10:00:00]  notice: text"; nwipe before 0.27 wrote "] nwipe: notice: text".
_RECORD = re.compile(_STAMP + r" +(?:nwipe: +)?(debug|info|notice|warning|error|fatal|sanity): ?(.*)", re.S)
_STAMPED = re.compile(r"^" + _STAMP)
_TABLE_LINE = re.compile(r"^(\*{10}|-{20}|!\s+Device \||[! ] *\S+ +\||Creating PDF report|\s*$)")
_TOTAL = re.compile(_STAMP + r" Total Throughput\s+(.*?)/s, (.*), (\d{1,6})R\+(N?B)\+(NV|VL|VA)\s*$", re.S)
_DEVICE_PATH = re.compile(r"/dev/[^\s',]+")
_VERSION = re.compile(r"(\d+\.\d+(?:\.\d+)?)")

_FOUND = re.compile(r"Found (/dev/\S+?), (\S*), (.*), ([^,]*), S/N=(.*)", re.S)
_SERIAL_NOTICE = re.compile(r"(/dev/\S+) has serial number (.*)", re.S)
_GEOMETRY = re.compile(r"(/dev/\S+), sect/blk/dev \d+/\d+/(\d{1,20})\b")
_INVOKING = re.compile(r"Invoking method '(.*)' on (/dev/\S+)")
_PASS = re.compile(r"Starting pass \d+/(\d{1,6}), round \d+/\d+, on (/dev/\S+)")
_ROUND_DONE = re.compile(r"Finished (?:final )?round (\d{1,6}) of \d+ on (/dev/\S+)")
_WRITTEN = re.compile(r"(\d{1,20}) bytes written to (/dev/\S+)")
_VERIFIED = re.compile(
    r"\[SUCCESS\] Verified (?:that )?(?:FRP on )?'?(/dev/[^\s']+)"
    r"|Verified pass \d+ of \d+, round \d+ of \d+, on '(/dev/[^']+)'"
)
_HIDDEN = re.compile(r"\s*\*\*\* HIDDEN SECTORS DETECTED ! \*\*\* on (/dev/\S+)")
_NOT_HIDDEN = re.compile(r"No hidden sectors on (/dev/\S+)")
_OPTION = re.compile(r"^  (banner|method|prng|rounds|verify) *= (.*)$", re.S)


@dataclass
class _Drive:
    """What the log's notices say about one device, gathered line by line."""

    device: str
    bus: str | None = None
    model: str | None = None
    serial_raw: str | None = None
    size_text: str | None = None
    size_bytes: int | None = None
    method_label: str | None = None
    started_at: datetime | None = None
    last_seen: datetime | None = None
    passes_per_round: int | None = None
    rounds_completed: int = 0
    bytes_written: int = 0
    passes: int = 0
    verifications: int = 0
    hidden_sectors: bool | None = None


@dataclass
class _Row:
    name: str
    status_text: str = ""
    throughput: str | None = None
    duration_seconds: int | None = None
    model_serial: str | None = None
    errors: tuple[int, int, int] | None = None


@dataclass
class _Run:
    """One run's records: a log file is appended to, so it may hold several."""

    records: list[str] = field(default_factory=list)
    error_rows: list[_Row] = field(default_factory=list)
    status_rows: list[_Row] = field(default_factory=list)
    has_options: bool = False
    total: re.Match[str] | None = None


def parse_nwipe_log(data: bytes | str, *, tz: tzinfo | None = None) -> NwipeReport:
    """The run an nwipe log reports, or an InvalidInput saying why the file is not one."""
    _check_size(data)
    # Every byte maps to one character: junk read as a serial stays junk, never an error.
    text = _decoded(data).replace("\r\n", "\n")
    if text.count("\n") > MAX_LINES:
        raise _refuse(N_("This file is not an nwipe log."), "not_nwipe_log")
    runs = list(_split_runs(_logical_lines(text)))
    if not any(_looks_like_nwipe(run) for run in runs):
        raise _refuse(N_("This file is not an nwipe log."), "not_nwipe_log")
    finished = [run for run in runs if run.status_rows]
    if not finished:
        raise _refuse(
            N_(
                "The nwipe log is incomplete: it has no Drive Status table "
                "(the run did not finish, or the file was cut short)."
            ),
            "report_truncated",
        )
    if len(finished) > 1:
        raise _refuse(
            Nn_(
                "The nwipe log holds %(count)s run: give each run in its own file.",
                "The nwipe log holds %(count)s runs: give each run in its own file.",
                "count",
            ),
            "several_runs",
            count=len(finished),
        )
    if finished[0].total is None:
        raise _refuse(
            N_("The nwipe log is incomplete: its Drive Status table is cut short."), "report_truncated"
        )
    return _report_from_run(finished[0], tz)


def _decoded(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    data = bytes(data)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # re-saved by a Windows editor
        return data.decode("utf-16", "replace")
    # Every byte maps to one character: junk read as a serial stays junk, never an error.
    return data.removeprefix(b"\xef\xbb\xbf").decode("latin-1")


def _logical_lines(text: str) -> Iterator[str]:
    """The log's lines, a line that continues the previous one joined back to it: nwipe prints
    a serial's junk bytes as they are, a newline among them included."""
    current: str | None = None
    for line in text.split("\n"):
        if current is not None and not (_STAMPED.match(line) or _TABLE_LINE.match(line)):
            if len(current) < MAX_LINE_CHARS:
                current += "\n" + line
            continue
        if current is not None:
            yield current[:MAX_LINE_CHARS]
        current = line
    if current is not None:
        yield current[:MAX_LINE_CHARS]


def _split_runs(lines: Iterable[str]) -> Iterator[_Run]:
    run = _Run()
    table: str | None = None
    for line in lines:
        record = _RECORD.match(line)
        # A log file is appended to: a record after a run's summary, or a second options
        # manifest, belongs to the next run.
        starts_options = record is not None and record.group(8).startswith("Program options are set as")
        if record and (
            (run.total is not None and not record.group(8).startswith("Nwipe "))
            or (starts_options and run.has_options)
        ):
            yield run
            run = _Run()
            table = None
        if starts_options:
            run.has_options = True
        if "Error Summary" in line and line.startswith("*"):
            table = "errors"
        elif "Drive Status" in line and line.startswith("*"):
            table = "status"
        elif table is not None and (total := _TOTAL.match(line)):
            run.total = total
            table = None
        elif table is not None and line.startswith("-" * 20):
            continue
        elif table is not None and line.startswith("*" * 20):
            table = None
        elif table is not None and "|" in line and not re.match(r"^!\s+Device \|", line):
            row = _table_row(line, table)
            if row is not None:
                (run.error_rows if table == "errors" else run.status_rows).append(row)
        elif record:
            run.records.append(line)
    yield run


def _table_row(line: str, table: str) -> _Row | None:
    cells = line.split("|", 4)
    name = cells[0][1:].strip()
    if not name:
        return None
    row = _Row(name=name)
    if table == "errors":
        counts = [count for count in (_int(cell) for cell in cells[1:4]) if count is not None]
        if len(counts) == 3:
            row.errors = (counts[0], counts[1], counts[2])
        return row
    if len(cells) >= 2:
        row.status_text = cells[1].strip()
    if len(cells) >= 3:
        row.throughput = cells[2].strip() or None
    if len(cells) >= 4:
        row.duration_seconds = _duration(cells[3].strip())
    if len(cells) >= 5:
        row.model_serial = cells[4].rstrip("\n")
    return row


def _int(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and len(text) <= 20 else None


def _duration(text: str) -> int | None:
    match = re.fullmatch(r"(\d{1,6}):(\d{2}):(\d{2})", text)
    if not match:
        return None
    hours, minutes, seconds = (int(part) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _looks_like_nwipe(run: _Run) -> bool:
    # A run's records are the lines _RECORD matched when the run was read.
    messages = [match.group(8) for line in run.records if (match := _RECORD.match(line))]
    markers = (
        "Program options are set as follows",
        "Invoking method '",
        "  banner   = nwipe",
        "nwipe ",
    )
    return bool(run.status_rows or run.error_rows) or any(
        message.startswith(marker) for message in messages for marker in markers
    )


def _stamp(groups: tuple[str, ...], tz: tzinfo | None) -> datetime | None:
    try:
        year, month, day, hour, minute, second = (int(part) for part in groups)
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:  # an impossible date: a damaged line, not a time
        return None
    return moment.replace(tzinfo=tz) if tz is not None else moment


def _clean_device(path: str) -> str:
    return path.rstrip(".'\",:;")


def _report_from_run(run: _Run, tz: tzinfo | None) -> NwipeReport:
    options: dict[str, str] = {}
    drives: dict[str, _Drive] = {}
    first_moment: datetime | None = None
    version_line: str | None = None

    def drive(path: str) -> _Drive:
        path = _clean_device(path)
        return drives.setdefault(path, _Drive(device=path))

    for line in run.records:
        record = _RECORD.match(line)
        assert record is not None  # records are the lines that matched
        moment = _stamp(record.groups()[:6], tz)
        first_moment = first_moment or moment
        message = record.group(8)
        if option := _OPTION.match(message):
            options.setdefault(option.group(1), option.group(2).strip())
            continue
        if record.group(7) == "info" and message.startswith("nwipe ") and version_line is None:
            version_line = message.strip()
        if found := _FOUND.match(message):
            item = drive(found.group(1))
            item.bus = found.group(2).strip() or None
            item.model = found.group(3).strip() or None
            item.size_text = " ".join(found.group(4).split()) or None
            item.serial_raw = found.group(5)
            continue
        if serial := _SERIAL_NOTICE.match(message):
            item = drive(serial.group(1))
            item.serial_raw = item.serial_raw if item.serial_raw is not None else serial.group(2)
            continue
        if geometry := _GEOMETRY.match(message):
            drive(geometry.group(1)).size_bytes = int(geometry.group(2))
            continue
        if invoking := _INVOKING.match(message):
            item = drive(invoking.group(2))
            item.method_label = invoking.group(1)
            item.started_at = item.started_at or moment
        elif starting := _PASS.match(message):
            drive(starting.group(2)).passes_per_round = int(starting.group(1))
        elif done := _ROUND_DONE.match(message):
            item = drive(done.group(2))
            item.rounds_completed = max(item.rounds_completed, int(done.group(1)))
        elif written := _WRITTEN.match(message):
            item = drive(written.group(2))
            if int(written.group(1)) > 0:
                item.bytes_written += int(written.group(1))
                item.passes += 1
        elif verified := _VERIFIED.search(message):
            drive(verified.group(1) or verified.group(2)).verifications += 1
        elif hidden := _HIDDEN.match(message):
            drive(hidden.group(1)).hidden_sectors = True
        elif not_hidden := _NOT_HIDDEN.match(message):
            drive(not_hidden.group(1)).hidden_sectors = False
        for path in _DEVICE_PATH.findall(message):
            seen = drives.get(_clean_device(path))
            if seen is not None and seen.started_at is not None and moment is not None:
                seen.last_seen = moment

    method_label = _method_label(run, options, drives)
    method = method_for_label(method_label) if method_label else None
    banner = options.get("banner") or version_line
    verification = _verification(run, options)
    final_blank = None
    if run.total is not None:
        final_blank = run.total.group(10) == "B"
    rounds = _int(options.get("rounds", "")) or (int(run.total.group(9)) if run.total else None)

    reports = tuple(_drive_report(row, run, drives, method, tz) for row in run.status_rows)
    starts = [item.started_at for item in reports if item.started_at]
    ends = [item.finished_at for item in reports if item.finished_at]
    total_moment = _stamp(run.total.groups()[:6], tz) if run.total else None
    return NwipeReport(
        source="log",
        version=_version(banner),
        banner=banner,
        method=method,
        method_label=method_label or "",
        rounds=rounds,
        verification=verification,
        final_blank=final_blank,
        prng=options.get("prng"),
        started_at=min(starts) if starts else first_moment,
        finished_at=max(ends) if ends else total_moment,
        drives=reports,
    )


def _method_label(run: _Run, options: dict[str, str], drives: dict[str, _Drive]) -> str | None:
    if options.get("method"):
        return options["method"]
    if run.total is not None:
        return run.total.group(8).strip()
    labels = [item.method_label for item in drives.values() if item.method_label]
    return labels[0] if labels else None


def _verification(run: _Run, options: dict[str, str]) -> Verification | None:
    if "verify" in options:
        # "1 (last pass)": the number is the option's value, the words say what it is.
        words = re.match(r"(\d+)(?: \((.*)\))?", options["verify"])
        if words:
            found = _VERIFICATION_WORDS.get((words.group(2) or words.group(1)).casefold())
            if found is not None:
                return found
    if run.total is not None:
        return _VERIFICATION_WORDS[run.total.group(11).casefold()]
    return None


def _version(banner: str | None) -> str | None:
    # "nwipe 0.33"; ShredOS's banners end with the nwipe version they ship ("..._0.37").
    numbers = _VERSION.findall(banner or "")
    return numbers[-1] if numbers else None


def _match_drive(name: str, drives: dict[str, _Drive]) -> _Drive | None:
    """The notices' device for a table row: the tables print the path without /dev/."""
    candidates = [item for path, item in drives.items() if path == name or path == f"/dev/{name}"]
    if not candidates:
        candidates = [item for path, item in drives.items() if path.endswith("/" + name)]
    if not candidates:  # a long name the table cut short
        candidates = [item for path, item in drives.items() if name and name in path]
    return candidates[0] if len(candidates) == 1 else None


def _drive_report(
    row: _Row, run: _Run, drives: dict[str, _Drive], method: NwipeMethod | None, tz: tzinfo | None
) -> DriveReport:
    found = _match_drive(row.name, drives) or _Drive(device="")
    errors_row = next((item for item in run.error_rows if item.name == row.name), None)
    if errors_row is None or errors_row.errors is None:
        raise _refuse(
            N_("The nwipe log is incomplete: the Error Summary table has no line for %(drive)s."),
            "report_truncated",
            drive=row.name,
        )
    pass_errors, verify_errors, sync_errors = errors_row.errors
    model, serial_raw = found.model, found.serial_raw
    if row.model_serial is not None and (model is None or serial_raw is None):
        table_model, _, table_serial = row.model_serial.partition("/")
        model = model or table_model.strip() or None
        serial_raw = serial_raw if serial_raw is not None else table_serial
    status = _STATUS_WORDS.get(row.status_text.strip(" -").casefold(), NwipeStatus.UNKNOWN)
    relais_method = relais_method_for(method, found.bus)
    started_at = found.started_at
    finished_at = found.last_seen
    if started_at is not None and row.duration_seconds is not None:
        # nwipe's own clock for the drive: its end is start + the table's HH:MM:SS.
        try:
            finished_at = max(finished_at or started_at, started_at + timedelta(seconds=row.duration_seconds))
        except OverflowError:  # a damaged duration past the year 9999
            pass
    return DriveReport(
        device=found.device or None,
        name=row.name,
        bus=found.bus,
        model=model,
        serial=clean_serial(serial_raw, found.bus),
        serial_raw=_escaped(serial_raw),
        size_bytes=found.size_bytes,
        size_text=found.size_text,
        status=status,
        status_text=row.status_text.strip(),
        pass_errors=pass_errors,
        verify_errors=verify_errors,
        sync_errors=sync_errors,
        bytes_written=found.bytes_written,
        passes=found.passes,
        passes_per_round=found.passes_per_round,
        rounds_completed=found.rounds_completed,
        verified=found.verifications > 0 and verify_errors == 0,
        started_at=started_at,
        finished_at=finished_at,
        duration_seconds=row.duration_seconds,
        throughput=row.throughput,
        hidden_sectors=found.hidden_sectors,
        relais_method=relais_method,
        passed=drive_passed(
            status, pass_errors, verify_errors, sync_errors, relais_method, found.hidden_sectors
        ),
    )


_PRINTABLE_SERIAL = re.compile(r"[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?")
_HIDDEN_SERIAL = re.compile(r"X+|\?+|Unknown|unknown|\(none\)")


def clean_serial(raw: str | None, bus: str | None = None) -> str | None:
    """A storage serial as Relais keeps it, or None: absent, hidden by `nwipe -q` (XXXX, ????),
    or junk. nwipe prints whatever bytes are in memory for a virtual device (VIRT: a loop
    device has no serial), sometimes printable ("`"): those are never kept. Elsewhere a serial
    must be printable ASCII with a letter or digit, as drive firmware reports them."""
    if raw is None or (bus or "").upper() == "VIRT":
        return None
    serial = raw.strip(" \t")
    if (
        not _PRINTABLE_SERIAL.fullmatch(serial)
        or _HIDDEN_SERIAL.fullmatch(serial)
        or not any(char.isalnum() for char in serial)
    ):
        return None
    return serial[:100]


def _escaped(raw: str | None) -> str | None:
    if raw is None:
        return None
    return "".join(char if 0x20 <= ord(char) < 0x7F else f"\\x{ord(char):02x}" for char in raw)[:200]


# ---------------------------------------------------------------------------------- certificate

# Page 1 of the certificate (`create_pdf.c`, `create_single_disc_pdf.c`): each label and its
# value are separate texts on one line, so the page is read by position, label by label.
_PDF_LABELS = (
    "Make/Model:",
    "Serial:",
    "Bus:",
    "Size(Apparent):",
    "Size(Real):",
    "Start time:",
    "End time:",
    "Duration:",
    "Status:",
    "Method:",
    "PRNG algorithm:",
    "Final Pass(Zeros/Ones/None):",
    "Verify Pass(Last/All/None):",
    "*Bytes Erased:",
    "Rounds(completed/requested):",
    "HPA/DCO:",
    "HPA/DCO Size:",
    "Throughput:",
    "Errors(pass/sync/verify):",
    "Information:",
    "Name/ID:",
    "Signature:",
    "Business Name:",
    "Business Address:",
    "Contact Name:",
    "Contact Phone:",
    "Name:",
    "Address:",
)
_PDF_LABEL = re.compile("|".join(re.escape(label) for label in sorted(_PDF_LABELS, key=len, reverse=True)))
_PDF_FOOTER = re.compile(r"Dis[ck] Erasure by NWIPE version\s*(\S+)", re.I)
_PDF_TIME = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2}) (\d{1,2}):(\d{2}):(\d{2})")


def parse_nwipe_certificate(data: bytes, *, tz: tzinfo | None = None) -> NwipeReport:
    """The drive an nwipe (0.35+) PDF certificate reports, read from its first page's text."""
    _check_size(data)
    text = _pdf_first_page_text(data)
    if "Disk Erasure Report" not in text and not _PDF_FOOTER.search(text):
        raise _refuse(N_("This PDF is not an nwipe certificate."), "not_nwipe_certificate")
    fields: dict[str, str] = {}
    for line in text.splitlines():
        labels = list(_PDF_LABEL.finditer(line))
        for index, label in enumerate(labels):
            end = labels[index + 1].start() if index + 1 < len(labels) else len(line)
            fields.setdefault(label.group(0), line[label.end() : end].strip())
    for required in ("Status:", "Method:", "Errors(pass/sync/verify):"):
        if not fields.get(required):
            raise _refuse(
                N_("The nwipe certificate is incomplete: it has no %(field)s."),
                "report_truncated",
                field=required.rstrip(":"),
            )
    footer = _PDF_FOOTER.search(text)
    version = _version(footer.group(1)) if footer else None
    method_label = fields["Method:"]
    method = method_for_label(method_label)
    errors = [_int(part) for part in fields["Errors(pass/sync/verify):"].split("/")]
    if len(errors) != 3 or any(count is None for count in errors):
        raise _refuse(
            N_("The nwipe certificate is incomplete: it has no %(field)s."),
            "report_truncated",
            field="Errors(pass/sync/verify)",
        )
    pass_errors, sync_errors, verify_errors = (count or 0 for count in errors)
    status_text = fields["Status:"].split()[0]
    status = _STATUS_WORDS.get(status_text.casefold(), NwipeStatus.UNKNOWN)
    bus = fields.get("Bus:") or None
    relais_method = relais_method_for(method, bus)
    size = re.match(r"(.*?),\s*(\d{1,20}) bytes", fields.get("Size(Apparent):", ""))
    bytes_erased = re.match(r"(\d{1,20})", fields.get("*Bytes Erased:", ""))
    rounds = re.match(r"(\d{1,6})/(\d{1,6})", fields.get("Rounds(completed/requested):", ""))
    verification = _VERIFICATION_WORDS.get(fields.get("Verify Pass(Last/All/None):", "").casefold())
    final_pass = fields.get("Final Pass(Zeros/Ones/None):", "").casefold()
    started_at = _pdf_time(fields.get("Start time:", ""), tz)
    finished_at = _pdf_time(fields.get("End time:", ""), tz)
    serial_raw = fields.get("Serial:")
    hpa = fields.get("HPA/DCO:", "").casefold()
    hidden_sectors = True if "hidden sectors found" in hpa else False if "no hidden sectors" in hpa else None
    drive = DriveReport(
        device=None,
        name="",
        bus=bus,
        model=fields.get("Make/Model:") or None,
        serial=clean_serial(serial_raw, bus),
        serial_raw=_escaped(serial_raw),
        size_bytes=int(size.group(2)) if size else None,
        size_text=size.group(1).strip() if size else None,
        status=status,
        status_text=status_text,
        pass_errors=pass_errors,
        verify_errors=verify_errors,
        sync_errors=sync_errors,
        bytes_written=int(bytes_erased.group(1)) if bytes_erased else 0,
        # The certificate counts rounds, not passes; the log has the passes.
        passes=0,
        passes_per_round=None,
        rounds_completed=int(rounds.group(1)) if rounds else 0,
        verified=status is NwipeStatus.ERASED
        and verify_errors == 0
        and verification not in (None, Verification.NONE),
        started_at=started_at,
        finished_at=finished_at,
        duration_seconds=_duration(fields.get("Duration:", "")),
        # "185MB/sec" on the certificate is "185MB/s" in the log's table.
        throughput=_throughput(fields.get("Throughput:", "")),
        hidden_sectors=hidden_sectors,
        relais_method=relais_method,
        passed=drive_passed(status, pass_errors, verify_errors, sync_errors, relais_method, hidden_sectors),
    )
    return NwipeReport(
        source="pdf-certificate",
        version=version,
        banner=footer.group(0) if footer else None,
        method=method,
        method_label=method_label,
        rounds=int(rounds.group(2)) if rounds else None,
        verification=verification,
        final_blank=None if not final_pass else final_pass != "none",
        prng=fields.get("PRNG algorithm:") or None,
        started_at=started_at,
        finished_at=finished_at,
        drives=(drive,),
    )


def _throughput(text: str) -> str | None:
    text = text.strip()
    return text.removesuffix("/sec") + "/s" if text else None


def _pdf_time(text: str, tz: tzinfo | None) -> datetime | None:
    match = _PDF_TIME.search(text)
    return _stamp(match.groups(), tz) if match else None


def _pdf_first_page_text(data: bytes) -> str:
    # pypdf is imported here: reading a log never needs it.
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if not reader.pages:
            raise ValueError("no page")
        return reader.pages[0].extract_text(extraction_mode="layout") or ""
    except Exception as error:  # noqa: BLE001 - any failure of a third-party parser on a stranger's file
        raise _refuse(N_("This file is not a readable PDF."), "not_a_pdf") from error
