"""The device row the devices service hands out: defined once, here; its select list (the
query builder's columns and the hot path's SQL) is derived from its fields."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import msgspec
from piccolo.columns import Column, ForeignKey

from inventory import rows
from inventory.devices.tables import Device
from inventory.devices.vocabulary import Category, Funding, Grade, Stage


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
