"""The `relais` subcommands of devices: labels, collected by inventory/cli.py."""

from __future__ import annotations

import argparse
import asyncio
import sys

from inventory.contributions import Commands, run_with_database

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
