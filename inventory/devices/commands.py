"""The `relais` subcommands of devices: import-wipe-reports."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from inventory.cli import command, run_with_database


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder", type=Path, metavar="DIR", help="a folder of nwipe logs (a wiping station's USB stick)"
    )
    parser.add_argument(
        "--yes", action="store_true", help="record them (without it, only show what would be done)"
    )


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    )


@command(
    "import-wipe-reports",
    "record the wipes of a folder of nwipe reports, each matched to a device, all or nothing",
    _arguments,
)
def import_wipe_reports(arguments: argparse.Namespace) -> int:
    from inventory.accounts.roles import Role
    from inventory.accounts.service import CurrentUser
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
    actor = CurrentUser(id=0, username=f"cli:{getpass.getuser()}"[:64], role=Role.ADMIN, language="en")

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
        print(f"{len(plans)} files: {ready} to record, {unmatched} unmatched, {refused} refused")
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
        print(f"recorded {len(recorded)} wipes")
        return 0

    return run_with_database(work)
