"""The `relais` command: serve, migrate, create-user and the operators' tools."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from inventory import db
from inventory.settings import get_settings

Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[Command, Callable[[argparse.ArgumentParser], None], str]] = {}


def command(name: str, help_text: str, arguments: Callable[[argparse.ArgumentParser], None]):
    def register(function: Command) -> Command:
        COMMANDS[name] = (function, arguments, help_text)
        return function

    return register


def run_with_database(work: Callable[[], Awaitable[Any]]) -> Any:
    """Run `work` with the configured engine started, migrated and stopped."""

    async def runner() -> Any:
        engine = db.engine_for_url(get_settings().database_url)
        db.use_engine(engine)
        await db.start(engine)
        try:
            await db.migrate()
            return await work()
        finally:
            await db.stop(engine)

    return asyncio.run(runner())


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


def _create_user_arguments(parser: argparse.ArgumentParser) -> None:
    from inventory.accounts.roles import Role
    from inventory.numbers import RowId
    from inventory.text import argument

    parser.add_argument("username")
    parser.add_argument("--role", required=True, choices=[role.value for role in Role])
    parser.add_argument("--school-id", type=argument(RowId), default=None)
    parser.add_argument("--language", default="fr", choices=["fr", "nl", "en"])


@command(
    "create-user",
    "create a user; password from RELAIS_PASSWORD or a prompt",
    _create_user_arguments,
)
def create_user(arguments: argparse.Namespace) -> int:
    from inventory.accounts import service
    from inventory.accounts.roles import Role
    from inventory.errors import DomainError

    try:
        # The username rule first: no one types a password for a name that will be refused.
        service.checked_username(arguments.username)
    except DomainError as error:
        print(f"error: {error.detail}", file=sys.stderr)
        return 2
    password = _new_password()
    if password is None:
        return 2
    try:
        user = run_with_database(
            lambda: service.create_user(
                arguments.username,
                password,
                Role(arguments.role),
                arguments.school_id,
                arguments.language,
            )
        )
    except DomainError as error:
        print(f"error: {error.detail}", file=sys.stderr)
        return 2
    print(f"created user {user['username']} ({user['role']}) with id {user['id']}")
    return 0


def _new_password() -> str | None:
    """The password from RELAIS_PASSWORD, else typed twice at a prompt; None if they differ."""
    password = os.environ.get("RELAIS_PASSWORD")
    if password is None:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Repeat password: ") != password:
            print("error: the passwords differ", file=sys.stderr)
            return None
    return password


def _set_password_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("username")
    parser.add_argument(
        "--temporary",
        action="store_true",
        help="the user must choose a new password at their next log-in",
    )


@command(
    "set-password",
    "set a user's password (from RELAIS_PASSWORD or a prompt); ends the user's sessions",
    _set_password_arguments,
)
def set_password(arguments: argparse.Namespace) -> int:
    from inventory.accounts import service
    from inventory.errors import DomainError

    password = _new_password()
    if password is None:
        return 2
    try:
        user = run_with_database(
            lambda: service.set_password(arguments.username, password, must_change=arguments.temporary)
        )
    except DomainError as error:
        print(f"error: {error.detail}", file=sys.stderr)
        return 2
    print(f"password set for {user['username']} (id {user['id']})")
    return 0


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


def main(argv: Sequence[str] | None = None) -> int:
    # Domains register their own subcommands with @command when imported.
    import inventory.check
    import inventory.devices.commands
    import inventory.loans.commands
    import inventory.operations.commands
    import inventory.schools.commands  # noqa: F401
    from inventory import logs

    logs.install()
    parser = argparse.ArgumentParser(prog="relais", description="Relais equipment tracking")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name, (_, add_arguments, help_text) in COMMANDS.items():
        add_arguments(subparsers.add_parser(name, help=help_text, description=help_text))
    arguments = parser.parse_args(argv)
    function = COMMANDS[arguments.command][0]
    return function(arguments)


if __name__ == "__main__":
    # Run as `python -m inventory.cli`, this module is __main__, while domains register their
    # commands on the imported `inventory.cli`; run that one.
    from inventory.cli import main as imported_main

    raise SystemExit(imported_main())
