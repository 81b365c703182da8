"""The CSV exports a web page offers: those of its lists the signed-in user's role may download."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from inventory.accounts.service import CurrentUser
from inventory.reporting import exports
from inventory.settings import get_settings
from inventory.web.vocabulary import label

# Excel set to Belgian French or Dutch splits columns on semicolons, the web UI's default; the
# comma is for other spreadsheets and tools. Both start with a BOM, without which Excel misreads
# UTF-8 accents.
SEPARATORS = {"semicolon": ";", "comma": ","}


def offered(user: CurrentUser | None, names: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(export, display name) of the exports among `names` (every one by default) the user may
    download, in the order given."""
    if user is None:
        return []
    wanted = exports.EXPORTS if names is None else names
    return [(name, label(name, "export")) for name in wanted if exports.may_export(name, user.role)]


def download_name(name: str) -> str:
    """The file's name: the export's and the local date, so that successive downloads differ."""
    return f"{name}-{datetime.now(get_settings().tz).date().isoformat()}.csv"
