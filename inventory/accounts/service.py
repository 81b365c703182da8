"""Use cases of accounts: log in, authenticate a token, create and deactivate users."""

from __future__ import annotations

import functools
import getpass
import hashlib
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from msgspec import UNSET, UnsetType

from inventory import db
from inventory.accounts import passwords, policy, throttle
from inventory.accounts.passwords import (
    hash_password_async,
    needs_rehash,
    verify_password_async,
)
from inventory.accounts.roles import Role
from inventory.accounts.tables import Token, User
from inventory.errors import N_, Conflict, InvalidInput, NotFound, NotPermitted
from inventory.http.pagination import keyset_page
from inventory.settings import get_settings


@dataclass(frozen=True)
class CurrentUser:
    """Who is making the request: what guards, scoping and events need to know."""

    id: int
    username: str
    role: Role
    school_id: int | None = None
    language: str = "fr"
    # Set by a reset: until a new password is chosen, only the password change is open.
    must_change_password: bool = False
    # The name printed on documents; policy.display_name falls back to the username.
    full_name: str = ""

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles


@dataclass(frozen=True)
class IssuedToken:
    token: str
    role: Role
    expires_at: datetime


def now() -> datetime:
    return datetime.now(UTC)


@functools.lru_cache(maxsize=4096)
def token_digest(token: str) -> str:
    """The token as stored. Remembered per token: it is a pure function every request needs;
    whether the token is still valid is asked of the database every time."""
    return hashlib.sha256(token.encode()).hexdigest()


def _lookup_name(username: str) -> str | None:
    """The stored form of a username typed at log-in, or None when no user can have it."""
    name = policy.normalise_username(username)
    if not name or len(name) > policy.USERNAME_MAX_LENGTH or policy.has_invisible_characters(name):
        return None
    return name


async def authenticate_password(username: str, password: str, address: str) -> CurrentUser:
    """The active user with these credentials; the same refusal whether the user exists or not.

    The attempt is counted by the throttle before the password is checked (TooManyAttempts when
    the username or the address must wait); an unknown username costs one hash all the same.
    Busy (503) when too many password checks already wait: then nothing is counted.
    """
    async with passwords.admitted():  # Busy (503) when too many wait, before anything is counted
        attempt = await throttle.attempt(username, address)
        name = _lookup_name(username)
        row = await User.select().where(User.username == name).first() if name else None
        valid = await verify_password_async(row["password_hash"] if row else None, password)
    if not (row and valid and row["active"]):
        raise NotAuthenticated("invalid username or password")
    await throttle.succeeded(attempt)
    if needs_rehash(row["password_hash"]):
        await User.update({User.password_hash: await hash_password_async(password)}).where(
            User.id == row["id"]
        )
    return _current_user(row)


class NotAuthenticated(Exception):
    """Credentials or token refused: always answered 401 with the same message."""


class PasswordChangeRequired(NotPermitted):
    """The user's password was reset: nothing but the password change until they choose one."""

    def __init__(self) -> None:
        super().__init__(
            N_("you must change your password first (POST /api/v1/auth/password)"),
            reason="password_change_required",
        )


def _current_user(row: dict) -> CurrentUser:
    return CurrentUser(
        id=row["id"],
        username=row["username"],
        role=Role(row["role"]),
        school_id=row["school_id"],
        language=row["language"],
        must_change_password=bool(row["must_change_password"]),
        full_name=row.get("full_name") or "",
    )


async def issue_token(user: CurrentUser) -> IssuedToken:
    token = secrets.token_urlsafe(32)
    issued = now()
    expires = issued + timedelta(hours=get_settings().token_lifetime_hours)
    await Token.insert(Token(digest=token_digest(token), user=user.id, created_at=issued, expires_at=expires))
    return IssuedToken(token=token, role=user.role, expires_at=expires)


# Every authenticated request runs this, so it is written once as SQL rather than rebuilt
# by the query builder each time (bench/scan.py measures the difference).
_USER_FOR_TOKEN = """
    SELECT u.id, u.username, u.role, u.school_id, u.language, u.must_change_password, u.full_name
    FROM token t JOIN relais_user u ON u.id = t.user
    WHERE t.digest = {} AND t.revoked_at IS NULL AND t.expires_at > {} AND u.active = {}
"""


async def user_for_token(token: str) -> CurrentUser:
    """One indexed query per request, so a revoked token or deactivated user fails at once."""
    rows = await db.fetch(_USER_FOR_TOKEN, token_digest(token), now(), True)
    if not rows:
        raise NotAuthenticated("invalid or expired token")
    return _current_user(rows[0])


async def set_language(user_id: int, language: str) -> None:
    """The language of the user's pages (and of their worklist): the account's choice wins over
    what any browser asks for."""
    await User.update({User.language: language}).where(User.id == user_id)


async def revoke_token(token: str) -> None:
    await Token.update({Token.revoked_at: now()}).where(
        (Token.digest == token_digest(token)) & Token.revoked_at.is_null()
    )


async def _checked_password(password: str, username: str, field: str = "password") -> str:
    """The password's Argon2 hash once the policy accepts it (400 naming `field` otherwise).

    The policy reads a list of 100,000 common passwords the first time: off the event loop too.
    """
    problem = await passwords.run(policy.password_problem, password, username)
    if problem:
        message, values = problem
        raise InvalidInput(message, values=values, field=field)
    return await hash_password_async(password)


def checked_username(username: str) -> str:
    """The username in its stored form, or InvalidInput (400 naming `username`): one rule for
    the API, the web UI and the CLI. A name too long is refused, never cut."""
    name = policy.normalise_username(username)
    problem = policy.username_problem(name)
    if problem:
        message, values = problem
        raise InvalidInput(message, values=values, field="username")
    return name


def command_line_operator() -> CurrentUser:
    """Who runs a `relais` command: the operator's own authority; events and rows name them."""
    return CurrentUser(id=0, username=f"cli:{getpass.getuser()}"[:64], role=Role.ADMIN, language="en")


SchoolExists = Callable[[int], Awaitable[bool]]
_school_exists: list[SchoolExists] = []


def recognise_schools(lookup: SchoolExists) -> None:
    """Schools build on accounts, so they give the check of a school user's school_id
    (installed by inventory/schools/hooks.py as the app or the command line starts)."""
    _school_exists[:] = [lookup]


async def school_exists(school_id: int) -> bool:
    """Whether the school a school user would belong to exists; none does without schools."""
    return bool(_school_exists) and await _school_exists[0](school_id)


async def check_school_id(school_id: int | None) -> None:
    """Refuse (400 naming `school_id`) a school user's school that does not exist: the one rule
    of the API's and the web UI's account forms, create and edit alike."""
    if school_id is not None and not await school_exists(school_id):
        raise InvalidInput(
            N_("school_id: no school %(school_id)s"), values={"school_id": school_id}, field="school_id"
        )


async def create_user(
    username: str,
    password: str,
    role: Role,
    school_id: int | None = None,
    language: str = "fr",
    full_name: str = "",
    email: str | None = None,
) -> dict:
    username_key = checked_username(username)
    name = full_name.strip() or policy.default_full_name(username_key)
    if role == Role.SCHOOL and school_id is None:
        raise InvalidInput(N_("a school user needs a school_id"), field="school_id")
    if role != Role.SCHOOL and school_id is not None:
        raise InvalidInput(N_("school_id is only for users with the school role"), field="school_id")
    password_hash = await _checked_password(password, username_key)
    user = User(
        username=username_key,
        password_hash=password_hash,
        role=role,
        school_id=school_id,
        language=language,
        full_name=name,
        email=email.strip() if email and email.strip() else None,
        created_at=now(),
    )
    try:
        async with db.transaction():
            if await User.exists().where(User.username == username_key):
                raise Conflict(
                    N_("username '%(username)s' is already taken"), values={"username": username_key}
                )
            rows = await User.insert(user).returning(User.id)
    except Exception as error:
        if db.is_unique_violation(error):
            raise Conflict(
                N_("username '%(username)s' is already taken"), values={"username": username_key}
            ) from error
        raise
    return {
        "id": rows[0]["id"],
        "username": username_key,
        "role": role,
        "school_id": school_id,
        "language": language,
        "full_name": name,
        "email": user.email,
    }


async def change_password(
    user: CurrentUser, current_password: str, new_password: str, address: str, token: str | None
) -> None:
    """A user changes their own password, proving the current one (throttled like a log-in).

    Every other session and token of the user ends; the one making the change stays valid.
    """
    async with passwords.admitted():  # Busy (503) when too many wait, before anything is counted
        attempt = await throttle.attempt(user.username, address)
        row = await User.select(User.password_hash).where(User.id == user.id).first()
        valid = row is not None and await verify_password_async(row["password_hash"], current_password)
    if not valid:
        raise InvalidInput(N_("current_password: the current password is wrong"), field="current_password")
    await throttle.succeeded(attempt)
    if new_password == current_password:
        raise InvalidInput(
            N_("new_password: the new password must differ from the current one"), field="new_password"
        )
    password_hash = await _checked_password(new_password, user.username, field="new_password")
    async with db.transaction():
        await User.update({User.password_hash: password_hash, User.must_change_password: False}).where(
            User.id == user.id
        )
        others = (Token.user == user.id) & Token.revoked_at.is_null()
        if token is not None:
            others &= Token.digest != token_digest(token)
        await Token.update({Token.revoked_at: now()}).where(others)


async def reset_password(user_id: int, actor: CurrentUser, password: str | None = None) -> dict:
    """A coordinator gives a user a temporary password (the one given, or a generated one) that
    must be changed at the next log-in; the user's sessions and tokens end at once."""
    if user_id == actor.id:
        raise Conflict(N_("change your own password with your current one, not by a reset"))
    row = await User.select(User.id, User.username).where(User.id == user_id).first()
    if row is None:
        raise NotFound(N_("no user %(user_id)s"), values={"user_id": user_id})
    temporary = password if password is not None else policy.temporary_password()
    password_hash = await _checked_password(temporary, row["username"])
    await _store_password(row["id"], password_hash, must_change=True)
    return {"id": row["id"], "username": row["username"], "temporary_password": temporary}


async def set_password(username: str, password: str, *, must_change: bool = False) -> dict:
    """The operator's way in (`relais set-password`): a new password for a user by name, every
    session of that user ended."""
    name = policy.normalise_username(username)
    row = await User.select(User.id, User.username).where(User.username == name).first()
    if row is None:
        raise NotFound(N_("no user named '%(username)s'"), values={"username": name})
    password_hash = await _checked_password(password, row["username"])
    await _store_password(row["id"], password_hash, must_change=must_change)
    return {"id": row["id"], "username": row["username"]}


async def _store_password(user_id: int, password_hash: str, *, must_change: bool) -> None:
    async with db.transaction():
        await User.update({User.password_hash: password_hash, User.must_change_password: must_change}).where(
            User.id == user_id
        )
        await Token.update({Token.revoked_at: now()}).where(
            (Token.user == user_id) & Token.revoked_at.is_null()
        )


async def purge_tokens(at: datetime | None = None) -> int:
    """Delete tokens that expired or were revoked: they can never be used again."""
    moment = at or now()
    removed = (
        await Token.delete()
        .where((Token.expires_at <= moment) | Token.revoked_at.is_not_null())
        .returning(Token.id)
    )
    return len(removed)


USER_COLUMNS = (
    User.id,
    User.username,
    User.role,
    User.school_id,
    User.active,
    User.language,
    User.must_change_password,
    User.full_name,
    User.email,
)


async def list_users() -> list[dict]:
    return await User.select(*USER_COLUMNS).order_by(User.id)


async def users_page(*, limit: int, cursor: str | None) -> dict[str, Any]:
    return await keyset_page(User.select(*USER_COLUMNS), User.id, limit, cursor)


async def get_user(user_id: int) -> dict:
    row = await User.select(*USER_COLUMNS).where(User.id == user_id).first()
    if row is None:
        raise NotFound(N_("no user %(user_id)s"), values={"user_id": user_id})
    return row


async def update_user(
    user_id: int,
    actor: CurrentUser,
    *,
    active: bool | None = None,
    role: Role | None = None,
    school_id: int | None | UnsetType = UNSET,
    language: str | None = None,
    full_name: str | None = None,
    email: str | None | UnsetType = UNSET,
) -> dict:
    """A coordinator corrects an account: role, school, language, full name, active.

    A role other than `school` leaves no school behind; `school` needs one (whether it exists is
    the schools' rule, checked by the caller). Deactivation ends the account's tokens at once;
    a coordinator can neither deactivate nor demote their own account (no lock-out).
    """
    async with db.transaction():
        row = await get_user(user_id)
        new_role = role if role is not None else Role(row["role"])
        new_school = row["school_id"] if school_id is UNSET else school_id
        if user_id == actor.id and active is False:
            raise Conflict(N_("you cannot deactivate your own account"))
        if user_id == actor.id and new_role != Role(row["role"]):
            raise Conflict(N_("you cannot change your own role"))
        if new_role != Role.SCHOOL:
            if school_id is not UNSET and school_id is not None:
                raise InvalidInput(N_("school_id is only for users with the school role"), field="school_id")
            new_school = None
        elif new_school is None:
            raise InvalidInput(N_("a school user needs a school_id"), field="school_id")
        values: dict = {User.role: new_role, User.school_id: new_school}
        if active is not None:
            values[User.active] = active
        if language is not None:
            values[User.language] = language
        if full_name is not None:
            values[User.full_name] = full_name.strip()
        if email is not UNSET:
            values[User.email] = email.strip() if email and email.strip() else None
        updated = await User.update(values).where(User.id == user_id).returning(*USER_COLUMNS)
        if active is False:
            await Token.update({Token.revoked_at: now()}).where(
                (Token.user == user_id) & Token.revoked_at.is_null()
            )
    return updated[0]


async def full_names(usernames: list[str]) -> dict[str, str]:
    """The name to print for each username (its full name, else the username itself): for
    records that kept only who acted, such as a delivery note's `handed_over_by`."""
    wanted = sorted({name for name in usernames if name})
    names = dict.fromkeys(wanted, "")
    if wanted:
        rows = await User.select(User.username, User.full_name).where(User.username.is_in(wanted))
        names.update({row["username"]: row["full_name"] for row in rows})
    return {name: policy.display_name(full, name) for name, full in names.items()}


async def set_active(user_id: int, active: bool, actor: CurrentUser) -> dict:
    """Deactivating a user also revokes every token it holds. Admins cannot lock themselves out."""
    if user_id == actor.id and not active:
        raise Conflict(N_("you cannot deactivate your own account"))
    async with db.transaction():
        updated = await User.update({User.active: active}).where(User.id == user_id).returning(*USER_COLUMNS)
        if not updated:
            raise NotFound(N_("no user %(user_id)s"), values={"user_id": user_id})
        if not active:
            await Token.update({Token.revoked_at: now()}).where(
                (Token.user == user_id) & Token.revoked_at.is_null()
            )
    return updated[0]
