"""The `relais` subcommands of accounts: create-user and set-password, collected by inventory/cli.py."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from inventory.contributions import Commands, run_with_database

COMMANDS = Commands()
command = COMMANDS.command


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
