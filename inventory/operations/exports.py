"""CSV exports of every list, safe to open in a spreadsheet.

An export is the list its caller may read in the API, as a file, with the same fields:

| table          | who may export                                   |
|----------------|--------------------------------------------------|
| devices        | technician, social_worker, admin                 |
| events         | technician, social_worker, admin                 |
| sites          | technician, social_worker, admin                 |
| wipes          | technician, admin                                |
| stock-counts   | technician, admin                                |
| imports        | technician, admin                                |
| loans          | social_worker, admin; technician without any beneficiary field |
| beneficiaries  | social_worker, admin                             |
| redemptions    | technician, admin; school (its own)              |
| vouchers       | admin; school (its own)                          |
| schools        | admin; school (its own)                          |
| equipment      | admin (every school's); school (its own)         |
| programmes     | admin                                            |

Text cells starting with `=`, `+`, `-`, `@`, a tab or a carriage return are prefixed with an
apostrophe, so a spreadsheet shows them as text and never runs them as a formula (OWASP's
advice against CSV injection). Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
from piccolo.columns import Column
from piccolo.query import Select

from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.devices.tables import Device, Event, WipeRecord
from inventory.errors import N_, NotFound, NotPermitted
from inventory.loans.schedule import is_overdue
from inventory.loans.tables import Beneficiary, Loan
from inventory.operations.tables import DeviceImport, StockCount
from inventory.schools import codes
from inventory.schools.service import scoped
from inventory.schools.tables import Programme, Redemption, School, Voucher
from inventory.settings import get_settings
from inventory.sites.tables import Site

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PAGE_ROWS = 1000
FLUSH_ROWS = 500

Cell = str | int | float
Rows = AsyncIterator[Sequence[Cell]]


def neutralise(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: object, tz: ZoneInfo) -> Cell:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        return value.astimezone(tz).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = msgspec.json.encode(value).decode()
    return neutralise(str(value))


@dataclass(frozen=True)
class Export:
    name: str
    roles: frozenset[Role]
    rows: Callable[[CurrentUser], Rows]  # the header first, then one row per item


EXPORTS: dict[str, Export] = {}


def export(
    name: str, *roles: Role
) -> Callable[[Callable[[CurrentUser], Rows]], Callable[[CurrentUser], Rows]]:
    def register(rows: Callable[[CurrentUser], Rows]) -> Callable[[CurrentUser], Rows]:
        EXPORTS[name] = Export(name=name, roles=frozenset(roles), rows=rows)
        return rows

    return register


def may_export(name: str, role: Role) -> bool:
    return name in EXPORTS and role in EXPORTS[name].roles


def find_export(name: str) -> Export:
    if name not in EXPORTS:
        raise NotFound(
            N_("no export named '%(name)s'; there are: %(exports)s"),
            values={"name": name, "exports": ", ".join(sorted(EXPORTS))},
        )
    return EXPORTS[name]


def export_of_file(filename: str, role: Role) -> Export:
    """The export a download asks for by its file name (`devices.csv`), if the role may have it."""
    if not filename.endswith(".csv"):
        raise NotFound(N_("no export '%(filename)s': ask for <name>.csv"), values={"filename": filename})
    found = find_export(filename.removesuffix(".csv"))
    if role not in found.roles:
        raise NotPermitted(N_("your role may not export this list"))
    return found


async def csv_chunks(
    name: str, viewer: CurrentUser, *, delimiter: str = ",", bom: bool = True
) -> AsyncIterator[bytes]:
    """The export as UTF-8 CSV, a few hundred rows per chunk (a BOM first, for Excel)."""
    tz = get_settings().tz
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    if bom:
        buffer.write("\ufeff")
    pending = 0
    async for row in find_export(name).rows(viewer):
        writer.writerow([cell(value, tz) for value in row])
        pending += 1
        if pending >= FLUSH_ROWS:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue().encode()


async def csv_bytes(name: str, viewer: CurrentUser, *, delimiter: str = ",", bom: bool = True) -> bytes:
    return b"".join([chunk async for chunk in csv_chunks(name, viewer, delimiter=delimiter, bom=bom)])


async def _pages(query: Callable[[], Select], id_column: Column) -> AsyncIterator[dict[str, Any]]:
    """Every row of a query, in id order, a page at a time (memory stays flat on big tables)."""
    after = 0
    while True:
        rows = await query().where(id_column > after).order_by(id_column).limit(PAGE_ROWS)
        for row in rows:
            yield row
        if len(rows) < PAGE_ROWS:
            return
        after = rows[-1]["id"]


def _values(row: Mapping[str, Any], fields: Sequence[str]) -> list[object]:
    return [row[name] for name in fields]


SPEC_FIELDS = ("cpu", "ram_gb", "storage_gb", "storage_type", "screen_inches", "os")
DEVICE_FIELDS = (
    "asset_tag",
    "category",
    "make",
    "model",
    "serial_number",
    "donor",
    "donor_ref",
    "batch",
    "site",
    "stage",
    "on_loan_until",
    "grade",
    "funding",
    "voucher_code",
    "owner",
    "school_id",
    *SPEC_FIELDS,
    "transfer_to",
    "notes",
    "created_at",
    "updated_at",
)


@export("devices", Role.TECHNICIAN, Role.SOCIAL_WORKER, Role.ADMIN)
async def device_rows(viewer: CurrentUser) -> Rows:
    yield DEVICE_FIELDS
    query = lambda: Device.select(  # noqa: E731
        *Device.all_columns(),
        Device.site.code.as_alias("site_code"),
        Device.transfer_to.code.as_alias("transfer_to_code"),
    ).output(load_json=True)
    async for row in _pages(query, Device.id):
        specs = row["specs"] or {}
        row = {
            **row,
            "site": row["site_code"],
            "transfer_to": row["transfer_to_code"],
            "owner": "school" if row["school_id"] is not None else "programme",
            "on_loan_until": row["loan_due_on"],
            **{name: specs.get(name) for name in SPEC_FIELDS},
        }
        yield _values(row, DEVICE_FIELDS)


EVENT_FIELDS = ("id", "asset_tag", "action", "from_stage", "to_stage", "actor", "at", "data")


@export("events", Role.TECHNICIAN, Role.SOCIAL_WORKER, Role.ADMIN)
async def event_rows(viewer: CurrentUser) -> Rows:
    yield EVENT_FIELDS
    query = lambda: Event.select(  # noqa: E731
        *Event.all_columns(), Event.device.asset_tag.as_alias("asset_tag")
    ).output(load_json=True)
    async for row in _pages(query, Event.id):
        yield _values({**row, "data": row["details"] or {}}, EVENT_FIELDS)


WIPE_FIELDS = (
    "certificate_number",
    "asset_tag",
    "donor",
    "donor_ref",
    "serial_number",
    "method",
    "tool",
    "storage_serials",
    "passes",
    "verification",
    "result",
    "started_at",
    "finished_at",
    "operator",
    "notes",
    "created_at",
)


@export("wipes", Role.TECHNICIAN, Role.ADMIN)
async def wipe_rows(viewer: CurrentUser) -> Rows:
    yield WIPE_FIELDS
    query = lambda: WipeRecord.select(  # noqa: E731
        *WipeRecord.all_columns(),
        WipeRecord.device.asset_tag.as_alias("asset_tag"),
        WipeRecord.device.donor.as_alias("donor"),
        WipeRecord.device.donor_ref.as_alias("donor_ref"),
        WipeRecord.device.serial_number.as_alias("serial_number"),
    ).output(load_json=True)
    async for row in _pages(query, WipeRecord.id):
        row = {
            **row,
            "operator": row["operator_name"],
            "storage_serials": ", ".join(row["storage_serials"] or []),
        }
        yield _values(row, WIPE_FIELDS)


SITE_FIELDS = ("code", "name", "kind", "address", "active")


@export("sites", Role.TECHNICIAN, Role.SOCIAL_WORKER, Role.ADMIN)
async def site_rows(viewer: CurrentUser) -> Rows:
    yield SITE_FIELDS
    async for row in _pages(lambda: Site.select(), Site.id):
        yield _values(row, SITE_FIELDS)


COUNT_FIELDS = (
    "id",
    "site",
    "status",
    "opened_at",
    "opened_by",
    "closed_at",
    "closed_by",
    "expected",
    "scanned",
    "found",
    "missing",
    "misplaced",
    "off_shelf",
    "unknown_codes",
    "notes",
)


@export("stock-counts", Role.TECHNICIAN, Role.ADMIN)
async def count_rows(viewer: CurrentUser) -> Rows:
    yield COUNT_FIELDS
    query = lambda: StockCount.select(  # noqa: E731
        *StockCount.all_columns(), StockCount.site.code.as_alias("site_code")
    ).output(load_json=True)
    async for row in _pages(query, StockCount.id):
        result = row["result"] or {}
        figures = {
            "expected": result.get("expected"),
            "scanned": result.get("scanned"),
            "found": result.get("found"),
            **{
                name: len(result[name]) if name in result else None
                for name in ("missing", "misplaced", "off_shelf")
            },
            "unknown_codes": len(result["unknown_codes"]) if "unknown_codes" in result else None,
        }
        yield _values({**row, **figures, "site": row["site_code"]}, COUNT_FIELDS)


IMPORT_FIELDS = (
    "id",
    "filename",
    "device_count",
    "donor",
    "batch",
    "first_asset_tag",
    "last_asset_tag",
    "imported_at",
    "imported_by",
)


@export("imports", Role.TECHNICIAN, Role.ADMIN)
async def import_rows(viewer: CurrentUser) -> Rows:
    yield IMPORT_FIELDS
    async for row in _pages(lambda: DeviceImport.select(), DeviceImport.id):
        yield _values(row, IMPORT_FIELDS)


# What a technician may know of a loan (API.md): never who holds the device.
LOAN_BRIEF_FIELDS = ("id", "asset_tag", "status", "due_on")
LOAN_FIELDS = (
    "id",
    "asset_tag",
    "status",
    "overdue",
    "starts_on",
    "due_on",
    "renewals",
    "beneficiary_reference",
    "beneficiary_name",
    "social_worker",
    "site",
    "accessories",
    "return_condition",
    "notes",
    "closing_notes",
    "closed_at",
    "created_at",
)


@export("loans", Role.TECHNICIAN, Role.SOCIAL_WORKER, Role.ADMIN)
async def loan_rows(viewer: CurrentUser) -> Rows:
    if viewer.role == Role.TECHNICIAN:
        yield LOAN_BRIEF_FIELDS
        # The query itself reads nothing about the beneficiary.
        brief = lambda: Loan.select(  # noqa: E731
            Loan.id, Loan.device.asset_tag.as_alias("asset_tag"), Loan.status, Loan.due_on
        )
        async for row in _pages(brief, Loan.id):
            yield _values(row, LOAN_BRIEF_FIELDS)
        return
    yield LOAN_FIELDS
    today = datetime.now(get_settings().tz).date()
    query = lambda: Loan.select(  # noqa: E731
        *Loan.all_columns(),
        Loan.device.asset_tag.as_alias("asset_tag"),
        Loan.beneficiary.reference.as_alias("beneficiary_reference"),
        Loan.beneficiary.full_name.as_alias("beneficiary_name"),
        Loan.social_worker.username.as_alias("social_worker_name"),
        Loan.site.code.as_alias("site_code"),
    ).output(load_json=True)
    async for row in _pages(query, Loan.id):
        row = {
            **row,
            "overdue": is_overdue(row["status"], row["due_on"], today),
            "social_worker": row["social_worker_name"],
            "site": row["site_code"],
            "accessories": ", ".join(row["accessories"] or []),
        }
        yield _values(row, LOAN_FIELDS)


BENEFICIARY_FIELDS = (
    "id",
    "reference",
    "full_name",
    "phone",
    "email",
    "language",
    "site",
    "social_worker",
    "consent_recorded_on",
    "created_at",
    "anonymised_at",
)


@export("beneficiaries", Role.SOCIAL_WORKER, Role.ADMIN)
async def beneficiary_rows(viewer: CurrentUser) -> Rows:
    yield BENEFICIARY_FIELDS
    query = lambda: Beneficiary.select(  # noqa: E731
        *Beneficiary.all_columns(),
        Beneficiary.site.code.as_alias("site_code"),
        Beneficiary.social_worker.username.as_alias("social_worker_name"),
    )
    async for row in _pages(query, Beneficiary.id):
        yield _values(
            {**row, "site": row["site_code"], "social_worker": row["social_worker_name"]}, BENEFICIARY_FIELDS
        )


SCHOOL_FIELDS = ("id", "name", "fase_number", "address", "contact_email", "created_at")


@export("schools", Role.SCHOOL, Role.ADMIN)
async def school_rows(viewer: CurrentUser) -> Rows:
    yield SCHOOL_FIELDS
    async for row in _pages(lambda: scoped(School.select(), viewer, School.id), School.id):
        yield _values(row, SCHOOL_FIELDS)


PROGRAMME_FIELDS = ("id", "name", "funder", "starts_on", "ends_on", "created_at")


EQUIPMENT_FIELDS = (
    "asset_tag",
    "school_id",
    "category",
    "make",
    "model",
    "serial_number",
    "stage",
    "funding",
    "voucher_code",
    "created_at",
    "updated_at",
)


@export("equipment", Role.SCHOOL, Role.ADMIN)
async def equipment_rows(viewer: CurrentUser) -> Rows:
    """The devices schools hold: allocated to them or bought with their vouchers."""
    yield EQUIPMENT_FIELDS
    query = lambda: scoped(  # noqa: E731
        Device.select(*Device.all_columns()).where(Device.school_id.is_not_null()), viewer, Device.school_id
    )
    async for row in _pages(query, Device.id):
        yield _values(row, EQUIPMENT_FIELDS)


@export("programmes", Role.ADMIN)
async def programme_rows(viewer: CurrentUser) -> Rows:
    yield PROGRAMME_FIELDS
    async for row in _pages(lambda: Programme.select(), Programme.id):
        yield _values(row, PROGRAMME_FIELDS)


VOUCHER_FIELDS = (
    "code",
    "programme",
    "school_id",
    "school",
    "fase_number",
    "quantity",
    "remaining",
    "category",
    "status",
    "expires_on",
    "issued_at",
    "issued_by",
    "cancelled_at",
    "cancel_reason",
)


@export("vouchers", Role.SCHOOL, Role.ADMIN)
async def voucher_rows(viewer: CurrentUser) -> Rows:
    yield VOUCHER_FIELDS
    query = lambda: scoped(  # noqa: E731
        Voucher.select(
            *Voucher.all_columns(),
            Voucher.programme.name.as_alias("programme_name"),
            Voucher.school.name.as_alias("school_name"),
            Voucher.school.fase_number.as_alias("fase_number"),
        ),
        viewer,
        Voucher.school,
    )
    async for row in _pages(query, Voucher.id):
        row = {
            **row,
            "code": codes.display(row["code"]),
            "programme": row["programme_name"],
            "school_id": row["school"],
            "school": row["school_name"],
        }
        yield _values(row, VOUCHER_FIELDS)


REDEMPTION_FIELDS = (
    "id",
    "voucher_code",
    "school_id",
    "school",
    "kind",
    "status",
    "quantity",
    "reserved",
    "reference",
    "requested_at",
    "requested_by",
    "handed_over_at",
    "handed_over_by",
    "delivery_note_number",
    "cancelled_at",
    "cancel_reason",
    "notes",
)


@export("redemptions", Role.TECHNICIAN, Role.SCHOOL, Role.ADMIN)
async def redemption_rows(viewer: CurrentUser) -> Rows:
    yield REDEMPTION_FIELDS
    query = lambda: scoped(  # noqa: E731
        Redemption.select(
            *Redemption.all_columns(),
            Redemption.voucher.code.as_alias("voucher_code"),
            Redemption.school.name.as_alias("school_name"),
        ),
        viewer,
        Redemption.school,
    )
    async for row in _pages(query, Redemption.id):
        row = {
            **row,
            "voucher_code": codes.display(row["voucher_code"]),
            "school_id": row["school"],
            "school": row["school_name"],
        }
        yield _values(row, REDEMPTION_FIELDS)
