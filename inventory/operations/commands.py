"""The `relais` subcommands of operations: backup, restore, seed-demo."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from inventory.contributions import Commands, run_with_database

COMMANDS = Commands()
command = COMMANDS.command


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
