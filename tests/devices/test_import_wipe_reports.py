"""`relais import-wipe-reports DIR`: a wiping station's folder of logs, each matched to a device by
the asset tag in its name or a storage serial already known; a plan first, then all or nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from inventory import db
from tests.devices.test_wipe_reports import SYNTHETIC_TWO_DRIVES, passed_log_with_serial
from tests.helpers import PASSED_WIPE, act, intake
from tests.operations.test_operation_commands import relais

LOGS = Path(__file__).parent / "nwipe_logs"


async def recorded() -> tuple[int, int]:
    rows = await db.fetch(
        "SELECT (SELECT COUNT(*) FROM wipe_record) AS wipes, (SELECT COUNT(*) FROM wipe_report) AS reports"
    )
    return rows[0]["wipes"], rows[0]["reports"]


async def test_a_folder_is_planned_then_recorded_all_or_nothing(database_url, client, auth, tmp_path) -> None:
    by_name = (await intake(client, auth.technician))["asset_tag"]
    by_serial = (await intake(client, auth.technician))["asset_tag"]
    # An earlier failed wipe typed by hand named the second device's drive.
    failed = {**PASSED_WIPE, "result": "failed", "storage_serials": ["S3Z1NB0K777777Q"]}
    assert (await act(client, auth.technician, by_serial, "wipe", failed)).status_code == 200
    folder = tmp_path / "usb"
    folder.mkdir()
    shutil.copy(LOGS / "zero_verify_last.log", folder / f"{by_name.lower()}_nwipe.log")
    own = passed_log_with_serial("S3Z1NB0K777777Q").replace(b"S/N=WD-WXA1A65K7890", b"S/N=????????")
    (folder / "station-2025-03-14.log").write_bytes(own)
    shutil.copy(LOGS / "dodshort_verify_last.log", folder / "unknown-laptop.log")  # junk serial only
    (folder / "other.log").write_bytes(SYNTHETIC_TWO_DRIVES.read_bytes())  # serials no device has
    before = await recorded()

    planned = await relais(database_url, "import-wipe-reports", str(folder), cwd=tmp_path)

    assert planned.returncode == 0, planned.stderr
    lines = planned.stdout.splitlines()
    assert lines[0].split() == ["file", "device", "matched", "by", "method", "result", "drives", "will"]
    row = {line.split()[0]: line for line in lines[1:5]}
    assert (
        by_name in row[f"{by_name.lower()}_nwipe.log"] and "file name" in row[f"{by_name.lower()}_nwipe.log"]
    )
    assert "record" in row[f"{by_name.lower()}_nwipe.log"]
    assert by_serial in row["station-2025-03-14.log"] and "storage serial" in row["station-2025-03-14.log"]
    assert "skip, unmatched" in row["unknown-laptop.log"]
    assert "skip, unmatched" in row["other.log"]
    assert "4 files: 2 to record, 2 unmatched, 0 refused" in planned.stdout
    assert "run again with --yes" in planned.stdout
    assert await recorded() == before

    done = await relais(database_url, "import-wipe-reports", str(folder), "--yes", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "recorded 2 wipes" in done.stdout
    assert await recorded() == (before[0] + 2, before[1] + 2)
    stages = {row["asset_tag"]: row["stage"] for row in await db.fetch("SELECT asset_tag, stage FROM device")}
    assert stages == {by_name: "wiped", by_serial: "wiped"}


async def test_a_refused_file_records_nothing_at_all(database_url, client, auth, tmp_path) -> None:
    first = (await intake(client, auth.technician))["asset_tag"]
    second = (await intake(client, auth.technician))["asset_tag"]
    folder = tmp_path / "usb"
    folder.mkdir()
    shutil.copy(LOGS / "zero_verify_last.log", folder / f"{first}.log")
    (folder / f"{second}.log").write_bytes(b"not a log at all\n")

    result = await relais(database_url, "import-wipe-reports", str(folder), "--yes", cwd=tmp_path)

    assert result.returncode == 1
    assert "refuse: This file is not an nwipe log." in result.stdout
    assert "nothing was recorded" in result.stdout
    assert await recorded() == (0, 0)
