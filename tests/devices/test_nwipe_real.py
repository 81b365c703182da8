"""The real nwipe, run on a fresh loop device in every test run, and its log read back.

scripts/test.sh installs Debian's nwipe; the tests run as root. Without nwipe or a loop device
they fail, never skip: a parser checked only against old logs would not notice nwipe changing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from inventory.devices.nwipe import NwipeStatus, parse_nwipe_log
from inventory.devices.vocabulary import Verification, WipeMethod, WipeResult

IMAGE_BYTES = 4 * 1024 * 1024


def _require_nwipe_and_root() -> str:
    nwipe = shutil.which("nwipe") or next(
        (path for path in ("/usr/sbin/nwipe", "/sbin/nwipe") if os.access(path, os.X_OK)), None
    )
    if nwipe is None:
        pytest.fail("nwipe is not installed: scripts/test.sh installs Debian's nwipe package")
    if os.geteuid() != 0:
        pytest.fail("the real nwipe test needs root, for loop devices (CI runs as root)")
    return nwipe


def _loop_device(image: Path, *options: str) -> Iterator[str]:
    with image.open("wb") as file:
        file.write(b"\xa5" * IMAGE_BYTES)  # something to erase
    attached = subprocess.run(
        ["losetup", "--find", "--show", *options, str(image)], capture_output=True, text=True, timeout=30
    )
    if attached.returncode != 0:
        pytest.fail(f"no loop device could be attached: {attached.stderr.strip()}")
    device = attached.stdout.strip()
    try:
        yield device
    finally:
        subprocess.run(["losetup", "--detach", device], check=True, timeout=30)


@pytest.fixture
def loop_device(tmp_path: Path) -> Iterator[str]:
    yield from _loop_device(tmp_path / "drive.img")


@pytest.fixture
def read_only_loop_device(tmp_path: Path) -> Iterator[str]:
    yield from _loop_device(tmp_path / "read-only.img", "--read-only")


def run_nwipe(device: str, log: Path, *options: str) -> None:
    nwipe = _require_nwipe_and_root()
    command = [nwipe, "--autonuke", "--nogui", *options, "-l", str(log), device]
    # nwipe's own exit status is 1 for a failed drive: the log, not the status, is read.
    subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert log.exists(), f"nwipe wrote no log: {' '.join(command)}"


def test_the_real_nwipe_zeroing_a_loop_device_is_a_passed_wipe(loop_device: str, tmp_path: Path) -> None:
    before = datetime.now().replace(microsecond=0)
    log = tmp_path / "nwipe.log"
    run_nwipe(loop_device, log, "--method=zero", "--verify=last")
    after = datetime.now()

    report = parse_nwipe_log(log.read_bytes())
    assert report.version
    assert report.tool.startswith("nwipe ")
    assert report.method.option == "zero"
    assert report.relais_method == WipeMethod.OVERWRITE_1
    assert report.verification == Verification.LAST_PASS
    (drive,) = report.drives
    assert drive.device == loop_device
    assert drive.status is NwipeStatus.ERASED
    assert (drive.pass_errors, drive.verify_errors, drive.sync_errors) == (0, 0, 0)
    assert drive.size_bytes == IMAGE_BYTES
    assert drive.bytes_written == 2 * IMAGE_BYTES  # the zero pass and the blanking pass
    assert drive.verified is True
    # A loop device has no serial: nwipe prints memory junk for it (once a printable "`"),
    # which is never kept.
    assert drive.bus == "VIRT"
    assert drive.serial is None
    # nwipe writes the local time of this machine, which is what the test's clock says.
    assert before <= drive.started_at <= drive.finished_at <= after + timedelta(seconds=1)
    assert report.result == WipeResult.PASSED
    assert (tmp_path / "drive.img").read_bytes() == bytes(IMAGE_BYTES)


def test_the_real_nwipe_on_a_read_only_device_is_a_failed_wipe(
    read_only_loop_device: str, tmp_path: Path
) -> None:
    log = tmp_path / "nwipe.log"
    run_nwipe(read_only_loop_device, log, "--method=dodshort", "--verify=last")

    report = parse_nwipe_log(log.read_bytes())
    assert report.method.option == "dodshort"
    (drive,) = report.drives
    assert drive.device == read_only_loop_device
    assert drive.status is NwipeStatus.FAILED
    assert drive.pass_errors >= 1
    assert drive.bytes_written == 0
    assert drive.passed is False
    assert report.result == WipeResult.FAILED
