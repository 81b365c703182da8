"""Input and output structs of device imports and stock counts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from msgspec import Struct

from inventory import text
from inventory.devices.schemas import AssetTag, DeviceOut, EventOut, SiteCode
from inventory.devices.stock_tables import StockScan
from inventory.devices.stock_vocabulary import (
    CountStatus,
    Finding,
    ImportProblemKind,
    RowStatus,
    ScanStatus,
)
from inventory.devices.vocabulary import Category, Stage

Code = Annotated[
    str, text.scanned_meta(StockScan.code, description="asset tag, serial number or donor reference")
]
Notes = Annotated[str, text.notes_meta()]


# Imports


class ImportProblem(Struct):
    kind: ImportProblemKind
    field: str | None
    message: str


class ImportRow(Struct):
    """One row of the file as the dry run reads it: what would be created, or what is wrong."""

    row: int
    status: RowStatus
    category: str
    make: str
    model: str
    serial_number: str
    donor: str
    donor_ref: str
    batch: str
    site: str
    problems: list[ImportProblem]
    # What was changed to import the row (a multi-line cell joined into one line).
    notices: list[ImportProblem] = []


class ImportColumn(Struct):
    column: str
    field: str | None  # None: the column is ignored


class ImportReport(Struct):
    filename: str
    encoding: str
    delimiter: str
    columns: list[ImportColumn]
    rows: list[ImportRow]
    total_rows: int
    valid_rows: int
    invalid_rows: int
    file_problems: list[ImportProblem]
    ok: bool


class ImportSummary(Struct):
    import_id: int
    filename: str
    created: int
    first_asset_tag: str | None
    last_asset_tag: str | None
    donor: str
    batch: str
    imported_at: datetime
    imported_by: str


class ImportOut(Struct):
    id: int
    filename: str
    device_count: int
    donor: str
    batch: str
    first_asset_tag: str | None
    last_asset_tag: str | None
    imported_at: datetime
    imported_by: str


class ImportList(Struct):
    items: list[ImportOut]
    next_cursor: str | None


# Stock counts


class CountOpen(Struct, forbid_unknown_fields=True):
    site: SiteCode
    notes: Notes = ""


class ScanIn(Struct, forbid_unknown_fields=True):
    code: Code


class MoveHere(Struct, forbid_unknown_fields=True):
    asset_tag: AssetTag


class CountOut(Struct):
    id: int
    site: str
    site_name: str
    status: CountStatus
    notes: str
    opened_at: datetime
    opened_by: str
    closed_at: datetime | None
    closed_by: str
    scanned: int
    unknown: int


class CountList(Struct):
    items: list[CountOut]
    next_cursor: str | None


class CountDevice(Struct):
    """A device as a count sees it: where the register says it is, and in what stage."""

    asset_tag: str
    category: Category
    make: str
    model: str
    serial_number: str | None
    stage: Stage
    site: str | None
    transfer_to: str | None


class ScanOutcome(Struct):
    """What the scan station shows (and beeps) after one scan."""

    status: ScanStatus
    code: str
    message: str
    device: CountDevice | None = None
    finding: Finding | None = None


class ScanOut(Struct):
    id: int
    code: str
    asset_tag: str | None
    scanned_at: datetime
    scanned_by: str


class ScanList(Struct):
    items: list[ScanOut]
    next_cursor: str | None


class CountResult(Struct):
    """What a count found. Live while the count is open; frozen when it closes."""

    count_id: int
    site: str
    status: CountStatus
    opened_at: datetime
    opened_by: str
    closed_at: datetime | None
    closed_by: str
    expected: int
    scanned: int
    found: int
    # Expected on this site's shelves but not scanned.
    missing: list[CountDevice]
    # Scanned here but registered at another site (or none): a transfer fixes the register.
    misplaced: list[CountDevice]
    # Scanned here while their stage says they are not on a shelf (on loan, allocated, lost, retired).
    off_shelf: list[CountDevice]
    unknown_codes: list[str]


class MoveResult(Struct):
    device: DeviceOut
    events: list[EventOut]
