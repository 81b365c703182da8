"""Benchmark: import a 10,000-row donor spreadsheet into a fresh SQLite database.

Run: .venv/bin/python bench/import.py [--rows 10000] [--per-row 300]
                                      [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

Method: a CSV in Belgian Excel form (Windows-1252, semicolons, French headers) is generated
with unique serials; a fresh SQLite database is migrated in a temporary folder; then
1. the dry run (preview_import: parse, map, check every row and the register) is timed,
2. the real import (run_import: the same checks inside one write transaction, then
   multi-row INSERTs of devices and their intake events) is timed, end to end,
3. for comparison, `--per-row` rows are registered one by one through
   devices.service.intake (the path a bulk import would otherwise take), and the time per
   row is extrapolated to the same number of rows.
Each figure is the best of `--repeat` runs on a new database (default 3). With --postgres,
the same runs again on temporary PostgreSQL databases created on that server and dropped after.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PICCOLO_CONF", "inventory.piccolo_conf")

MAKES = [
    ("Dell", "Latitude 5490"),
    ("HP", "EliteBook 840 G5"),
    ("Lenovo", "ThinkPad T480"),
    ("Apple", "iPad 6"),
    ("Samsung", "Galaxy A52"),
    ("Fujitsu", "Esprimo D556"),
]
CATEGORIES = ["Portable", "Portable", "Portable", "Tablette", "Smartphone", "Ordinateur fixe"]


def donor_file(rows: int, seed: int = 7) -> bytes:
    chooser = random.Random(seed)
    lines = ["Catégorie;Marque;Modèle;Numéro de série;N° d'inventaire;Mémoire (Go);Stockage;Remarques"]
    for number in range(rows):
        kind = chooser.randrange(len(MAKES))
        make, model = MAKES[kind]
        lines.append(
            f"{CATEGORIES[kind]};{make};{model};SN{number:07d}X;SPF-{number:06d};"
            f"{chooser.choice([4, 8, 16])};{chooser.choice(['128 Go SSD', '256 Go SSD', '500 Go HDD'])};"
            f"Écran légèrement rayé"
        )
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


async def fresh_database(folder: Path, name: str, postgres: str | None) -> None:
    from inventory import db
    from inventory.settings import Settings, use_settings

    if postgres:
        import asyncpg

        admin = await asyncpg.connect(postgres)
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
        url = f"{postgres.rpartition('/')[0]}/{name}"
    else:
        url = f"sqlite:///{folder / name}"
    use_settings(Settings(database_url=url, secret_key="bench"))
    engine = db.engine_for_url(url)
    db.use_engine(engine)
    await db.start(engine)
    await db.migrate()


async def stop_database(postgres: str | None, name: str) -> None:
    from inventory import db

    await db.stop(db.current_engine())
    if postgres:
        import asyncpg

        admin = await asyncpg.connect(postgres)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def measure(rows: int, per_row: int, repeat: int, postgres: str | None = None) -> dict[str, float]:
    from inventory.accounts.roles import Role
    from inventory.accounts.service import CurrentUser
    from inventory.devices import service as devices
    from inventory.devices.importing import Defaults
    from inventory.devices.imports import preview_import, run_import
    from inventory.devices.schemas import DeviceIntake
    from inventory.devices.tables import Device, Event

    actor = CurrentUser(id=1, username="bench", role=Role.TECHNICIAN)
    content = donor_file(rows)
    defaults = Defaults(donor="SPF Finances", batch="2026-11 palette 3")
    best = {"preview": float("inf"), "import": float("inf"), "per_row": float("inf")}
    with tempfile.TemporaryDirectory() as folder:
        for attempt in range(repeat):
            name = f"relais_bench_import_{os.getpid()}_{attempt}" if postgres else f"bench-{attempt}.sqlite3"
            await fresh_database(Path(folder), name, postgres)
            started = time.perf_counter()
            report = await preview_import(content, "palette.csv", defaults=defaults)
            best["preview"] = min(best["preview"], time.perf_counter() - started)
            assert report.ok and report.valid_rows == rows, report.file_problems
            started = time.perf_counter()
            summary = await run_import(content, actor, filename="palette.csv", defaults=defaults)
            best["import"] = min(best["import"], time.perf_counter() - started)
            assert summary.created == rows
            assert await Device.count() == rows and await Event.count() == rows
            started = time.perf_counter()
            for number in range(per_row):
                await devices.intake(
                    DeviceIntake(
                        category="laptop",
                        make="Dell",
                        model="Latitude 5490",
                        serial_number=f"ONE-BY-ONE-{number}",
                        donor="SPF Finances",
                        batch="one by one",
                    ),
                    actor,
                )
            best["per_row"] = min(best["per_row"], (time.perf_counter() - started) / per_row)
            await stop_database(postgres, name)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--per-row", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", default=None, help="admin URL of a PostgreSQL server to measure too")
    arguments = parser.parse_args()
    rows = arguments.rows
    print(f"rows: {rows} (Windows-1252, semicolons, French headers; best of {arguments.repeat})")
    for backend, postgres in (("sqlite", None), ("postgres", arguments.postgres)):
        if backend == "postgres" and not postgres:
            continue
        best = asyncio.run(measure(rows, arguments.per_row, arguments.repeat, postgres))
        print(f"[{backend}] dry run (preview_import):             {best['preview']:.2f} s")
        print(
            f"[{backend}] import (run_import, one transaction): {best['import']:.2f} s "
            f"({rows / best['import']:,.0f} rows/s)"
        )
        print(
            f"[{backend}] one by one (devices.service.intake):  {best['per_row'] * 1000:.2f} ms/row, "
            f"about {best['per_row'] * rows:.0f} s for {rows} rows"
        )


if __name__ == "__main__":
    main()
