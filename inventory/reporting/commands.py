"""The `relais` subcommands of reporting: export (a list as CSV) and audit (the register's promises)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from inventory.accounts.service import command_line_operator
from inventory.contributions import Commands, run_with_database

COMMANDS = Commands()
command = COMMANDS.command


# export


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    from inventory.reporting.exports import EXPORTS

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
    from inventory.reporting import exports

    bom = arguments.bom if arguments.bom is not None else arguments.output is not None
    delimiter = ";" if arguments.delimiter == "semicolon" else ","

    async def work() -> int:
        size = 0
        target = arguments.output.open("wb") if arguments.output else sys.stdout.buffer
        try:
            async for chunk in exports.csv_chunks(
                arguments.table, command_line_operator(), delimiter=delimiter, bom=bom
            ):
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
    from inventory.reporting.audit import Finding, audit_register

    if arguments.page_size < 1:
        print("error: --page-size must be at least 1", file=sys.stderr)
        return 2

    def show(finding: Finding) -> None:
        print(finding.line(), flush=False)

    report = run_with_database(lambda: audit_register(show, page_size=arguments.page_size))
    print(report.summary())
    return 0 if report.clean else 1
