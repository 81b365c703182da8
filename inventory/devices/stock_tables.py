"""Stock counts with their scans, and the record of each device import."""

from piccolo.columns import JSON, ForeignKey, Integer, OnDelete, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table

from inventory.devices.stock_vocabulary import CountStatus
from inventory.devices.tables import Device
from inventory.sites.tables import Site


class StockCount(Table, tablename="stock_count"):
    """A count of the devices on a site's shelves. Kept with its scans as history.

    A partial unique index allows one open count per site: technicians counting one site
    together scan into the same count.
    """

    id: Serial  # Piccolo's implicit primary key, declared for the type checker

    site = ForeignKey(references=Site, null=False, on_delete=OnDelete.restrict, index=True)
    status = Varchar(length=10, choices=CountStatus, default=CountStatus.OPEN)
    notes = Text(default="")
    opened_at = Timestamptz()
    opened_by = Varchar(length=64)
    opened_by_id = Integer(null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
    closed_by = Varchar(length=64, default="")
    # The findings frozen at closing: devices move on afterwards, what the count found does not.
    result = JSON(default="{}")


class StockScan(Table, tablename="stock_scan"):
    """One code scanned during a count: a device (once per count) or an unknown code (once)."""

    id: Serial  # Piccolo's implicit primary key, declared for the type checker

    stock_count = ForeignKey(references=StockCount, null=False, on_delete=OnDelete.restrict, index=True)
    code = Varchar(length=100)
    # Trimmed and upper-cased, as devices compare codes; unknown codes are unique on it.
    code_key = Varchar(length=100)
    device = ForeignKey(references=Device, null=True, default=None, on_delete=OnDelete.restrict)
    asset_tag = Varchar(length=20, null=True, default=None)
    scanned_at = Timestamptz()
    scanned_by = Varchar(length=64)
    scanned_by_id = Integer(null=True, default=None)


class DeviceImport(Table, tablename="device_import"):
    """One donor spreadsheet imported: which file, by whom, and the asset tags it got."""

    id: Serial  # Piccolo's implicit primary key, declared for the type checker

    filename = Varchar(length=255, default="")
    # The file's SHA-256, so that importing the same spreadsheet twice is refused.
    sha256 = Varchar(length=64, index=True)
    device_count = Integer()
    donor = Varchar(length=200, default="")
    batch = Varchar(length=100, default="")
    first_asset_tag = Varchar(length=20, null=True, default=None)
    last_asset_tag = Varchar(length=20, null=True, default=None)
    imported_at = Timestamptz()
    imported_by = Varchar(length=64)
    imported_by_id = Integer(null=True, default=None)
