"""Users, their bearer tokens and the log-in throttle."""

from piccolo.columns import (
    Boolean,
    ForeignKey,
    Integer,
    Serial,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from inventory.accounts.roles import Role


class User(Table, tablename="relais_user"):
    id: Serial  # Piccolo's implicit primary key, declared for the type checker
    username = Varchar(length=64, unique=True)
    # The name printed on documents (agreements, letters, delivery notes, certificates).
    full_name = Varchar(length=200, default="")
    password_hash = Varchar(length=255)
    role = Varchar(length=20, choices=Role)
    # The school a `school` user belongs to; schools live in a later app, so no foreign key here.
    school_id = Integer(null=True, default=None)
    active = Boolean(default=True)
    language = Varchar(length=2, default="fr")
    # Optional: escalations, decisions and waiting-list matches are e-mailed to it too.
    email = Varchar(length=254, null=True, default=None)
    created_at = Timestamptz()
    # Set by a coordinator's reset: the user must choose a new password before anything else.
    must_change_password = Boolean(default=False)


class Token(Table):
    """A bearer token, stored only as its SHA-256 digest."""

    id: Serial  # Piccolo's implicit primary key, declared for the type checker

    digest = Varchar(length=64, unique=True)
    user = ForeignKey(references=User, null=False)
    created_at = Timestamptz()
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)


class LoginThrottle(Table):
    """Recent log-in attempts of one username or one client address (inventory/accounts/throttle.py).

    `key_digest` is the SHA-256 of the normalised username or address: the table never holds a
    mistyped password someone entered as their username, nor anyone's IP address in clear.
    (kind, key_digest) is unique (migration accounts_2026_12_06t19_00_00).
    """

    id: Serial  # Piccolo's implicit primary key, declared for the type checker

    kind = Varchar(length=16)
    key_digest = Varchar(length=64)
    attempts = Integer(default=0)
    # The next attempt is refused (429) until then.
    blocked_until = Timestamptz()
    # The counter is forgotten after then (and the row purged by the scheduler).
    expires_at = Timestamptz(index=True)
    # A random mark of the last attempt counted, so an attempt learns whether it was the one.
    last_attempt = Varchar(length=32, default="")
