"""Input and output structs of the accounts API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from msgspec import Meta, Struct

from inventory import text
from inventory.accounts.roles import Role
from inventory.numbers import RowId

Username = Annotated[str, Meta(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9._@-]+$(?!\n)")]
LoginName = text.line(64, required=True)
Language = Annotated[str, Meta(pattern=r"^(fr|nl|en)$")]


class TokenRequest(Struct, forbid_unknown_fields=True):
    # Any name is checked like a wrong password, but never one PostgreSQL cannot even compare.
    username: LoginName
    password: Annotated[str, Meta(min_length=1, max_length=1024)]


class TokenOut(Struct):
    token: str
    token_type: str
    role: Role
    expires_at: datetime


class UserCreate(Struct, forbid_unknown_fields=True):
    username: Username
    password: Annotated[str, Meta(min_length=1, max_length=1024)]
    role: Role
    school_id: RowId | None = None
    language: Language = "fr"


class UserOut(Struct):
    id: int
    username: str
    role: Role
    school_id: int | None = None
    active: bool = True
    language: str = "fr"


class UserList(Struct):
    items: list[UserOut]
    next_cursor: str | None


class UserUpdate(Struct, forbid_unknown_fields=True):
    active: bool


class Me(Struct):
    id: int
    username: str
    role: Role
    school_id: int | None
    language: str
