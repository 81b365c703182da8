"""The `relais` subcommands of operations: import-devices, export, backup, restore, seed-demo, audit."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TextIO

from inventory.contributions import Commands, run_with_database

COMMANDS = Commands()
command = COMMANDS.command


def _operator():  # type: ignore[no-untyped-def]
    """The command line is the operator's own authority; events and rows name who ran it."""
    from inventory.accounts.roles import Role
    from inventory.accounts.service import CurrentUser

    return CurrentUser(id=0, username=f"cli:{getpass.getuser()}"[:64], role=Role.ADMIN, language="en")


# import-devices


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    from inventory.devices.schemas import Batch, Donor, SiteCode
    from inventory.devices.vocabulary import Category
    from inventory.text import argument

    parser.add_argument("file", type=Path, metavar="FILE.csv")
    parser.add_argument("--dry-run", action="store_true", help="check every row and write nothing")
    parser.add_argument("--donor", type=argument(Donor), default="", help="donor for rows that name none")
    parser.add_argument(
        "--batch", type=argument(Batch), default="", help="intake batch for rows that name none"
    )
    parser.add_argument(
        "--site", type=argument(SiteCode), default=None, help="site code for rows that name none"
    )
    parser.add_argument(
        "--category", choices=[c.value for c in Category], default=None, help="for rows that name none"
    )
    parser.add_argument(
        "--lang", choices=["fr", "nl", "en"], default="en", help="language of the problems listed"
    )


@command("import-devices", "register a donor's devices from a CSV file, all or nothing", _import_arguments)
def import_devices(arguments: argparse.Namespace) -> int:
    from inventory.devices.vocabulary import Category
    from inventory.errors import DomainError
    from inventory.operations import service
    from inventory.operations.importing import Defaults

    try:
        content = arguments.file.read_bytes()
    except OSError as error:
        print(f"error: cannot read {arguments.file}: {error.strerror}", file=sys.stderr)
        return 2
    defaults = Defaults(
        category=Category(arguments.category) if arguments.category else None,
        donor=arguments.donor.strip(),
        batch=arguments.batch.strip(),
        site=arguments.site,
    )
    filename = arguments.file.name

    async def work() -> int:
        report = await service.preview_import(content, filename, defaults=defaults, locale=arguments.lang)
        print_report(report, sys.stdout)
        if arguments.dry_run or not report.ok:
            if not report.ok:
                print(
                    "nothing was imported" if not arguments.dry_run else "fix these problems before importing"
                )
            return 0 if report.ok else 1
        with _progress(report.valid_rows) as advance:
            summary = await service.run_import(
                content,
                _operator(),
                filename=filename,
                defaults=defaults,
                locale=arguments.lang,
                progress=advance,
            )
        print(
            f"imported {summary.created} devices, {summary.first_asset_tag} to {summary.last_asset_tag} "
            f"(import {summary.import_id})"
        )
        return 0

    try:
        return run_with_database(work)
    except DomainError as error:
        report = error.extra().get("report") if hasattr(error, "extra") else None
        if isinstance(report, dict):
            import msgspec

            from inventory.operations.schemas import ImportReport

            print_report(msgspec.convert(report, ImportReport), sys.stdout)
        print(f"error: {error.detail}", file=sys.stderr)
        return 1


def print_report(report, out: TextIO) -> None:  # type: ignore[no-untyped-def]
    """What the dry run found: the columns used, each row with problems, and the totals."""
    used = [f"{c.column} → {c.field}" for c in report.columns if c.field]
    ignored = [c.column for c in report.columns if not c.field]
    print(f"{report.filename}: {report.encoding or '?'}, delimiter {report.delimiter!r}", file=out)
    if used:
        print("columns: " + ", ".join(used), file=out)
    if ignored:
        print("ignored columns: " + ", ".join(ignored), file=out)
    for problem in report.file_problems:
        print(f"file: {problem.message}", file=out)
    for row in report.rows:
        for problem in row.problems:
            print(f"row {row.row}: {problem.message}", file=out)
    totals = f"{report.total_rows} rows: {report.valid_rows} would be created"
    print(f"{totals}, {report.invalid_rows} with problems", file=out)


class _progress:
    """A rich progress bar on a terminal; nothing when the output goes to a file or a pipe."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        if not sys.stdout.isatty():
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self.bar = Progress("importing", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        self.bar.start()
        task = self.bar.add_task("import", total=self.total)
        return lambda done, total: self.bar.update(task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


# export


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    from inventory.operations.exports import EXPORTS

    parser.add_argument("table", choices=sorted(EXPORTS))
    parser.add_argument(
        "-o", "--output", type=Path, default=None, help="file to write (default: standard output)"
    )
    parser.add_argument("--delimiter", choices=["comma", "semicolon"], default="comma")
    parser.add_argument(
        "--bom",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="UTF-8 byte order mark for Excel (default: yes in a file, no on standard output)",
    )


@command("export", "write a list (devices, events, loans, vouchers, ...) as CSV", _export_arguments)
def export(arguments: argparse.Namespace) -> int:
    from inventory.operations import exports

    bom = arguments.bom if arguments.bom is not None else arguments.output is not None
    delimiter = ";" if arguments.delimiter == "semicolon" else ","

    async def work() -> int:
        size = 0
        target = arguments.output.open("wb") if arguments.output else sys.stdout.buffer
        try:
            async for chunk in exports.csv_chunks(arguments.table, _operator(), delimiter=delimiter, bom=bom):
                target.write(chunk)
                size += len(chunk)
        finally:
            if arguments.output:
                target.close()
            else:
                target.flush()
        return size

    size = run_with_database(work)
    if arguments.output:
        print(f"wrote {arguments.table} to {arguments.output} ({size:,} bytes)", file=sys.stderr)
    return 0


# backup and restore


def _backup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dest", metavar="DEST", help="a file, or a folder for a dated file (a trailing / creates it)"
    )


@command("backup", "take a consistent copy of the database, even while the service runs", _backup_arguments)
def backup(arguments: argparse.Namespace) -> int:
    from inventory.operations import backup as backups
    from inventory.settings import get_settings

    try:
        result = backups.backup(
            get_settings().database_url, Path(arguments.dest), folder=arguments.dest.endswith(("/", os.sep))
        )
    except backups.BackupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"backup written to {result.path} ({result.size:,} bytes, {result.kind})")
    return 0


def _restore_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", type=Path, metavar="SRC", help="a file written by `relais backup`")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")


@command(
    "restore", "replace the database's content with a backup (stop the service first)", _restore_arguments
)
def restore(arguments: argparse.Namespace) -> int:
    from inventory.operations import backup as backups
    from inventory.settings import get_settings

    url = get_settings().database_url
    if not arguments.yes:
        where = url.split("@")[-1] if "@" in url else url
        answer = input(f"Replace every row of {where} with {arguments.source}? Type 'yes': ")
        if answer.strip().lower() != "yes":
            print("nothing was restored")
            return 1
    try:
        backups.restore(url, arguments.source)
    except backups.BackupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"restored {arguments.source}; run `relais migrate` if the backup predates this version")
    return 0


# seed-demo


@command("seed-demo", "fill an empty database with a realistic demo data set", lambda parser: None)
def seed_demo(arguments: argparse.Namespace) -> int:
    from inventory.errors import DomainError
    from inventory.operations.demo import seed_demo as seed

    try:
        result = run_with_database(lambda: seed(os.environ.get("RELAIS_PASSWORD")))
    except DomainError as error:
        print(f"error: {error.detail}", file=sys.stderr)
        return 2
    print(f"demo data set: {result.devices} devices, with these users:")
    for username, role in result.users.items():
        print(f"  {username:16} {role}")
    if not os.environ.get("RELAIS_PASSWORD"):
        print(f"password of every demo user: {result.password}")
    return 0


# audit


def _audit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--page-size", type=int, default=5000, help="devices read per page (memory is bounded by it)"
    )


@command(
    "audit",
    "replay every device's events and check stages, wipes before hand-outs and single custody",
    _audit_arguments,
)
def audit(arguments: argparse.Namespace) -> int:
    from inventory.operations.audit import audit_register

    if arguments.page_size < 1:
        print("error: --page-size must be at least 1", file=sys.stderr)
        return 2

    def show(finding) -> None:  # type: ignore[no-untyped-def]
        print(finding.line(), flush=False)

    report = run_with_database(lambda: audit_register(show, page_size=arguments.page_size))
    print(report.summary())
    return 0 if report.clean else 1
