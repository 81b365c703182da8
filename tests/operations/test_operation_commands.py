"""The operators' commands as they are typed: relais import-devices, export and seed-demo."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from inventory.devices.commands import _progress
from inventory.devices.tables import Device, Event
from tests.operations.operation_steps import laptops, spreadsheet

ROOT = Path(__file__).resolve().parents[2]


async def relais(database_url: str, *arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "RELAIS_DATABASE_URL": database_url,
        "RELAIS_SECRET_KEY": "test-secret-key-not-for-production",
        "RELAIS_PASSWORD": "demo password 2026",
        "PYTHONPATH": str(ROOT),
    }
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "inventory.cli", *arguments],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


async def test_import_devices_dry_run_then_for_real(database_url, auth, sites, tmp_path) -> None:
    bad = tmp_path / "palette.csv"
    bad.write_bytes(spreadsheet([*laptops(2), ["Imprimante", "HP", "LaserJet", "X1", "", ""]]))
    checked = await relais(database_url, "import-devices", str(bad), "--dry-run", cwd=tmp_path)
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [
        "palette.csv: windows-1252, delimiter ';'",
        "columns: Catégorie → category, Marque → make, Modèle → model, Numéro de série → serial_number, "
        "N° d'inventaire → donor_ref, Remarques → notes",
        "row 4: unknown category 'Imprimante'; use laptop, desktop, tablet, phone, monitor or other",
        "3 rows: 2 would be created, 1 with problems",
        "fix these problems before importing",
    ]
    refused = await relais(database_url, "import-devices", str(bad), cwd=tmp_path)
    assert refused.returncode == 1 and "nothing was imported" in refused.stdout
    assert await Device.count() == 0

    good = tmp_path / "palette-2.csv"
    good.write_bytes(spreadsheet(laptops(3)))
    imported = await relais(
        database_url,
        "import-devices",
        str(good),
        "--donor",
        "SPF Finances",
        "--site",
        "atelier",
        cwd=tmp_path,
    )
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.splitlines()[-1] == "imported 3 devices, RL-000001 to RL-000003 (import 1)"
    assert (await Device.count(), await Event.count()) == (3, 3)
    actors = {row["actor"] for row in await Event.select(Event.actor)}
    assert len(actors) == 1 and actors.pop().startswith("cli:")


async def test_export_writes_a_file_or_standard_output(database_url, auth, sites, tmp_path) -> None:
    good = tmp_path / "palette.csv"
    good.write_bytes(spreadsheet([["Portable", "=Dell", "Latitude", "SN1", "", ""]]))
    assert (await relais(database_url, "import-devices", str(good), cwd=tmp_path)).returncode == 0
    written = await relais(
        database_url, "export", "devices", "-o", str(tmp_path / "devices.csv"), cwd=tmp_path
    )
    assert written.returncode == 0, written.stderr
    content = (tmp_path / "devices.csv").read_bytes()
    assert written.stderr.strip() == f"wrote devices to {tmp_path / 'devices.csv'} ({len(content):,} bytes)"
    assert content.startswith(b"\xef\xbb\xbf")
    [row] = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert (row["asset_tag"], row["make"]) == ("RL-000001", "'=Dell")
    printed = await relais(database_url, "export", "events", "--delimiter", "semicolon", cwd=tmp_path)
    assert printed.stdout.splitlines()[0] == "id;asset_tag;action;from_stage;to_stage;actor;at;data"
    unknown = await relais(database_url, "export", "passwords", cwd=tmp_path)
    assert unknown.returncode == 2 and "invalid choice" in unknown.stderr


async def test_seed_demo_fills_an_empty_database_once(database_url, tmp_path) -> None:
    seeded = await relais(database_url, "seed-demo", cwd=tmp_path)
    assert seeded.returncode == 0, seeded.stderr
    lines = seeded.stdout.splitlines()
    assert lines[0] == "demo data set: 41 devices, with these users:"
    assert {line.split()[1] for line in lines[1:]} == {"admin", "technician", "social_worker", "school"}
    again = await relais(database_url, "seed-demo", cwd=tmp_path)
    assert again.returncode == 2
    assert "already holds devices" in again.stderr


def test_progress_bar_only_on_a_terminal(monkeypatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    with _progress(10) as advance:
        assert advance is None
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    with _progress(10) as advance:
        advance(5, 10)
        advance(10, 10)
