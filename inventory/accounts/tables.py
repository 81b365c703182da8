"""Users, their bearer tokens and failed log-in attempts."""

from piccolo.columns import (
    Boolean,
    ForeignKey,
    Integer,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from inventory.accounts.roles import Role


class User(Table, tablename="relais_user"):
    username = Varchar(length=64, unique=True)
    password_hash = Varchar(length=255)
    role = Varchar(length=20, choices=Role)
    # The school a `school` user belongs to; schools live in a later app, so no foreign key here.
    school_id = Integer(null=True, default=None)
    active = Boolean(default=True)
    language = Varchar(length=2, default="fr")
    created_at = Timestamptz()


class Token(Table):
    """A bearer token, stored only as its SHA-256 digest."""

    digest = Varchar(length=64, unique=True)
    user = ForeignKey(references=User, null=False)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)


class LoginFailure(Table):
    """One failed log-in; counted per username over a sliding window to throttle guessing."""

    username_key = Varchar(length=64, index=True)
    at = Timestamptz()
