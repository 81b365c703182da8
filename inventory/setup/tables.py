"""The one-time setup tokens `relais serve` prints while the database has no user."""

from piccolo.columns import Timestamptz, Varchar
from piccolo.table import Table


class SetupToken(Table, tablename="setup_token"):
    """A setup address's token, stored only as its SHA-256 digest, so every worker process (and
    every host on the same database) knows it without it ever being written in clear."""

    digest = Varchar(length=64, unique=True)
    created_at = Timestamptz()
    # Set on every token at once when one of them creates the first account.
    used_at = Timestamptz(null=True, default=None)
