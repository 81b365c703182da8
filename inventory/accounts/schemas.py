"""Input and output structs of the accounts API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from msgspec import UNSET, Meta, Struct, UnsetType

from inventory import text
from inventory.accounts import policy
from inventory.accounts.roles import Role
from inventory.numbers import RowId

Username = Annotated[
    str,
    Meta(
        min_length=policy.USERNAME_MIN_LENGTH,
        max_length=policy.USERNAME_MAX_LENGTH,
        pattern=policy.USERNAME_SCHEMA_PATTERN,
        description="letters a to z, digits, dots, hyphens and underscores; stored lower-case",
    ),
]
NewPassword = Annotated[
    str,
    Meta(
        min_length=policy.MIN_PASSWORD_LENGTH,
        max_length=policy.MAX_PASSWORD_LENGTH,
        description=(
            f"at least {policy.MIN_PASSWORD_LENGTH} characters after Unicode NFKC normalisation, "
            "not the username, not among the 100,000 most common passwords, "
            "no control or invisible characters"
        ),
    ),
]
GivenPassword = Annotated[str, Meta(min_length=1, max_length=policy.MAX_PASSWORD_LENGTH)]
# Any name is checked like a wrong password, but never one PostgreSQL cannot even compare.
LoginName = Annotated[str, text.line_meta(policy.USERNAME_MAX_LENGTH, required=True)]
Language = Annotated[str, Meta(pattern=r"^(fr|nl|en)$")]
FullName = Annotated[
    str, text.line_meta(policy.FULL_NAME_MAX_LENGTH, description="the name printed on documents")
]
RequiredFullName = Annotated[
    str,
    text.line_meta(policy.FULL_NAME_MAX_LENGTH, required=True, description="the name printed on documents"),
]
StaffEmail = Annotated[str, text.email_meta(254)]


class TokenRequest(Struct, forbid_unknown_fields=True):
    username: LoginName
    password: GivenPassword


class TokenOut(Struct):
    token: str
    token_type: str
    role: Role
    expires_at: datetime
    # True after a reset: this token only serves POST /api/v1/auth/password until then.
    must_change_password: bool = False


class UserCreate(Struct, forbid_unknown_fields=True):
    username: Username
    password: NewPassword
    role: Role
    school_id: RowId | None = None
    language: Language = "fr"
    # Left empty, it is made from the username ("jean.dupont": "Jean Dupont").
    full_name: FullName = ""
    # Optional: escalations, decisions and waiting-list matches are e-mailed to it too.
    email: StaffEmail | None = None


class UserOut(Struct):
    id: int
    username: str
    role: Role
    school_id: int | None = None
    active: bool = True
    language: str = "fr"
    must_change_password: bool = False
    full_name: str = ""
    email: str | None = None


class UserList(Struct):
    items: list[UserOut]
    next_cursor: str | None


class UserUpdate(Struct, forbid_unknown_fields=True):
    """What a coordinator changes of an account; a field left out keeps its value. A role other
    than `school` clears the school; `school` needs a `school_id` of an existing school."""

    active: bool | UnsetType = UNSET
    role: Role | UnsetType = UNSET
    school_id: RowId | None | UnsetType = UNSET
    language: Language | UnsetType = UNSET
    full_name: RequiredFullName | UnsetType = UNSET
    # Escalations, decisions and waiting-list matches are e-mailed to it too; null removes it.
    email: StaffEmail | None | UnsetType = UNSET


class Me(Struct):
    id: int
    username: str
    role: Role
    school_id: int | None
    language: str
    # True after a reset: every other call answers 403 until POST /api/v1/auth/password.
    must_change_password: bool = False
    full_name: str = ""


class PasswordChange(Struct, forbid_unknown_fields=True):
    current_password: GivenPassword
    new_password: NewPassword


class PasswordReset(Struct, forbid_unknown_fields=True):
    """A coordinator's reset; without `password`, a temporary one is generated and returned."""

    password: NewPassword | None = None


class PasswordResetOut(Struct):
    id: int
    username: str
    # Shown once: give it to the user, who must replace it at the next log-in.
    temporary_password: str
    must_change_password: bool = True
