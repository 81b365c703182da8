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
NNBSP = "\u202f"


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
    """The command speaks French unless --lang says otherwise, its counts in their plural forms."""
    bad = tmp_path / "palette.csv"
    bad.write_bytes(spreadsheet([*laptops(2), ["Imprimante", "HP", "LaserJet", "X1", "", ""]]))
    checked = await relais(database_url, "import-devices", str(bad), "--dry-run", cwd=tmp_path)
    assert checked.returncode == 1
    assert checked.stdout.replace(NNBSP, " ").splitlines() == [
        "palette.csv : windows-1252, séparateur ';'",
        "Colonnes : Catégorie → Catégorie, Marque → Marque, Modèle → Modèle, "
        "Numéro de série → Numéro de série, N° d'inventaire → Référence du donateur, Remarques → Notes",
        "Ligne 4 : catégorie inconnue « Imprimante » ; utilisez laptop, desktop, tablet, phone, monitor ou "
        "other (ou : portable, ordinateur fixe, tablette, téléphone, écran, autre)",
        "3 lignes lues : 2 appareils à enregistrer, 1 ligne avec un problème",
        "Corrigez ces problèmes avant d'importer.",
    ]
    assert "Ligne 4\u202f: catégorie" in checked.stdout  # French typography, as on the pages
    dutch = await relais(database_url, "import-devices", str(bad), "--dry-run", "--lang", "nl", cwd=tmp_path)
    assert dutch.returncode == 1
    assert dutch.stdout.splitlines()[0] == "palette.csv: windows-1252, scheidingsteken ';'"
    assert dutch.stdout.splitlines()[-2:] == [
        "3 rijen gelezen: 2 toestellen te registreren, 1 rij met een probleem",
        "Los deze problemen op voor u importeert.",
    ]
    refused = await relais(database_url, "import-devices", str(bad), cwd=tmp_path)
    assert refused.returncode == 1 and "Rien n'a été importé." in refused.stdout
    assert await Device.count() == 0

    one = tmp_path / "one.csv"
    one.write_bytes(spreadsheet(laptops(1)))
    checked = await relais(
        database_url, "import-devices", str(one), "--dry-run", "--lang", "en", cwd=tmp_path
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines()[-1] == "1 row read: 1 device to register, 0 rows with problems"

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
    assert imported.stdout.replace(NNBSP, " ").splitlines()[-2:] == [
        "3 lignes lues : 3 appareils à enregistrer, 0 ligne avec un problème",
        "3 appareils importés (RL-000001 à RL-000003, import 1).",
    ]
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
