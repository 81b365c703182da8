"""The rows the devices service hands out, each defined once, here: the device (its select
list, the query builder's columns and the hot path's SQL, derived from its fields), its events,
wipes and certificates, the kept wipe reports and stock counts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import msgspec
from piccolo.columns import Column, ForeignKey

from inventory import rows
from inventory.devices.stock_tables import StockCount
from inventory.devices.stock_vocabulary import CountStatus
from inventory.devices.tables import Device, Event, WipeRecord, WipeReport
from inventory.devices.vocabulary import (
    Action,
    Category,
    Funding,
    Grade,
    Stage,
    Verification,
    WipeMethod,
    WipeResult,
)


class DeviceRow(msgspec.Struct, frozen=True):
    """A stored device, with the codes and name of the sites it is at and bound for."""

    id: int
    asset_tag: str
    category: Category
    make: str
    model: str
    serial_number: str | None
    serial_key: str | None
    make_key: str
    donor: str
    donor_ref: str | None
    donor_ref_key: str | None
    batch: str
    site: int | None
    transfer_to: int | None
    specs: dict[str, Any]
    grade: Grade | None
    stage: Stage
    funding: Funding
    voucher_code: str | None
    school_id: int | None
    notes: str
    search_key: str
    loan_due_on: date | None
    wiped_since_custody_change: bool
    version: int
    created_at: datetime
    updated_at: datetime
    site_code: str | None
    site_name: str | None
    transfer_to_code: str | None


# The fields read through a foreign key of the device; every other field is the device's own
# column of the same name.
JOINED: dict[str, Column] = {
    "site_code": Device.site.code,
    "site_name": Device.site.name,
    "transfer_to_code": Device.transfer_to.code,
}
FIELDS: tuple[str, ...] = DeviceRow.__struct_fields__
_OWN = rows.own_fields(DeviceRow, JOINED)


def _foreign_key(column: Column) -> ForeignKey[Any]:
    (key,) = column._meta.call_chain
    return key


# For the query builder (lists, filters): `Device.select(*DEVICE_COLUMNS)`.
# The module refuses to load when DeviceRow's own fields are not the device table's columns.
DEVICE_COLUMNS: tuple[Column, ...] = rows.select_columns(Device, DeviceRow, JOINED, all_but=())


# For the lookups every scan makes, written once rather than rebuilt per request by the query
# builder (bench/scan.py): each foreign key's table joined under the key's own name.
def _select_sql() -> str:
    own = [f"device.{name}" for name in _OWN]
    joined = [
        f"{_foreign_key(column)._meta.name}.{column._meta.db_column_name} AS {name}"
        for name, column in JOINED.items()
    ]
    keys = {_foreign_key(column)._meta.name: _foreign_key(column) for column in JOINED.values()}
    joins = [
        f"LEFT JOIN {key._foreign_key_meta.resolved_references._meta.tablename} AS {alias}"
        f" ON {alias}.id = device.{key._meta.db_column_name}"
        for alias, key in keys.items()
    ]
    # Every name comes from the table definitions above; nothing from outside.
    return f"SELECT {', '.join(own + joined)} FROM device {' '.join(joins)}"  # noqa: S608


DEVICE_SELECT = _select_sql()


def device_row(values: Mapping[str, Any]) -> DeviceRow:
    """A row as the database gives it (specs as JSON text on some drivers, booleans as 0/1 on
    SQLite), typed."""
    specs = values["specs"]
    if not isinstance(specs, dict):
        values = {**values, "specs": msgspec.json.decode(specs or "{}")}
    return msgspec.convert(values, DeviceRow, strict=False)


# ------------------------------------------------------------------ the other rows of devices
# Each is a table's columns (checked as the module loads, like DeviceRow's: inventory/rows.py),
# plus what it is read with, named after DeviceRow's fashion: `X_COLUMNS` to select, `x_row()`
# to type a row.


def _json_field(values: Mapping[str, Any], name: str, empty: str) -> Mapping[str, Any]:
    """`values` with its JSON field `name` decoded when the driver gave it as text (RETURNING,
    raw SQL, some drivers); a NULL reads as `empty`."""
    value = values[name]
    if isinstance(value, str | bytes) or value is None:
        return {**values, name: msgspec.json.decode(value or empty)}
    return values


class EventRow(msgspec.Struct, frozen=True):
    """One event of a device's history (append-only): who did what, when, from which stage to
    which, and what the action recorded (`details`)."""

    id: int
    device: int
    action: Action
    from_stage: Stage | None
    to_stage: Stage
    actor: str
    actor_id: int | None
    request_id: str
    at: datetime
    details: dict[str, Any]


EVENT_COLUMNS: tuple[Column, ...] = rows.select_columns(Event, EventRow, all_but=())


def event_row(values: Mapping[str, Any]) -> EventRow:
    return msgspec.convert(_json_field(values, "details", "{}"), EventRow, strict=False)


class WipeRow(msgspec.Struct, frozen=True):
    """A recorded wipe, passed or failed (a passed one is numbered: its certificate), with the
    full name of its operator's account (None once the account is gone)."""

    id: int
    device: int
    certificate_number: str | None
    method: WipeMethod
    tool: str
    storage_serials: list[str]
    passes: int | None
    verification: Verification
    result: WipeResult
    started_at: datetime | None
    finished_at: datetime | None
    operator: int | None
    operator_name: str
    notes: str
    created_at: datetime
    operator_full_name: str | None


WIPE_COLUMNS: tuple[Column, ...] = rows.select_columns(
    WipeRecord, WipeRow, {"operator_full_name": WipeRecord.operator.full_name}, all_but=()
)


def wipe_row(values: Mapping[str, Any]) -> WipeRow:
    return msgspec.convert(_json_field(values, "storage_serials", "[]"), WipeRow, strict=False)


class CertificateRow(WipeRow, frozen=True):
    """A passed wipe as a certificate of the device: numbered, dated by the wipe (`wiped_at`),
    and `current` for the one that covers the device's current custody period."""

    certificate_number: str
    wiped_at: datetime
    current: bool


class WipeReportRow(msgspec.Struct, frozen=True):
    """The wiping tool's report kept for a wipe, without its bytes (`WipeReportFile` has them);
    `summary` is what the report said, drive by drive, as stored."""

    id: int
    device: int
    wipe: int
    sha256: str
    filename: str
    media_type: str
    size_bytes: int
    kind: str
    summary: dict[str, Any]
    uploaded_by: str
    created_at: datetime


# The report's bytes are read only to be downloaded (WipeReportFile).
WIPE_REPORT_COLUMNS: tuple[Column, ...] = rows.select_columns(WipeReport, WipeReportRow, all_but=("content",))


def wipe_report_row(values: Mapping[str, Any]) -> WipeReportRow:
    return msgspec.convert(_json_field(values, "summary", "{}"), WipeReportRow, strict=False)


class WipeReportFile(msgspec.Struct, frozen=True):
    """A kept report's bytes, as uploaded, with what a download names it by."""

    content: bytes
    filename: str
    media_type: str
    sha256: str


class BatchSummary(msgspec.Struct, frozen=True):
    """The first page of a donor batch's certificates: how many of its devices were wiped,
    failed every wipe, were destroyed (retired with a recycler's certificate), or wait."""

    donor: str
    batch: str
    devices: int
    wiped: int
    failed: int
    destroyed: int
    pending: int


class BundleCertificate(msgspec.Struct, frozen=True):
    """One certificate of a donor batch's bundle: the device, its passed wipe, the digest of
    the wiping tool's report and the address that verifies it."""

    device: DeviceRow
    wipe: WipeRow
    report_sha256: str | None
    verification_url: str | None


class CountRow(msgspec.Struct, frozen=True):
    """A stock count, with the code and name of the site it counts; `result` is what it found,
    frozen when it was closed (empty while it is open)."""

    id: int
    site: int
    status: CountStatus
    notes: str
    opened_at: datetime
    opened_by: str
    opened_by_id: int | None
    closed_at: datetime | None
    closed_by: str
    result: dict[str, Any]
    site_code: str
    site_name: str


COUNT_COLUMNS: tuple[Column, ...] = rows.select_columns(
    StockCount, CountRow, {"site_code": StockCount.site.code, "site_name": StockCount.site.name}, all_but=()
)


def count_row(values: Mapping[str, Any]) -> CountRow:
    return msgspec.convert(_json_field(values, "result", "{}"), CountRow, strict=False)
