"""Enumerations of device imports and stock counts, shared by tables, schemas, services and the CLI."""

from enum import StrEnum

from inventory.errors import N_
from inventory.terms import Term


class CountStatus(Term):
    OPEN = "open", N_("Open")
    CLOSED = "closed", N_("Closed")

    @property
    def open(self) -> bool:
        """Scans are still taken and the result may change."""
        return self is CountStatus.OPEN


class ScanStatus(StrEnum):
    """What one scan of a stock count did."""

    COUNTED = "counted"  # a device, counted for the first time in this count
    ALREADY_COUNTED = "already_counted"  # the same device again: scans are idempotent
    UNKNOWN = "unknown"  # no device has this code; kept and listed in the result
    AMBIGUOUS = "ambiguous"  # several devices share this code; scan the asset tag instead


class Finding(StrEnum):
    """Where a scanned device stands against what the register says."""

    FOUND = "found"  # registered here, on a shelf: as expected
    MISPLACED = "misplaced"  # registered at another site (or none): a transfer fixes it
    OFF_SHELF = "off_shelf"  # its stage says it is not on any shelf (on loan, allocated, ...)


class ImportProblemKind(StrEnum):
    """Every reason a row or a whole file of a device import is refused."""

    # Rows
    EMPTY_REQUIRED = "empty_required"
    UNKNOWN_CATEGORY = "unknown_category"
    DUPLICATE_IN_FILE = "duplicate_in_file"
    DUPLICATE_IN_DATABASE = "duplicate_in_database"
    UNKNOWN_SITE = "unknown_site"
    INVALID_VALUE = "invalid_value"
    TOO_LONG = "too_long"
    EXTRA_CELLS = "extra_cells"
    # A notice, not a refusal: a multi-line cell of a single-line field was joined into one line.
    JOINED_LINES = "joined_lines"
    # Whole file
    UNREADABLE = "unreadable"
    NO_ROWS = "no_rows"
    MISSING_COLUMN = "missing_column"
    TOO_MANY_ROWS = "too_many_rows"
    ALREADY_IMPORTED = "already_imported"


class RowStatus(StrEnum):
    CREATE = "create"
    ERROR = "error"


class CountScan(Term):
    """What the scan station shows for one scan of a stock count; the tone is its feedback colour:
    ok (green), info (blue), warn (amber), refused (red)."""

    FOUND = "found", N_("Counted"), "ok"
    ALREADY_COUNTED = "already_counted", N_("Already counted"), "info"
    MISPLACED = "misplaced", N_("Misplaced"), "warn"
    OFF_SHELF = "off_shelf", N_("Off the shelf"), "warn"
    UNKNOWN = "unknown", N_("Unknown code"), "refused"
    AMBIGUOUS = "ambiguous", N_("Several devices"), "refused"
    CLOSED = "closed", N_("Count closed"), "refused"


class Delimiter(Term):
    """The separator of a CSV file, as the import's dry run names it."""

    SEMICOLON = ";", N_("semicolon")
    COMMA = ",", N_("comma")
    TAB = "\t", N_("tab")


class Reason(Term):
    """Why a stock count refuses something: the code callers match on, and its sentence."""

    ALREADY_HERE = "already_here", N_("%(asset_tag)s is already registered at %(site)s.")
