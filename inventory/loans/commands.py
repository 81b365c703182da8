"""The `relais` subcommands of loans: one reminder sweep, and the retention anonymisation."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from inventory.contributions import Commands, run_with_database
from inventory.settings import get_settings

COMMANDS = Commands()
command = COMMANDS.command


def moment(text: str) -> datetime:
    """An ISO 8601 date-time; without an offset it is local time in the configured time zone."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date-time: {text!r}") from error
    if value.tzinfo is None:
        value = value.replace(tzinfo=get_settings().tz)
    return value


def _sweep_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--now", type=moment, default=None, help="sweep as if it were this time")
    parser.add_argument(
        "--batch-size", type=int, default=None, help="reminders claimed at a time (default 100)"
    )


@command(
    "send-reminders", "run one reminder sweep and print how many were sent per channel", _sweep_arguments
)
def send_reminders(arguments: argparse.Namespace) -> int:
    from inventory.loans import reminders, schedule

    batch_size = arguments.batch_size or schedule.CLAIM_BATCH_SIZE
    if batch_size < 1:
        print("error: --batch-size must be at least 1", file=sys.stderr)
        return 2
    report = run_with_database(lambda: reminders.sweep(arguments.now, batch_size=batch_size))
    for channel, count in report.sent_by_channel().items():
        print(f"{channel}: {count}")
    print(f"failed: {report.failed}")
    if report.skipped:
        print(f"skipped: {report.skipped}")
    if report.gave_up:
        print(f"given up: {report.gave_up}")
    if report.deferred:
        print(f"deferred (channel down): {report.deferred}")
    return 0


def _anonymise_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--now", type=moment, default=None, help="as if it were this time")


@command(
    "anonymise",
    "anonymise beneficiaries whose last loan closed longer ago than the retention period",
    _anonymise_arguments,
)
def anonymise(arguments: argparse.Namespace) -> int:
    from inventory.loans import service

    count = run_with_database(lambda: service.anonymise_expired(arguments.now))
    print(f"anonymised: {count}")
    return 0
