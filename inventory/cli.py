"""The `relais` command: serve and migrate, and the subcommands every domain contributes."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence

from inventory.contributions import Command, Commands, run_with_database

COMMANDS = Commands()
command = COMMANDS.command


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="serve a separate demo database (var/demo/), filled on first use, never the real one",
    )


@command("serve", "apply pending migrations, then serve the web UI and the API", _serve_arguments)
def serve(arguments: argparse.Namespace) -> int:
    from inventory import serving

    return serving.serve(arguments.host, arguments.port, arguments.workers, demo=arguments.demo)


@command("migrate", "apply pending migrations and exit", lambda parser: None)
def migrate(arguments: argparse.Namespace) -> int:
    run_with_database(lambda: asyncio.sleep(0))
    print("migrations applied")
    return 0


def domain_commands() -> list[Command]:
    """Every subcommand, in the order `relais --help` lists them: each domain's commands.COMMANDS."""
    from inventory.accounts.commands import COMMANDS as ACCOUNT_COMMANDS
    from inventory.check import COMMANDS as CHECK_COMMANDS
    from inventory.devices.commands import COMMANDS as DEVICE_COMMANDS
    from inventory.loans.commands import COMMANDS as LOAN_COMMANDS
    from inventory.operations.commands import COMMANDS as OPERATION_COMMANDS
    from inventory.reporting.commands import COMMANDS as REPORTING_COMMANDS
    from inventory.schools.commands import COMMANDS as SCHOOL_COMMANDS

    return [
        *COMMANDS,
        *CHECK_COMMANDS,
        *ACCOUNT_COMMANDS,
        *DEVICE_COMMANDS,
        *LOAN_COMMANDS,
        *OPERATION_COMMANDS,
        *REPORTING_COMMANDS,
        *SCHOOL_COMMANDS,
    ]


def main(argv: Sequence[str] | None = None) -> int:
    from inventory import hooks, logs

    logs.install()
    parser = argparse.ArgumentParser(prog="relais", description="Relais equipment tracking")
    subparsers = parser.add_subparsers(dest="command", required=True)
    commands: dict[str, Command] = {}
    for entry in domain_commands():
        if entry.name in commands:
            raise RuntimeError(f"two subcommands are called {entry.name!r}")
        commands[entry.name] = entry
        entry.arguments(subparsers.add_parser(entry.name, help=entry.help_text, description=entry.help_text))
    arguments = parser.parse_args(argv)
    hooks.install()
    return commands[arguments.command].run(arguments)


if __name__ == "__main__":
    raise SystemExit(main())
