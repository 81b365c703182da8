"""Enumerations of device imports and stock counts, shared by tables, schemas, services and the CLI."""

from enum import StrEnum


class CountStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


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
