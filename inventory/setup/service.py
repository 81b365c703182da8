"""The first run: while the database has no user, `relais serve` issues a one-time setup token,
and whoever opens `/setup/<token>` chooses the first coordinator's account.

- The token is random (256 bits), printed once on the console and in the log, and stored only
  as its SHA-256 digest in `setup_token`: every worker process, and every host serving the same
  database, recognises it, and a copy of the database does not reveal it.
- It stays valid until an account is created with it (or any user exists: an account made with
  `relais create-user` closes the setup pages too). Each start with no user adds a token; the
  older ones stay valid, so an address printed earlier still works.
- Creating the account marks every open token used in the same transaction as the user is
  inserted. That UPDATE takes the rows' locks (PostgreSQL) or the single writer's place
  (SQLite), so of two concurrent submissions, with the same token or two different ones,
  exactly one creates an account; the others find the tokens used (409) and nothing written.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from inventory import db, offload
from inventory.accounts import policy
from inventory.accounts import service as accounts
from inventory.accounts.roles import Role
from inventory.accounts.tables import User
from inventory.errors import N_, Conflict, InvalidInput, Nn_, NotFound
from inventory.i18n import LOCALES
from inventory.setup.tables import SetupToken
from inventory.text import is_single_line

SETUP_PATH = "/setup/"
# The users table gains a full name on another branch (issue 14); until then the first
# coordinator's full name is checked but has no column to go to.
FULL_NAME_COLUMN = getattr(User, "full_name", None)
FULL_NAME_MAX_LENGTH: int = FULL_NAME_COLUMN.length if FULL_NAME_COLUMN is not None else 120

_MARK_USED = "UPDATE setup_token SET used_at = {} WHERE used_at IS NULL RETURNING digest"


def digest(token: str) -> str:
    return hashlib.sha256(f"setup:{token}".encode()).hexdigest()


def now() -> datetime:
    return datetime.now(UTC)


async def has_users() -> bool:
    return bool(await User.exists())


async def issue_token() -> str | None:
    """A new setup token when the database has no user, else None (nothing to set up)."""
    if await has_users():
        return None
    token = secrets.token_urlsafe(32)
    await SetupToken.insert(SetupToken(digest=digest(token), created_at=now()))
    return token


async def is_open(token: str) -> bool:
    """Whether `token` is a setup token not used yet, on a database with no user."""
    if not token or len(token) > 200:
        return False
    rows = await db.fetch("SELECT id FROM setup_token WHERE digest = {} AND used_at IS NULL", digest(token))
    return bool(rows) and not await has_users()


@dataclass(frozen=True)
class FirstAccount:
    username: str
    full_name: str
    language: str
    password: str


async def _problems(account: FirstAccount) -> dict[str, InvalidInput]:
    """Every field's refusal, by field name (the same rules as everywhere, accounts/policy.py)."""
    problems: dict[str, InvalidInput] = {}
    try:
        accounts.checked_username(account.username)
    except InvalidInput as error:
        problems["username"] = error
    name = account.full_name.strip()
    if not name or not is_single_line(name):
        problems["full_name"] = InvalidInput(N_("enter your full name on one line"), field="full_name")
    elif len(name) > FULL_NAME_MAX_LENGTH:
        problems["full_name"] = InvalidInput(
            Nn_(
                "the full name must be at most %(max_length)s character",
                "the full name must be at most %(max_length)s characters",
                "max_length",
            ),
            values={"max_length": FULL_NAME_MAX_LENGTH},
            field="full_name",
        )
    if account.language not in LOCALES:
        problems["language"] = InvalidInput(N_("choose French, Dutch or English"), field="language")
    problem = await offload.run(
        offload.Work.PASSWORD, policy.password_problem, account.password, account.username
    )
    if problem:
        message, values = problem
        problems["password"] = InvalidInput(message, values=values, field="password")
    return problems


class SetupRefused(InvalidInput):
    """One or more fields refused: `problems` names each."""

    def __init__(self, problems: dict[str, InvalidInput]) -> None:
        first = next(iter(problems.values()))
        super().__init__(first.message, values=first.values, field=next(iter(problems)))
        self.problems = problems


async def create_first_coordinator(token: str, account: FirstAccount) -> accounts.CurrentUser:
    """The first coordinator (role admin), made with a setup token that is then used up.

    NotFound for a token that never existed; Conflict when it (or another) was used meanwhile or
    a user exists; SetupRefused when a field breaks its rule. Nothing is written unless the
    account is created.
    """
    if not await db.fetch("SELECT id FROM setup_token WHERE digest = {}", digest(token)):
        raise NotFound(N_("no such setup address"))
    problems = await _problems(account)
    if problems:
        raise SetupRefused(problems)
    async with db.transaction():
        used = await db.fetch(_MARK_USED, now())
        if digest(token) not in {row["digest"] for row in used} or await has_users():
            raise Conflict(
                N_("this setup address was already used: log in with the account it created"),
                reason="setup_used",
            )
        created = await accounts.create_user(
            account.username, account.password, Role.ADMIN, None, account.language
        )
        if FULL_NAME_COLUMN is not None:
            await User.update({FULL_NAME_COLUMN: account.full_name.strip()}).where(User.id == created["id"])
    return accounts.CurrentUser(
        id=created["id"], username=created["username"], role=Role.ADMIN, language=account.language
    )
