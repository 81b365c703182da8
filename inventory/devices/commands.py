"""The `relais` subcommands of devices: labels, import-devices and import-wipe-reports (collected by
inventory/cli.py)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from inventory.accounts.service import command_line_operator
from inventory.contributions import Commands, run_with_database
from inventory.errors import N_, Nn_
from inventory.i18n import ngettext

if TYPE_CHECKING:
    from rich.progress import Progress

    from inventory.devices.stock_schemas import ImportReport

COMMANDS = Commands()
command = COMMANDS.command


def _labels_arguments(parser: argparse.ArgumentParser) -> None:
    from inventory.devices.schemas import AssetTag
    from inventory.text import argument
    from labels import LAYOUTS

    parser.add_argument("asset_tags", nargs="*", metavar="ASSET_TAG", type=argument(AssetTag))
    parser.add_argument("--layout", default="a4-63x38", choices=sorted(LAYOUTS))
    parser.add_argument("--start-position", type=int, default=1, help="first free label on the sheet")
    parser.add_argument("--calibration", action="store_true", help="print the calibration page instead")
    parser.add_argument("-o", "--output", default="labels.pdf")


@command("labels", "print asset labels (or a calibration page) to a PDF file", _labels_arguments)
def print_labels(arguments: argparse.Namespace) -> int:
    from pathlib import Path

    from inventory.devices.printing import calibration_page, device_labels
    from inventory.errors import DomainError

    try:
        if arguments.calibration:
            pdf = asyncio.run(calibration_page(arguments.layout))
        else:
            pdf = run_with_database(
                lambda: device_labels(arguments.asset_tags, arguments.layout, arguments.start_position)
            )
    except DomainError as error:
        print(f"error: {error.detail}", file=sys.stderr)
        return 2
    Path(arguments.output).write_bytes(pdf)
    print(f"wrote {arguments.output}")
    return 0


# import-devices


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    from inventory.devices.schemas import Batch, Donor, SiteCode
    from inventory.devices.vocabulary import Category
    from inventory.i18n import DEFAULT_LOCALE, LOCALES
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
        "--lang",
        choices=LOCALES,
        default=DEFAULT_LOCALE,
        help=f"language of the report and its problems (default: {DEFAULT_LOCALE})",
    )


@command("import-devices", "register a donor's devices from a CSV file, all or nothing", _import_arguments)
def import_devices(arguments: argparse.Namespace) -> int:
    from inventory.devices import imports as service
    from inventory.devices.importing import Defaults
    from inventory.devices.vocabulary import Category
    from inventory.errors import DomainError
    from inventory.i18n import gettext, told

    locale = arguments.lang
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
        print_report(report, sys.stdout, locale)
        if arguments.dry_run or not report.ok:
            if not report.ok:
                print(gettext(locale, FIX_FIRST if arguments.dry_run else NOTHING_IMPORTED))
            return 0 if report.ok else 1
        with _progress(report.valid_rows, gettext(locale, IMPORTING)) as advance:
            summary = await service.run_import(
                content,
                command_line_operator(),
                filename=filename,
                defaults=defaults,
                locale=arguments.lang,
                progress=advance,
            )
        tags = (
            summary.first_asset_tag
            if summary.created == 1
            else gettext(locale, TAG_RUN, first=summary.first_asset_tag, last=summary.last_asset_tag)
        )
        print(told(locale, IMPORTED, num=summary.created, tags=tags, import_id=summary.import_id))
        return 0

    try:
        return run_with_database(work)
    except DomainError as error:
        report = error.extra().get("report") if hasattr(error, "extra") else None
        if isinstance(report, dict):
            import msgspec

            from inventory.devices.stock_schemas import ImportReport

            print_report(msgspec.convert(report, ImportReport), sys.stdout, locale)
        print(f"error: {told(locale, error.message, **error.values)}", file=sys.stderr)
        return 1


# What import-devices prints, in the language of --lang (the problems are already in it).
HEADER = N_("%(filename)s: %(encoding)s, delimiter %(delimiter)s")
COLUMNS = N_("Columns: %(columns)s")
IGNORED_COLUMNS = N_("Ignored columns: %(columns)s")
FILE_PROBLEM = N_("File: %(problem)s")
ROW_PROBLEM = N_("Row %(row)s: %(problem)s")
ROWS_READ = Nn_("%(num)s row read", "%(num)s rows read", "num")
TO_REGISTER = Nn_("%(num)s device to register", "%(num)s devices to register", "num")
WITH_PROBLEMS = Nn_("%(num)s row with a problem", "%(num)s rows with problems", "num")
TOTALS = N_("%(rows_read)s: %(to_register)s, %(with_problems)s")
FIX_FIRST = N_("Fix these problems before importing.")
NOTHING_IMPORTED = N_("Nothing was imported.")
IMPORTING = N_("importing")
TAG_RUN = N_("%(first)s to %(last)s")
IMPORTED = Nn_(
    "Imported %(num)s device (%(tags)s, import %(import_id)s).",
    "Imported %(num)s devices (%(tags)s, import %(import_id)s).",
    "num",
)


def print_report(report: ImportReport, out: TextIO, locale: str) -> None:
    """What the dry run found, in `locale`: the columns used, each row with problems, and the
    totals."""
    from inventory.devices.importing import FIELD_LABELS
    from inventory.i18n import gettext, told

    def say(message: str, **values: object) -> None:
        print(told(locale, message, **values), file=out)

    def field(name: str) -> str:
        return gettext(locale, FIELD_LABELS.get(name, name))

    used = [f"{c.column} → {field(c.field)}" for c in report.columns if c.field]
    ignored = [c.column for c in report.columns if not c.field]
    say(HEADER, filename=report.filename, encoding=report.encoding or "?", delimiter=repr(report.delimiter))
    if used:
        say(COLUMNS, columns=", ".join(used))
    if ignored:
        say(IGNORED_COLUMNS, columns=", ".join(ignored))
    for problem in report.file_problems:
        say(FILE_PROBLEM, problem=problem.message)
    for row in report.rows:
        for row_problem in row.problems:
            say(ROW_PROBLEM, row=row.row, problem=row_problem.message)
    say(
        TOTALS,
        rows_read=told(locale, ROWS_READ, num=report.total_rows),
        to_register=told(locale, TO_REGISTER, num=report.valid_rows),
        with_problems=told(locale, WITH_PROBLEMS, num=report.invalid_rows),
    )


class _progress:
    """A rich progress bar on a terminal; nothing when the output goes to a file or a pipe."""

    def __init__(self, total: int, description: str = "importing") -> None:
        self.total = total
        self.description = description
        self.bar: Progress | None = None

    def __enter__(self) -> Callable[[int, int], None] | None:
        if not sys.stdout.isatty():
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        bar = self.bar = Progress(self.description, BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        bar.start()
        task = bar.add_task("import", total=self.total)
        return lambda done, total: bar.update(task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


# import-wipe-reports


def _wipe_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder", type=Path, metavar="DIR", help="a folder of nwipe logs (a wiping station's USB stick)"
    )
    parser.add_argument(
        "--yes", action="store_true", help="record them (without it, only show what would be done)"
    )


def _table(rows: Sequence[tuple[str, ...]]) -> str:
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    )


@command(
    "import-wipe-reports",
    "record the wipes of a folder of nwipe reports, each matched to a device, all or nothing",
    _wipe_report_arguments,
)
def import_wipe_reports(arguments: argparse.Namespace) -> int:
    from inventory.devices import wipe_reports
    from inventory.errors import DomainError

    folder: Path = arguments.folder
    if not folder.is_dir():
        print(f"error: {folder} is not a folder", file=sys.stderr)
        return 2
    files = []
    for path in sorted(item for item in folder.rglob("*") if item.is_file()):
        if path.stat().st_size > wipe_reports.MAX_REPORT_BYTES:
            files.append((str(path.relative_to(folder)), b"\0" * (wipe_reports.MAX_REPORT_BYTES + 1)))
            continue
        files.append((str(path.relative_to(folder)), path.read_bytes()))
    if not files:
        print(f"{folder} holds no file")
        return 0
    actor = command_line_operator()

    async def work() -> int:
        plans = await wipe_reports.plan_folder(files)
        rows = [("file", "device", "matched by", "method", "result", "drives", "will")]
        for plan in plans:
            wipe = plan.wipe
            if plan.problem:
                will = f"refuse: {plan.problem}"
            elif plan.unmatched:
                will = f"skip, unmatched: {plan.unmatched}"
            else:
                will = "record"
            rows.append(
                (
                    plan.filename,
                    plan.asset_tag or "—",
                    plan.matched_by or "—",
                    wipe.method.value if wipe else "—",
                    wipe.result.value if wipe else "—",
                    str(len(plan.read.report.drives)) if plan.read else "—",
                    will,
                )
            )
        print(_table(rows))
        ready = sum(plan.ready for plan in plans)
        refused = sum(bool(plan.problem) for plan in plans)
        unmatched = sum(bool(plan.unmatched) for plan in plans)
        read = ngettext("en", "%(num)s file", "%(num)s files", len(plans))
        print(f"{read}: {ready} to record, {unmatched} unmatched, {refused} refused")
        if refused:
            print("nothing was recorded: fix or remove the refused files first")
            return 1
        if not arguments.yes:
            print("nothing was recorded: run again with --yes to record them")
            return 0
        try:
            recorded = await wipe_reports.record_planned(plans, actor)
        except DomainError as error:
            print(f"error: {error.detail}; nothing was recorded", file=sys.stderr)
            return 1
        print(ngettext("en", "recorded %(num)s wipe", "recorded %(num)s wipes", len(recorded)))
        return 0

    return run_with_database(work)
