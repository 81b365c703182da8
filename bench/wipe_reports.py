"""Benchmark: record 1,000 nwipe logs as wipes, then draw the bundle of 500 certificates.

Run: .venv/bin/python bench/wipe_reports.py [--logs 1000] [--bundle 500]
                                            [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

Method: a fresh database (SQLite in a temporary folder, or a temporary PostgreSQL database) is
migrated and 1,000 devices are registered (not timed), the first 500 in batch "B1" of donor
"Bench", the rest in "B2". The logs are the committed real ones (tests/devices/nwipe_logs: zero,
one, dodshort, dod522022m, gutmann, prng, ops2, is5enh, three drives; failed ones included),
taken in turn; each copy gets as many trailing blank lines as its number, so its SHA-256 is its
own (a report is the evidence of one wipe only) while nwipe's content is unchanged. Then:
1. every log is recorded through `wipe_reports.record` one after the other, as the API does
   (read and hashed in a worker thread, then the wipe, its event, its certificate number and
   the original file in one transaction); the total time is printed;
2. the bundle of batch B1 (its passed wipes' certificates after a summary page) is drawn through
   `printing.certificate_bundle_pdf`, as the API does (the query, then a worker process that
   draws it); the time includes starting that worker process.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PICCOLO_CONF", "inventory.piccolo_conf")

LOGS = ROOT / "tests" / "devices" / "nwipe_logs"
PASSED = [
    "zero_verify_last.log",
    "one_verify_all.log",
    "dodshort_verify_last.log",
    "dod522022m_verify_off.log",
    "gutmann_verify_last.log",
    "prng_rounds2_verify_all.log",
    "ops2_verify_last.log",
    "is5enh_noblank.log",
    "three_drives_dodshort.log",
]
FAILED = ["readonly_fails.log", "interrupted_sigint.log"]


async def main(logs: int, bundle: int, postgres: str | None) -> None:
    from inventory import db
    from inventory.accounts.roles import Role
    from inventory.accounts.service import CurrentUser
    from inventory.devices import service, wipe_reports
    from inventory.devices.certificate import render_certificate_bundle
    from inventory.devices.printing import certificate_bundle_pdf
    from inventory.devices.schemas import DeviceIntake
    from inventory.devices.vocabulary import Category
    from inventory.settings import Settings, get_settings, use_settings

    name = f"bench_wipe_{uuid.uuid4().hex[:8]}"
    folder = Path(tempfile.mkdtemp())
    if postgres:
        import asyncpg

        admin = await asyncpg.connect(postgres)
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
        url = f"{postgres.rpartition('/')[0]}/{name}"
    else:
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
    use_settings(Settings(database_url=url, secret_key="bench", org_name="Bench"))
    engine = db.engine_for_url(url)
    db.use_engine(engine)
    await db.start(engine)
    try:
        await db.migrate()
        actor = CurrentUser(id=0, username="bench", role=Role.ADMIN)
        tags = []
        for number in range(logs):
            batch = "B1" if number < bundle else "B2"
            intake = DeviceIntake(
                category=Category.LAPTOP, make="Dell", model="Latitude", donor="Bench", batch=batch
            )
            tags.append((await service.intake(intake, actor)).device.asset_tag)
        sources = {name: (LOGS / name).read_bytes() for name in PASSED + FAILED}
        # In B1 every device gets a passed log, so the bundle holds `bundle` certificates.
        contents = []
        for number in range(logs):
            pool = PASSED if number < bundle else PASSED + FAILED
            contents.append(sources[pool[number % len(pool)]] + b"\n" * (number + 1))

        started, cpu = time.perf_counter(), time.process_time()
        for tag, content in zip(tags, contents, strict=True):
            await wipe_reports.record(tag, content, actor, filename=f"{tag}.log")
        recorded, recorded_cpu = time.perf_counter() - started, time.process_time() - cpu
        size = sum(len(content) for content in contents)
        print(
            f"record {logs} nwipe logs ({size / 1e6:.1f} MB): {recorded:.2f} s "
            f"({recorded / logs * 1000:.1f} ms per log; CPU time of this process, worker threads "
            f"included: {recorded_cpu:.2f} s) on {'PostgreSQL' if postgres else 'SQLite'}"
        )

        started = time.perf_counter()
        pdf = await certificate_bundle_pdf("Bench", "B1", "fr")
        drawn = time.perf_counter() - started
        print(f"bundle of {bundle} certificates: {drawn:.2f} s, {len(pdf) / 1e6:.1f} MB PDF")
        # The drawing alone, here, by CPU time: what a busy machine disturbs least.
        summary, certificates = await wipe_reports.donor_batch("Bench", "B1")
        settings = get_settings()
        cpu = time.process_time()
        render_certificate_bundle(
            summary, certificates, organisation=settings.org_name, locale="fr", timezone=settings.timezone
        )
        print(f"  its drawing alone, CPU time: {time.process_time() - cpu:.2f} s")
    finally:
        await db.stop(engine)
        if postgres:
            import asyncpg

            admin = await asyncpg.connect(postgres)
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            await admin.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=int, default=1000)
    parser.add_argument("--bundle", type=int, default=500)
    parser.add_argument("--postgres", default=None)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.logs, arguments.bundle, arguments.postgres))
