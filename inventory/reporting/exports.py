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

import contextlib
import csv
import functools
import io
import operator
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

import aiosqlite
import msgspec
from piccolo.columns import JSON, JSONB, Array, Boolean, Column, Date, Timestamp, Timestamptz
from piccolo.query import Select

from inventory import db
from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.devices import search
from inventory.devices import service as devices
from inventory.devices.rows import DEVICE_COLUMNS, EVENT_COLUMNS, DeviceRow, EventRow, device_row, event_row
from inventory.devices.search import DeviceFilter
from inventory.devices.stock_tables import DeviceImport, StockCount
from inventory.devices.tables import Device, Event, WipeRecord
from inventory.errors import N_, NotFound, NotPermitted
from inventory.loans.schedule import is_overdue
from inventory.loans.tables import Beneficiary, Loan
from inventory.offload import Work
from inventory.offload import run as offload
from inventory.schools import codes
from inventory.schools.service import scoped
from inventory.schools.tables import Programme, Redemption, School, Voucher
from inventory.settings import get_settings
from inventory.sites.tables import Site

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A page of rows is read as plain tuples (no Piccolo and no type converters on the event loop)
# and turned into values in the CSV worker thread, so the loop only waits for the database.
PAGE_ROWS = 200

Cell = str | int | float
Row = TypeVar("Row", bound=msgspec.Struct)


@dataclass(frozen=True)
class Page:
    """One page of a listing as the database gave it: column names and plain tuples."""

    names: Sequence[str]
    rows: Sequence[Sequence[Any]]
    readers: Mapping[str, Callable[[Any], Any]]

    def records(self) -> list[dict[str, Any]]:
        """The rows by column name, stored text read back as Python values (in a worker thread)."""
        readers = [
            (position, self.readers[name]) for position, name in enumerate(self.names) if name in self.readers
        ]
        records = []
        for row in self.rows:
            values = list(row)
            for position, read in readers:
                if values[position] is not None:
                    values[position] = read(values[position])
            records.append(dict(zip(self.names, values, strict=True)))
        return records


def _as_read(row: Mapping[str, Any]) -> Mapping[str, Any]:
    return row


@dataclass(frozen=True)
class Listing:
    """What an export writes: its columns, its rows a page at a time as the database gives them,
    and how one row becomes the values of those columns (pure: it runs in a worker thread)."""

    fields: Sequence[str]
    pages: AsyncIterator[Page]
    shape: Callable[[Mapping[str, Any]], Mapping[str, Any]] = field(default=_as_read)


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
    listing: Callable[[CurrentUser], Listing]


EXPORTS: dict[str, Export] = {}

# Each export as its download link names it (translated where shown).
EXPORT_TITLES: dict[str, str] = {
    "devices": N_("Devices"),
    "events": N_("Device history"),
    "wipes": N_("Wipes and certificates"),
    "sites": N_("Sites"),
    "stock-counts": N_("Stock-takes"),
    "imports": N_("Spreadsheet imports"),
    "loans": N_("Loans"),
    "beneficiaries": N_("Beneficiaries"),
    "schools": N_("Schools"),
    "programmes": N_("Programmes"),
    "vouchers": N_("Vouchers"),
    "redemptions": N_("School requests"),
    "equipment": N_("School equipment"),
}


# A function listing an export's rows for a viewer; it may take more (a filter) with defaults.
ListingFunction = TypeVar("ListingFunction", bound=Callable[[CurrentUser], Listing])


def export(name: str, *roles: Role) -> Callable[[ListingFunction], ListingFunction]:
    def register(listing: ListingFunction) -> ListingFunction:
        EXPORTS[name] = Export(name=name, roles=frozenset(roles), listing=listing)
        return listing

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
    """The export as UTF-8 CSV, one chunk per page of rows (a BOM first, for Excel).

    The loop only waits for the database; each page is shaped and written in a worker
    thread, so a 100,000-row export never holds the event loop (bench/loop_lag.py).
    """
    async for chunk in listing_chunks(find_export(name).listing(viewer), delimiter=delimiter, bom=bom):
        yield chunk


async def listing_chunks(listing: Listing, *, delimiter: str = ",", bom: bool = True) -> AsyncIterator[bytes]:
    """A listing (an export, or a filtered one such as the device list's) as UTF-8 CSV."""
    tz = get_settings().tz
    yield _csv_text([list(listing.fields)], delimiter, bom=bom)
    async for page in listing.pages:
        yield await offload(Work.CSV, _csv_page, page, listing, tz, delimiter)


def _csv_text(rows: Sequence[Sequence[Cell]], delimiter: str, *, bom: bool = False) -> bytes:
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode()


def _csv_page(page: Page, listing: Listing, tz: ZoneInfo, delimiter: str) -> bytes:
    rows = []
    for row in page.records():
        values = listing.shape(row)
        rows.append([cell(values[name], tz) for name in listing.fields])
    return _csv_text(rows, delimiter)


async def csv_bytes(name: str, viewer: CurrentUser, *, delimiter: str = ",", bom: bool = True) -> bytes:
    return b"".join([chunk async for chunk in csv_chunks(name, viewer, delimiter=delimiter, bom=bom)])


def _json(value: Any) -> Any:
    return msgspec.json.decode(value) if isinstance(value, str | bytes) else value


def _timestamp(value: Any) -> Any:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _date(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _boolean(value: Any) -> Any:
    return bool(value)


# How a stored value is read back, by column type: SQLite gives text and integers, PostgreSQL
# native values (its JSON as text).
_READERS: tuple[tuple[type[Column], Callable[[Any], Any]], ...] = (
    (JSON, _json),
    (JSONB, _json),
    (Array, _json),
    (Timestamptz, _timestamp),
    (Timestamp, _timestamp),
    (Date, _date),
    (Boolean, _boolean),
)


def _readers(select: Select[Any]) -> dict[str, Callable[[Any], Any]]:
    readers = {}
    for column in select.columns_delegate.selected_columns or select.table.all_columns():
        if not isinstance(column, Column):
            continue
        if column._alias is not None:
            name = column._alias
        elif column._meta.call_chain:
            # Piccolo's ColumnMeta leaves this method unannotated; it returns the column's alias.
            name = cast(Callable[[], str], column._meta.get_default_alias)()
        else:
            name = column._meta.name
        for kind, read in _READERS:
            if isinstance(column, kind):
                readers[name] = read
                break
    return readers


# Stands for the last id read in the page statement Piccolo writes (ids are positive).
_AFTER = -7_348_221_093


async def _pages(query: Callable[[], Select[Any]], id_column: Column) -> AsyncIterator[Page]:
    """Every row of a query, in id order, a page at a time (memory stays flat on big tables).

    Piccolo writes each page's SQL; the rows come back as plain tuples, with no per-value
    conversion on the event loop (Page.records does it in the CSV worker thread).
    """
    engine = db.current_engine()
    # Piccolo writes the statement once (writing it costs about a millisecond of the loop);
    # each page binds the last id read.
    select = query().where(id_column > _AFTER).order_by(id_column).limit(PAGE_ROWS)
    sql, values = select.querystrings[0].compile_string(engine.engine_type)
    after_at = [position for position, value in enumerate(values) if value == _AFTER]
    assert len(after_at) == 1, "the page statement binds the last id once"
    readers = _readers(select)
    async with _raw_reader(engine) as fetch:
        after = 0
        while True:
            values[after_at[0]] = after
            names, rows = await fetch(sql, values)
            if rows:
                yield Page(names, rows, readers)
            if len(rows) < PAGE_ROWS:
                return
            after = rows[-1][names.index("id")]


Rows = tuple[list[str], Sequence[Sequence[Any]]]
RawFetch = Callable[[str, Sequence[Any]], Awaitable[Rows]]


@contextlib.asynccontextmanager
async def _raw_reader(engine: Any) -> AsyncIterator[RawFetch]:
    """Statements answered as (column names, plain tuples), each on its own, outside any transaction.

    SQLite: a connection of the export's own, without Piccolo's type converters (the pool's few
    readers stay free for scans). PostgreSQL: a pool connection per page, as any query.
    """
    if db.is_postgres(engine):

        async def fetch_postgres(sql: str, values: Sequence[Any]) -> Rows:
            async with contextlib.AsyncExitStack() as stack:
                if engine.pool is not None:
                    connection = await stack.enter_async_context(engine.pool.acquire())
                else:
                    connection = await engine.get_new_connection()
                    stack.push_async_callback(connection.close)
                statement = await connection.prepare(sql)
                names = [attribute.name for attribute in statement.get_attributes()]
                return names, await statement.fetch(*values)

        yield fetch_postgres
        return
    connection = await aiosqlite.connect(**{**engine.connection_kwargs, "detect_types": 0})
    connection.row_factory = None
    try:

        async def fetch_sqlite(sql: str, values: Sequence[Any]) -> Rows:
            async with connection.execute(sql, values) as cursor:
                rows = await cursor.fetchall()
                # aiosqlite declares an Iterable; fetchall is sqlite3's, a list of tuples.
                return [column[0] for column in cursor.description], cast(Sequence[Sequence[Any]], rows)

        yield fetch_sqlite
    finally:
        await connection.close()


def _shaped(
    fields: Sequence[str],
    row: type[Row],
    typed: Callable[[Mapping[str, Any]], Row],
    read: Mapping[str, Callable[[Row], object]],
    joined: Sequence[str] = (),
) -> Callable[[Mapping[str, Any]], Mapping[str, Any]]:
    """An export's shape from a typed row: the stored row is typed (`typed`), then each column is
    read as `read` says, or is the row's field of the same name; `joined` columns are read
    through a foreign key, as stored. A column that is none of these refuses to load."""
    unknown = [
        name
        for name in fields
        if name not in read and name not in joined and name not in row.__struct_fields__
    ]
    if unknown:
        raise RuntimeError(f"{', '.join(unknown)}: neither a field of {row.__name__} nor read otherwise")
    readers = {name: read.get(name) or operator.attrgetter(name) for name in fields if name not in joined}

    def shape(stored: Mapping[str, Any]) -> Mapping[str, Any]:
        value = typed(stored)
        return {
            **{name: stored[name] for name in joined},
            **{name: read(value) for name, read in readers.items()},
        }

    return shape


SPEC_FIELDS = ("cpu", "ram_gb", "storage_gb", "storage_type", "screen_inches", "os")
# The devices export: the device row (devices.rows.DeviceRow), its columns in this order. The
# device's sites are named by their codes under the API's names (`site`, `transfer_to`), its loan's
# due date is `on_loan_until` and its owner is spelled out, as in the API's device; each spec
# is a column of its own. Every other column is the row's field of the same name.
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


def _spec(name: str) -> Callable[[DeviceRow], object]:
    return lambda device: device.specs.get(name)


_device_shape = _shaped(
    DEVICE_FIELDS,
    DeviceRow,
    device_row,
    {
        "site": operator.attrgetter("site_code"),
        "transfer_to": operator.attrgetter("transfer_to_code"),
        "on_loan_until": operator.attrgetter("loan_due_on"),
        "owner": devices.owner,
        **{name: _spec(name) for name in SPEC_FIELDS},
    },
)


@export("devices", Role.TECHNICIAN, Role.SOCIAL_WORKER, Role.ADMIN)
def device_rows(viewer: CurrentUser, wanted: DeviceFilter | None = None) -> Listing:
    """Every device, or those of a device list's filter (web /devices), in intake order."""
    query = lambda: search.filtered(Device.select(*DEVICE_COLUMNS), wanted or DeviceFilter())  # noqa: E731
    return Listing(DEVICE_FIELDS, _pages(query, Device.id), _device_shape)


# The events export: the event row (devices.rows.EventRow) with its device's asset tag; what the
# action recorded is `data`, as in the API's event.
EVENT_FIELDS = ("id", "asset_tag", "action", "from_stage", "to_stage", "actor", "at", "data")
_event_shape = _shaped(
    EVENT_FIELDS, EventRow, event_row, {"data": operator.attrgetter("details")}, joined=("asset_tag",)
)


@export("events", Role.TECHNICIAN, Role.SOCIAL_WORKER, Role.ADMIN)
def event_rows(viewer: CurrentUser) -> Listing:
    query = lambda: Event.select(*EVENT_COLUMNS, Event.device.asset_tag.as_alias("asset_tag"))  # noqa: E731
    return Listing(EVENT_FIELDS, _pages(query, Event.id), _event_shape)


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
def wipe_rows(viewer: CurrentUser) -> Listing:
    query = lambda: WipeRecord.select(  # noqa: E731
        *WipeRecord.all_columns(),
        WipeRecord.device.asset_tag.as_alias("asset_tag"),
        WipeRecord.device.donor.as_alias("donor"),
        WipeRecord.device.donor_ref.as_alias("donor_ref"),
        WipeRecord.device.serial_number.as_alias("serial_number"),
    )
    return Listing(WIPE_FIELDS, _pages(query, WipeRecord.id), _wipe_row)


def _wipe_row(row: Mapping[str, Any]) -> Mapping[str, Any]:
    return {
        **row,
        "operator": row["operator_name"],
        "storage_serials": ", ".join(row["storage_serials"] or []),
    }


SITE_FIELDS = ("code", "name", "kind", "address", "active")


@export("sites", Role.TECHNICIAN, Role.SOCIAL_WORKER, Role.ADMIN)
def site_rows(viewer: CurrentUser) -> Listing:
    return Listing(SITE_FIELDS, _pages(lambda: Site.select(), Site.id))


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
def count_rows(viewer: CurrentUser) -> Listing:
    query = lambda: StockCount.select(  # noqa: E731
        *StockCount.all_columns(), StockCount.site.code.as_alias("site_code")
    )
    return Listing(COUNT_FIELDS, _pages(query, StockCount.id), _count_row)


def _count_row(row: Mapping[str, Any]) -> Mapping[str, Any]:
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
    return {**row, **figures, "site": row["site_code"]}


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
def import_rows(viewer: CurrentUser) -> Listing:
    return Listing(IMPORT_FIELDS, _pages(lambda: DeviceImport.select(), DeviceImport.id))


# What a technician may know of a loan (docs/product.md, roles): never who holds the device.
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
    "accessories_other",
    "accessories_missing",
    "return_condition",
    "notes",
    "closing_notes",
    "closed_at",
    "created_at",
)


@export("loans", Role.TECHNICIAN, Role.SOCIAL_WORKER, Role.ADMIN)
def loan_rows(viewer: CurrentUser) -> Listing:
    if viewer.role == Role.TECHNICIAN:
        # The query itself reads nothing about the beneficiary.
        brief = lambda: Loan.select(  # noqa: E731
            Loan.id, Loan.device.asset_tag.as_alias("asset_tag"), Loan.status, Loan.due_on
        )
        return Listing(LOAN_BRIEF_FIELDS, _pages(brief, Loan.id))
    today = datetime.now(get_settings().tz).date()
    query = lambda: Loan.select(  # noqa: E731
        # A signature drawn at the desk is a PNG: never part of an export.
        *Loan.all_columns(exclude=[Loan.signature_png]),
        Loan.device.asset_tag.as_alias("asset_tag"),
        Loan.beneficiary.reference.as_alias("beneficiary_reference"),
        Loan.beneficiary.full_name.as_alias("beneficiary_name"),
        Loan.social_worker.username.as_alias("social_worker_name"),
        Loan.site.code.as_alias("site_code"),
    )
    return Listing(LOAN_FIELDS, _pages(query, Loan.id), functools.partial(_loan_row, today=today))


def _loan_row(row: Mapping[str, Any], today: date) -> Mapping[str, Any]:
    return {
        **row,
        "overdue": is_overdue(row["status"], row["due_on"], today),
        "social_worker": row["social_worker_name"],
        "site": row["site_code"],
        "accessories": ", ".join(row["accessories"] or []),
        "accessories_other": ", ".join(row["accessories_other"] or []),
        "accessories_missing": ", ".join(row["accessories_missing"] or []),
    }


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
def beneficiary_rows(viewer: CurrentUser) -> Listing:
    query = lambda: Beneficiary.select(  # noqa: E731
        *Beneficiary.all_columns(),
        Beneficiary.site.code.as_alias("site_code"),
        Beneficiary.social_worker.username.as_alias("social_worker_name"),
    )
    return Listing(
        BENEFICIARY_FIELDS,
        _pages(query, Beneficiary.id),
        lambda row: {**row, "site": row["site_code"], "social_worker": row["social_worker_name"]},
    )


SCHOOL_FIELDS = ("id", "name", "fase_number", "address", "contact_email", "created_at")


@export("schools", Role.SCHOOL, Role.ADMIN)
def school_rows(viewer: CurrentUser) -> Listing:
    return Listing(SCHOOL_FIELDS, _pages(lambda: scoped(School.select(), viewer, School.id), School.id))


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
def equipment_rows(viewer: CurrentUser) -> Listing:
    """The devices schools hold: allocated to them or bought with their vouchers."""
    query = lambda: scoped(  # noqa: E731
        Device.select(*Device.all_columns()).where(Device.school_id.is_not_null()), viewer, Device.school_id
    )
    return Listing(EQUIPMENT_FIELDS, _pages(query, Device.id))


@export("programmes", Role.ADMIN)
def programme_rows(viewer: CurrentUser) -> Listing:
    return Listing(PROGRAMME_FIELDS, _pages(lambda: Programme.select(), Programme.id))


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
def voucher_rows(viewer: CurrentUser) -> Listing:
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
    return Listing(VOUCHER_FIELDS, _pages(query, Voucher.id), _voucher_row)


def _voucher_row(row: Mapping[str, Any]) -> Mapping[str, Any]:
    return {
        **row,
        "code": codes.display(row["code"]),
        "programme": row["programme_name"],
        "school_id": row["school"],
        "school": row["school_name"],
    }


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
def redemption_rows(viewer: CurrentUser) -> Listing:
    query = lambda: scoped(  # noqa: E731
        Redemption.select(
            *Redemption.all_columns(),
            Redemption.voucher.code.as_alias("voucher_code"),
            Redemption.school.name.as_alias("school_name"),
        ),
        viewer,
        Redemption.school,
    )
    return Listing(REDEMPTION_FIELDS, _pages(query, Redemption.id), _redemption_row)


def _redemption_row(row: Mapping[str, Any]) -> Mapping[str, Any]:
    return {
        **row,
        "voucher_code": codes.display(row["voucher_code"]),
        "school_id": row["school"],
        "school": row["school_name"],
    }
