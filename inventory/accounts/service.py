"""Use cases of accounts: log in, authenticate a token, create and deactivate users."""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from inventory import db
from inventory.accounts.passwords import hash_password, password_problem, verify_password
from inventory.accounts.roles import Role
from inventory.accounts.tables import LoginFailure, Token, User
from inventory.errors import N_, Conflict, InvalidInput, NotFound, TooManyAttempts
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


def _username_key(username: str) -> str:
    return username.strip().lower()[:64]


async def _check_throttle(username_key: str) -> None:
    settings = get_settings()
    window = timedelta(minutes=settings.login_window_minutes)
    failures = await LoginFailure.count().where(
        (LoginFailure.username_key == username_key) & (LoginFailure.at > now() - window)
    )
    if failures >= settings.login_max_failures:
        raise TooManyAttempts(
            N_("too many failed log-in attempts; try again later"),
            retry_after_seconds=int(window.total_seconds()),
        )


async def authenticate_password(username: str, password: str) -> CurrentUser:
    """The active user with these credentials; the same refusal whether the user exists or not."""
    username_key = _username_key(username)
    await _check_throttle(username_key)
    row = await User.select().where(User.username == username_key).first()
    valid = verify_password(row["password_hash"] if row else None, password)
    if not (row and valid and row["active"]):
        await LoginFailure.insert(LoginFailure(username_key=username_key, at=now()))
        raise NotAuthenticated("invalid username or password")
    return _current_user(row)


class NotAuthenticated(Exception):
    """Credentials or token refused: always answered 401 with the same message."""


def _current_user(row: dict) -> CurrentUser:
    return CurrentUser(
        id=row["id"],
        username=row["username"],
        role=Role(row["role"]),
        school_id=row["school_id"],
        language=row["language"],
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
    SELECT u.id, u.username, u.role, u.school_id, u.language
    FROM token t JOIN relais_user u ON u.id = t.user
    WHERE t.digest = {} AND t.revoked_at IS NULL AND t.expires_at > {} AND u.active = {}
"""


async def user_for_token(token: str) -> CurrentUser:
    """One indexed query per request, so a revoked token or deactivated user fails at once."""
    rows = await db.fetch(_USER_FOR_TOKEN, token_digest(token), now(), True)
    if not rows:
        raise NotAuthenticated("invalid or expired token")
    return _current_user(rows[0])


async def revoke_token(token: str) -> None:
    await Token.update({Token.revoked_at: now()}).where(
        (Token.digest == token_digest(token)) & Token.revoked_at.is_null()
    )


async def create_user(
    username: str, password: str, role: Role, school_id: int | None = None, language: str = "fr"
) -> dict:
    username_key = _username_key(username)
    problem = password_problem(password)
    if problem:
        message, values = problem
        raise InvalidInput(message, values=values, field="password")
    if role == Role.SCHOOL and school_id is None:
        raise InvalidInput(N_("a school user needs a school_id"), field="school_id")
    if role != Role.SCHOOL and school_id is not None:
        raise InvalidInput(N_("school_id is only for users with the school role"), field="school_id")
    user = User(
        username=username_key,
        password_hash=hash_password(password),
        role=role,
        school_id=school_id,
        language=language,
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
    return {"id": rows[0]["id"], "username": username_key, "role": role, "school_id": school_id}


USER_COLUMNS = (User.id, User.username, User.role, User.school_id, User.active, User.language)


async def list_users() -> list[dict]:
    return await User.select(*USER_COLUMNS).order_by(User.id)


async def users_page(*, limit: int, cursor: str | None) -> dict[str, Any]:
    return await keyset_page(User.select(*USER_COLUMNS), User.id, limit, cursor)


async def set_active(user_id: int, active: bool, actor: CurrentUser) -> dict:
    """Deactivating a user also revokes every token it holds. Admins cannot lock themselves out."""
    if user_id == actor.id and not active:
        raise Conflict(N_("you cannot deactivate your own account"))
    async with db.transaction():
        updated = (
            await User.update({User.active: active})
            .where(User.id == user_id)
            .returning(User.id, User.username, User.role, User.school_id, User.active, User.language)
        )
        if not updated:
            raise NotFound(N_("no user %(user_id)s"), values={"user_id": user_id})
        if not active:
            await Token.update({Token.revoked_at: now()}).where(
                (Token.user == user_id) & Token.revoked_at.is_null()
            )
    return updated[0]
