"""Asset tags and the numbers of device documents: how they are written, in one place.

Intake, imports, certificates, label runs and the browser's scan check all read the format here.
"""

from __future__ import annotations

from inventory.settings import get_settings

# Zero-padded to at least this many digits: RL-000042. More digits once the counter needs them.
NUMBER_DIGITS = 6
# The two letters between prefix and number on a device document: RL-WC-000007.
WIPE_CERTIFICATE = "WC"


def _prefix(prefix: str | None) -> str:
    return prefix if prefix is not None else get_settings().asset_tag_prefix


def asset_tag(number: int, prefix: str | None = None) -> str:
    """The asset tag of the `number`th device: `<prefix>-<number, 6 digits or more>`."""
    return f"{_prefix(prefix)}-{number:0{NUMBER_DIGITS}d}"


def document_number(kind: str, number: int, prefix: str | None = None) -> str:
    """A numbered device document (wipe certificate `WC`, delivery note `DN`): RL-WC-000007."""
    return f"{_prefix(prefix)}-{kind}-{number:0{NUMBER_DIGITS}d}"


def could_be_in_asset_tag(text: str, prefix: str | None = None) -> bool:
    """Whether `text` (any case) could be part of some asset tag: only the prefix's characters,
    dashes and digits. A name typed in a search box never is, so no tag needs reading for it."""
    allowed = set(_prefix(prefix).upper()) | set("-0123456789")
    return bool(text) and set(text.upper()) <= allowed


def asset_tag_pattern(prefix: str | None = None) -> str:
    """A regular expression a whole asset tag matches, read alike by Python and JavaScript.

    The prefix is 1 to 10 capitals or digits (settings), so it needs no escaping.
    """
    return f"^{_prefix(prefix)}-[0-9]{{{NUMBER_DIGITS},}}$"


def document_number_pattern(prefix: str | None = None) -> str:
    """A regular expression a whole device document number matches (RL-WC-000007, RL-DN-000003)."""
    return f"^{_prefix(prefix)}-[A-Z]{{2}}-[0-9]{{{NUMBER_DIGITS},}}$"
