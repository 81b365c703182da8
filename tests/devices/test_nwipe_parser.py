"""Reading nwipe's reports: what a technician would check on each log the real tool wrote
(method, drives, serials, passed or failed, times), and every kind of bad file refused clearly."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas

from inventory.devices.nwipe import (
    MAX_LINES,
    MAX_REPORT_BYTES,
    NWIPE_METHODS,
    NwipeReport,
    NwipeStatus,
    clean_serial,
    method_for_label,
    parse_nwipe_certificate,
    parse_nwipe_log,
    read_nwipe_report,
    relais_method_for,
)
from inventory.devices.vocabulary import Verification, WipeMethod, WipeResult
from inventory.errors import InvalidInput
from tests.devices.nwipe_logs.synthetic import make_synthetic as synthetic

LOGS = Path(__file__).parent / "nwipe_logs"
SYNTHETIC = LOGS / "synthetic"
MiB = 1024 * 1024


def log(name: str) -> bytes:
    return (LOGS / name).read_bytes()


def refusal(data: bytes | str) -> InvalidInput:
    with pytest.raises(InvalidInput) as raised:
        read_nwipe_report(data)
    assert raised.value.fields == {"field": "file"}
    return raised.value


# What each real log says, as a technician reads it off the summary: the run's method, rounds
# and verification, then per drive (device, status, pass/verify/sync errors, write passes, passed).
REAL_LOGS = {
    "zero_verify_last.log": (
        "Fill With Zeros",
        WipeMethod.OVERWRITE_1,
        1,
        Verification.LAST_PASS,
        [("/dev/loop0", NwipeStatus.ERASED, (0, 0, 0), 2, True)],
    ),
    "one_verify_all.log": (
        "Fill With Ones",
        WipeMethod.OVERWRITE_1,
        1,
        Verification.ALL_PASSES,
        [("/dev/loop1", NwipeStatus.ERASED, (0, 0, 0), 2, True)],
    ),
    "dodshort_verify_last.log": (
        "DoD Short",
        WipeMethod.OVERWRITE_3,
        1,
        Verification.LAST_PASS,
        [("/dev/loop2", NwipeStatus.ERASED, (0, 0, 0), 4, True)],
    ),
    "dod522022m_verify_off.log": (
        "DoD 5220.22-M",
        WipeMethod.OVERWRITE_3,
        1,
        Verification.NONE,
        [("/dev/loop3", NwipeStatus.ERASED, (0, 0, 0), 8, True)],
    ),
    "gutmann_verify_last.log": (
        "Gutmann Wipe",
        WipeMethod.OVERWRITE_3,
        1,
        Verification.LAST_PASS,
        [("/dev/loop4", NwipeStatus.ERASED, (0, 0, 0), 36, True)],
    ),
    "prng_rounds2_verify_all.log": (
        "PRNG Stream",
        WipeMethod.OVERWRITE_1,
        2,
        Verification.ALL_PASSES,
        [("/dev/loop5", NwipeStatus.ERASED, (0, 0, 0), 3, True)],
    ),
    "ops2_verify_last.log": (
        "RCMP TSSIT OPS-II",
        WipeMethod.OVERWRITE_3,
        1,
        Verification.LAST_PASS,
        [("/dev/loop6", NwipeStatus.ERASED, (0, 0, 0), 9, True)],
    ),
    "is5enh_noblank.log": (
        "HMG IS5 Enhanced",
        WipeMethod.OVERWRITE_3,
        1,
        Verification.LAST_PASS,
        [("/dev/loop7", NwipeStatus.ERASED, (0, 0, 0), 3, True)],
    ),
    "zero_quiet.log": (
        "Fill With Zeros",
        WipeMethod.OVERWRITE_1,
        1,
        Verification.LAST_PASS,
        [("/dev/loop8", NwipeStatus.ERASED, (0, 0, 0), 2, True)],
    ),
    "verify_zero_on_blank.log": (
        "Verify Zeros (0x00)",
        None,
        1,
        Verification.LAST_PASS,
        [("/dev/loop9", NwipeStatus.ERASED, (0, 0, 0), 0, False)],
    ),
    "verify_one_fails.log": (
        "Verify Ones  (0xFF)",
        None,
        1,
        Verification.LAST_PASS,
        [("/dev/loop10", NwipeStatus.FAILED, (1, 16384, 0), 0, False)],
    ),
    "three_drives_dodshort.log": (
        "DoD Short",
        WipeMethod.OVERWRITE_3,
        1,
        Verification.LAST_PASS,
        [
            ("/dev/loop11", NwipeStatus.ERASED, (0, 0, 0), 4, True),
            ("/dev/loop12", NwipeStatus.ERASED, (0, 0, 0), 4, True),
            ("/dev/loop13", NwipeStatus.ERASED, (0, 0, 0), 4, True),
        ],
    ),
    "readonly_fails.log": (
        "Fill With Zeros",
        WipeMethod.OVERWRITE_1,
        1,
        Verification.LAST_PASS,
        [("/dev/loop14", NwipeStatus.FAILED, (1, 0, 0), 0, False)],
    ),
    "disk_full_sync_errors.log": (
        "Fill With Zeros",
        WipeMethod.OVERWRITE_1,
        1,
        Verification.LAST_PASS,
        [("/dev/loop15", NwipeStatus.FAILED, (0, 0, 2), 2, False)],
    ),
    "serial_with_newline.log": (
        "Fill With Zeros",
        WipeMethod.OVERWRITE_1,
        1,
        Verification.LAST_PASS,
        [("/dev/loop0", NwipeStatus.FAILED, (0, 0, 2), 2, False)],
    ),
    "interrupted_sigint.log": (
        "DoD 5220.22-M",
        WipeMethod.OVERWRITE_3,
        1,
        Verification.ALL_PASSES,
        [
            ("/dev/loop16", NwipeStatus.ABORTED, (0, 0, 0), 0, False),
            ("/dev/loop17", NwipeStatus.ABORTED, (0, 0, 0), 0, False),
        ],
    ),
}


def test_every_committed_real_log_is_checked_here() -> None:
    assert sorted(path.name for path in LOGS.glob("*.log")) == sorted(REAL_LOGS)


@pytest.mark.parametrize("name", sorted(REAL_LOGS))
def test_a_real_log_reads_as_the_technician_sees_its_summary(name: str) -> None:
    label, relais_method, rounds, verification, drives = REAL_LOGS[name]
    report = parse_nwipe_log(log(name))
    assert report.source == "log"
    assert report.version == "0.33"  # Debian's 0.34 package says 0.33 in its banner
    assert report.tool == "nwipe 0.33"
    assert report.method_label == label
    assert report.relais_method == relais_method
    assert report.is_wipe is (relais_method is not None)
    assert report.rounds == rounds
    assert report.verification == verification
    seen = [
        (
            drive.device,
            drive.status,
            (drive.pass_errors, drive.verify_errors, drive.sync_errors),
            drive.passes,
            drive.passed,
        )
        for drive in report.drives
    ]
    assert seen == drives
    assert report.passed is all(expected[-1] for expected in drives)
    assert report.result == (WipeResult.PASSED if report.passed else WipeResult.FAILED)
    for drive in report.drives:
        assert drive.model == "Loopback device"
        assert drive.bus == "VIRT"
        # A loop device has no serial: nwipe prints junk (or hides it with -q). None is kept.
        assert drive.serial is None
        assert drive.serial_raw is not None and drive.serial_raw.isprintable()
        assert drive.started_at is not None and drive.finished_at is not None
        assert drive.started_at <= drive.finished_at
        if drive.passed:
            # Every pass wrote the whole drive.
            assert drive.bytes_written == drive.passes * drive.size_bytes
    assert report.storage_serials == ()


def test_a_passed_wipe_reads_its_size_bytes_and_times_from_the_log() -> None:
    report = parse_nwipe_log(log("zero_verify_last.log"))
    (drive,) = report.drives
    assert drive.size_bytes == 16 * MiB
    assert drive.size_text == "16 MB"
    assert drive.bytes_written == 32 * MiB  # the zero pass and the final blanking pass
    assert drive.passes_per_round == 1
    assert drive.rounds_completed == 1
    assert drive.verified is True
    assert report.final_blank is True
    assert report.prng == "Isaac64"
    assert drive.started_at == datetime(2026, 12, 6, 15, 18, 28)
    assert drive.finished_at == datetime(2026, 12, 6, 15, 18, 28)
    assert report.started_at == drive.started_at
    assert drive.duration_seconds == 0
    assert drive.throughput == "0 B/s"


def test_times_are_naive_local_times_unless_the_programme_zone_is_given() -> None:
    brussels = ZoneInfo("Europe/Brussels")
    report = parse_nwipe_log(log("zero_verify_last.log"), tz=brussels)
    assert report.drives[0].started_at == datetime(2026, 12, 6, 15, 18, 28, tzinfo=brussels)
    assert report.drives[0].started_at.utcoffset() == timedelta(hours=1)
    assert report.finished_at.tzinfo is brussels


def test_an_interrupted_run_ends_when_nwipe_stopped_it() -> None:
    report = parse_nwipe_log(log("interrupted_sigint.log"))
    assert [drive.status_text for drive in report.drives] == ["UABORTED", "UABORTED"]
    for drive in report.drives:
        assert drive.duration_seconds == 5
        assert drive.finished_at - drive.started_at == timedelta(seconds=5)
        assert drive.bytes_written == 0
        assert drive.passes_per_round == 7
        assert drive.rounds_completed == 0
        assert drive.verified is False
    assert report.result == WipeResult.FAILED


def test_sync_errors_fail_a_wipe_whose_verification_read_back_zeros() -> None:
    (drive,) = parse_nwipe_log(log("disk_full_sync_errors.log")).drives
    assert drive.sync_errors == 2
    assert drive.status_text == "-FAILED-"
    assert drive.passed is False


def test_a_verification_only_run_is_never_a_wipe_even_when_erased() -> None:
    report = parse_nwipe_log(log("verify_zero_on_blank.log"))
    assert report.method.option == "verify_zero"
    assert report.drives[0].status is NwipeStatus.ERASED
    assert report.drives[0].verified is True
    assert report.drives[0].relais_method is None
    assert report.passed is False


def test_a_serial_holding_a_newline_byte_is_junk_and_does_not_break_the_tables() -> None:
    raw = log("serial_with_newline.log")
    assert raw.count(b"\n") > raw.count(b"\n[") + 5  # the junk really holds a line break
    (drive,) = parse_nwipe_log(raw).drives
    assert drive.serial is None
    assert "\\x0a" in drive.serial_raw
    assert drive.model == "Loopback device"
    assert drive.size_bytes == 16 * MiB


def test_a_hidden_serial_is_unknown_and_its_mask_is_kept_as_evidence() -> None:
    (drive,) = parse_nwipe_log(log("zero_quiet.log")).drives
    assert drive.serial is None
    assert drive.serial_raw == "XXXXXXXXXXXXXXX"


def test_three_drives_in_one_run_keep_their_own_sizes() -> None:
    report = parse_nwipe_log(log("three_drives_dodshort.log"))
    assert [drive.name for drive in report.drives] == ["loop11", "loop12", "loop13"]
    assert [drive.size_bytes for drive in report.drives] == [8 * MiB, 12 * MiB, 16 * MiB]
    assert report.passes == 4
    assert report.passed is True


def test_the_same_log_saved_with_windows_line_ends_or_as_utf16_reads_the_same() -> None:
    original = parse_nwipe_log(log("three_drives_dodshort.log"))
    text = log("three_drives_dodshort.log").decode("latin-1")
    assert parse_nwipe_log(text.replace("\n", "\r\n").encode("latin-1")) == original
    assert parse_nwipe_log(text.encode("utf-16")) == original
    assert parse_nwipe_log(text) == original


# ---------------------------------------------------------------------- nwipe 0.35+ (synthetic)


def test_a_newer_two_drive_log_reads_real_serials_and_one_failed_drive() -> None:
    report = read_nwipe_report((SYNTHETIC / "nwipe-0.37-two-drives.log").read_bytes())
    assert report.version == "0.37"
    assert report.verification == Verification.ALL_PASSES
    sda, sdb = report.drives
    assert (sda.device, sda.bus, sda.model, sda.serial) == (
        "/dev/sda",
        "ATA",
        "Samsung SSD 860 EVO 500GB",
        "S3Z1NB0K123456A",
    )
    assert (sdb.device, sdb.bus, sdb.model, sdb.serial) == (
        "/dev/sdb",
        "USB",
        "WDC WD5000LPVX-22V0TT0",
        "WD-WXA1A65K7890",
    )
    assert sda.passed is True and sda.verified is True
    assert (sdb.status, sdb.verify_errors, sdb.passed, sdb.verified) == (NwipeStatus.FAILED, 24, False, False)
    assert sda.started_at == datetime(2025, 3, 14, 9, 12, 4)
    assert sda.finished_at == datetime(2025, 3, 14, 12, 17, 21)
    assert sdb.finished_at == datetime(2025, 3, 14, 23, 19, 47)
    assert report.storage_serials == ("S3Z1NB0K123456A", "WD-WXA1A65K7890")
    assert report.result == WipeResult.FAILED


def test_hidden_sectors_left_unwiped_fail_an_erased_drive() -> None:
    """nwipe 0.35+ finds an HPA/DCO hidden area, wipes only what the drive shows, and still says
    Erased; its own certificate warns that the hidden sectors were NOT erased."""
    text = (SYNTHETIC / "nwipe-0.37-two-drives.log").read_text("latin-1")
    hidden = text.replace(
        "   info: No hidden sectors on /dev/sda",
        "warning:  *** HIDDEN SECTORS DETECTED ! *** on /dev/sda",
    )
    sda = parse_nwipe_log(hidden).drives[0]
    assert (sda.status, sda.hidden_sectors, sda.passed) == (NwipeStatus.ERASED, True, False)
    sda, sdb = parse_nwipe_log(text).drives
    assert (sda.hidden_sectors, sda.passed) == (False, True)
    assert sdb.hidden_sectors is None  # "indeterminate" behind a USB adapter

    page = [
        (font, size, x, y, "Hidden sectors found!" if text == "No hidden sectors" and x == 130 else text)
        for font, size, x, y, text in synthetic.page_one(*synthetic.ERASED)
    ]
    (drive,) = parse_nwipe_certificate(synthetic.pdf([page])).drives
    assert (drive.status, drive.hidden_sectors, drive.passed) == (NwipeStatus.ERASED, True, False)


def test_a_certificate_of_an_erased_drive_is_a_passed_wipe() -> None:
    report = read_nwipe_report((SYNTHETIC / "nwipe-0.37-certificate-erased.pdf").read_bytes())
    assert report.source == "pdf-certificate"
    assert report.tool == "nwipe 0.37"
    assert report.method.option == "dodshort"
    assert report.relais_method == WipeMethod.OVERWRITE_3
    assert report.verification == Verification.ALL_PASSES
    assert report.rounds == 1
    (drive,) = report.drives
    assert (drive.model, drive.serial, drive.bus) == ("Samsung SSD 860 EVO 500GB", "S3Z1NB0K123456A", "ATA")
    assert drive.size_bytes == 500107862016
    assert drive.bytes_written == 500107862016
    assert drive.started_at == datetime(2025, 3, 14, 9, 12, 4)
    assert drive.finished_at == datetime(2025, 3, 14, 12, 17, 21)
    assert drive.duration_seconds == 3 * 3600 + 5 * 60 + 17
    assert drive.throughput == "185MB/s"
    assert drive.passed is True
    assert report.result == WipeResult.PASSED


def test_a_certificate_of_a_failed_drive_is_a_failed_wipe_with_its_errors() -> None:
    report = parse_nwipe_certificate((SYNTHETIC / "nwipe-0.37-certificate-failed.pdf").read_bytes())
    (drive,) = report.drives
    assert drive.serial == "WD-WXA1A65K7890"
    assert (drive.status, drive.pass_errors, drive.sync_errors, drive.verify_errors) == (
        NwipeStatus.FAILED,
        0,
        0,
        24,
    )
    assert drive.rounds_completed == 0
    assert report.result == WipeResult.FAILED


# -------------------------------------------------------------------------------- method table


def test_nwipe_methods_map_to_relais_methods_in_one_table() -> None:
    expected = {
        "zero": WipeMethod.OVERWRITE_1,
        "one": WipeMethod.OVERWRITE_1,
        "random": WipeMethod.OVERWRITE_1,
        "dodshort": WipeMethod.OVERWRITE_3,
        "dod522022m": WipeMethod.OVERWRITE_3,
        "gutmann": WipeMethod.OVERWRITE_3,
        "ops2": WipeMethod.OVERWRITE_3,
        "is5enh": WipeMethod.OVERWRITE_3,
        "bruce7": WipeMethod.OVERWRITE_3,
        "bmb": WipeMethod.OVERWRITE_3,
        "secure_erase": WipeMethod.ATA_SECURE_ERASE,
        "sanitize_crypto": WipeMethod.CRYPTO_ERASE,
        "sanitize_block": WipeMethod.NIST_PURGE,
        "verify_zero": None,
        "verify_one": None,
    }
    by_option = {method.option: method.relais_method for method in NWIPE_METHODS}
    for option, relais_method in expected.items():
        assert by_option[option] == relais_method, option
    # Labels are matched whatever nwipe's spacing ("Verify Ones  (0xFF)") and case.
    assert method_for_label("Verify Ones  (0xFF)").option == "verify_one"
    assert method_for_label("quick erase").option == "zero"
    assert method_for_label("Unknown Method (FIXME)") is None


def test_secure_erase_on_an_nvme_drive_is_an_nvme_format() -> None:
    secure_erase = method_for_label("Secure Erase (ATA/NVMe)")
    assert relais_method_for(secure_erase, "NVME") == WipeMethod.NVME_FORMAT
    assert relais_method_for(secure_erase, "ATA") == WipeMethod.ATA_SECURE_ERASE


@pytest.mark.parametrize(
    ("raw", "serial"),
    [
        ("S3Z1NB0K123456A", "S3Z1NB0K123456A"),
        ("  WD-WXA1A65K7890 ", "WD-WXA1A65K7890"),
        ("XXXXXXXXXXXXXXX", None),
        ("?????", None),
        ("", None),
        (" \x10\xb4P%\x7f", None),
        ("ABC\x00DEF", None),
        ("Z1Z0\xe9A", None),
        ("`", None),  # junk nwipe really printed for a loop device
        ("--", None),
    ],
)
def test_serials_are_kept_only_when_printable_ascii(raw: str, serial: str | None) -> None:
    assert clean_serial(raw, "ATA") == serial


def test_a_virtual_device_has_no_serial_whatever_nwipe_prints() -> None:
    assert clean_serial("pmvm", "VIRT") is None
    assert clean_serial("S3Z1NB0K123456A", "ATA") == "S3Z1NB0K123456A"


# ------------------------------------------------------------------------------------ bad input


def test_an_empty_report_is_refused() -> None:
    assert refusal(b"").reason == "report_empty"
    assert refusal(b" \n\r\n\t").reason == "report_empty"


def test_a_report_over_the_size_limit_is_refused_before_it_is_read() -> None:
    error = refusal(log("zero_verify_last.log") + b" " * MAX_REPORT_BYTES)
    assert error.reason == "report_too_large"
    assert error.detail == "The report is larger than 20 MB."


def test_a_file_of_more_lines_than_nwipe_writes_in_20_mb_is_refused_at_once() -> None:
    error = refusal(b"x\n" * (MAX_LINES + 1))
    assert error.reason == "not_nwipe_log"


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 40,
        b"\x89PNG\r\n\x1a\n" + bytes(500),
        b"Asset Tag;Serial;Model\nA-1;5CG123;EliteBook\n",
        b"2025-03-14 09:12:03 status installed nwipe:amd64 0.34-1+b1\n" * 20,
        b"[2025/03/14 09:12:03] notice: this is some other tool\n",
        "Journal de la station d'effacement — clé USB n° 3\n".encode(),
    ],
    ids=["binary", "png", "csv", "dpkg-log", "another-tool", "text"],
)
def test_a_file_that_is_not_an_nwipe_log_is_refused(content: bytes) -> None:
    error = refusal(content)
    assert error.reason == "not_nwipe_log"
    assert error.detail == "This file is not an nwipe log."


def test_a_log_cut_before_its_summary_is_refused_as_truncated() -> None:
    raw = log("three_drives_dodshort.log")
    error = refusal(raw[: raw.index(b"***")])
    assert error.reason == "report_truncated"
    assert "no Drive Status table" in error.detail


def test_a_log_cut_inside_its_drive_status_table_is_refused_as_truncated() -> None:
    raw = log("three_drives_dodshort.log")
    cut = raw[: raw.index(b"loop12 | Erased")]
    error = refusal(cut)
    assert error.reason == "report_truncated"
    assert error.detail == "The nwipe log is incomplete: its Drive Status table is cut short."


def test_a_drive_missing_from_the_error_summary_is_refused() -> None:
    raw = log("three_drives_dodshort.log").replace(
        b"    loop12 |           0 |                    0 |                    0\n", b""
    )
    error = refusal(raw)
    assert error.reason == "report_truncated"
    assert error.values == {"drive": "loop12"}


def test_a_file_with_two_finished_runs_asks_for_one_run_per_file() -> None:
    error = refusal(log("zero_verify_last.log") + log("readonly_fails.log"))
    assert error.reason == "several_runs"
    assert error.values == {"count": 2}


def test_a_run_appended_after_an_unfinished_one_is_read_alone() -> None:
    unfinished = log("readonly_fails.log")
    unfinished = unfinished[: unfinished.index(b"***")]
    report = parse_nwipe_log(unfinished + log("dodshort_verify_last.log"))
    assert report.method_label == "DoD Short"
    assert [drive.device for drive in report.drives] == ["/dev/loop2"]
    assert report.passed is True


def test_a_pdf_that_is_not_an_nwipe_certificate_is_refused() -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, "Facture 2025-001")
    canvas.save()
    error = refusal(buffer.getvalue())
    assert error.reason == "not_nwipe_certificate"


def test_a_broken_pdf_is_refused() -> None:
    error = refusal(b"%PDF-1.4\n" + bytes(range(256)) * 10)
    assert error.reason == "not_a_pdf"


def test_a_certificate_without_its_status_is_refused() -> None:
    pdf = (SYNTHETIC / "nwipe-0.37-certificate-erased.pdf").read_bytes()
    # Same length, so the PDF's cross-reference offsets stay right.
    damaged = pdf.replace(b"(Status:)", b"(Stat_s:)").replace(b"(ERASED)", b"(      )")
    error = refusal(damaged)
    assert error.reason == "report_truncated"
    assert error.values == {"field": "Status"}


REAL_SAMPLE = log("three_drives_dodshort.log")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_random_bytes_never_raise_anything_but_a_clear_refusal(content: bytes) -> None:
    try:
        report = read_nwipe_report(content)
    except InvalidInput as error:
        assert error.reason
    else:
        assert isinstance(report, NwipeReport)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, len(REAL_SAMPLE)),
    st.integers(0, len(REAL_SAMPLE)),
    st.binary(max_size=64),
)
def test_a_damaged_real_log_either_reads_or_is_refused_clearly(start: int, stop: int, junk: bytes) -> None:
    start, stop = sorted((start, stop))
    damaged = REAL_SAMPLE[:start] + junk + REAL_SAMPLE[stop:]
    try:
        report = read_nwipe_report(damaged)
    except InvalidInput as error:
        assert error.reason
    else:
        assert all(isinstance(drive.passed, bool) for drive in report.drives)
        assert report.drives
