"""Benchmark: a city's voucher mailing and racing redemption requests, on SQLite (and PostgreSQL).

Run: .venv/bin/python bench/vouchers.py [--schools 150] [--units 100] [--requests 300]
                                          [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

Method: a fresh database is migrated (SQLite in a temporary folder; with --postgres, a
temporary database created on that server and dropped afterwards), then
1. `--schools` schools are created and one voucher each is issued in one batch
   (schools.service.issue_batch: one transaction), timed;
2. the batch PDF (one page per voucher, code as text and Code 128) is rendered, timed;
3. one voucher of `--units` units receives `--requests` concurrent requests of one unit each
   (schools.redemptions.request_redemption, all started at once with asyncio.gather in one
   process), timed end to end; the run checks that exactly `--units` succeeded and the others
   were refused with a 409, and reports requests per second;
4. code generation and parsing (pure) are timed over 100,000 codes.
Each timed figure is the best of `--repeat` runs (default 3) on a new database.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PICCOLO_CONF", "inventory.piccolo_conf")


async def fresh_database(url: str) -> None:
    from inventory import db
    from inventory.settings import Settings, use_settings

    use_settings(Settings(database_url=url, secret_key="bench"))
    engine = db.engine_for_url(url)
    db.use_engine(engine)
    await db.start(engine)
    await db.migrate()


async def measure(url: str, schools: int, units: int, requests: int) -> dict[str, float]:
    from inventory import db
    from inventory.accounts.roles import Role
    from inventory.accounts.service import CurrentUser
    from inventory.errors import Conflict
    from inventory.schools import redemptions, service
    from inventory.schools.schemas import (
        ProgrammeCreate,
        RedemptionRequest,
        SchoolCreate,
        VoucherBatchIssue,
        VoucherIssue,
    )
    from inventory.schools.voucher_pdf import render_vouchers

    await fresh_database(url)
    admin = CurrentUser(id=1, username="bench", role=Role.ADMIN)
    try:
        ids = [
            (await service.create_school(SchoolCreate(name=f"École {n:03d}", fase_number=str(10000 + n)))).id
            for n in range(schools)
        ]
        programme = await service.create_programme(ProgrammeCreate(name="Plan numérique"))
        expires = date.today() + timedelta(days=90)

        started = time.perf_counter()
        _, vouchers = await service.issue_batch(
            VoucherBatchIssue(programme_id=programme.id, school_ids=ids, quantity=3, expires_on=expires),
            admin,
        )
        issue_seconds = time.perf_counter() - started

        started = time.perf_counter()
        pdf = render_vouchers(
            vouchers,
            organisation="Ville",
            address="https://relais.example.org",
            override=None,
            timezone="Europe/Brussels",
            printed_at=service.now(),
        )
        pdf_seconds = time.perf_counter() - started

        target = await service.issue_voucher(
            VoucherIssue(programme_id=programme.id, school_id=ids[0], quantity=units, expires_on=expires),
            admin,
        )
        school = CurrentUser(id=2, username="school", role=Role.SCHOOL, school_id=ids[0])

        async def one() -> bool:
            try:
                await redemptions.request_redemption(target.code, RedemptionRequest(quantity=1), school)
            except Conflict:
                return False
            return True

        started = time.perf_counter()
        outcomes = await asyncio.gather(*(one() for _ in range(requests)))
        race_seconds = time.perf_counter() - started
        granted = sum(outcomes)
        if granted != min(units, requests):
            raise AssertionError(f"{granted} requests granted for {units} units")
    finally:
        await db.stop(db.current_engine())
    return {
        "issue_seconds": issue_seconds,
        "pdf_seconds": pdf_seconds,
        "pdf_bytes": len(pdf),
        "race_seconds": race_seconds,
        "granted": granted,
    }


def code_figures(count: int = 100_000) -> tuple[float, float]:
    from inventory.schools import codes

    started = time.perf_counter()
    made = [codes.new_code() for _ in range(count)]
    generate = time.perf_counter() - started
    typed = [codes.display(code).lower() for code in made]
    started = time.perf_counter()
    for text in typed:
        codes.parse(text)
    return generate, time.perf_counter() - started


async def postgres_database(admin_url: str) -> tuple[str, str]:
    import asyncpg

    name = f"relais_bench_{secrets.token_hex(4)}"
    connection = await asyncpg.connect(admin_url)
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    return name, admin_url.rpartition("/")[0] + f"/{name}"


async def drop_postgres(admin_url: str, name: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(admin_url)
    await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await connection.close()


async def best_of(repeat: int, backend: str, arguments: argparse.Namespace) -> dict[str, float]:
    runs = []
    for _ in range(repeat):
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
                runs.append(await measure(url, arguments.schools, arguments.units, arguments.requests))
        else:
            name, url = await postgres_database(arguments.postgres)
            try:
                runs.append(await measure(url, arguments.schools, arguments.units, arguments.requests))
            finally:
                await drop_postgres(arguments.postgres, name)
    return {key: min(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=150)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", default=None, help="admin URL of a PostgreSQL server to also measure")
    arguments = parser.parse_args()
    backends = ["sqlite", *(["postgres"] if arguments.postgres else [])]
    print(f"{arguments.schools} schools, {arguments.requests} racing requests for {arguments.units} units")
    for backend in backends:
        figures = asyncio.run(best_of(arguments.repeat, backend, arguments))
        print(
            f"{backend:8s} batch issue: {figures['issue_seconds'] * 1000:7.1f} ms "
            f"({figures['issue_seconds'] / arguments.schools * 1000:.2f} ms/voucher) | "
            f"batch PDF: {figures['pdf_seconds'] * 1000:7.1f} ms, {figures['pdf_bytes'] / 1024:.0f} KiB | "
            f"race: {figures['race_seconds'] * 1000:7.1f} ms, "
            f"{arguments.requests / figures['race_seconds']:.0f} requests/s, {figures['granted']} granted"
        )
    generate, parse = code_figures()
    print(
        f"codes: generate {generate / 100_000 * 1e6:.1f} µs/code, parse {parse / 100_000 * 1e6:.1f} µs/code"
    )


if __name__ == "__main__":
    main()
