"""Use cases of device imports: the dry run's row-by-row report and the all-or-nothing import."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import msgspec
from piccolo.table import Table

from inventory import context, db
from inventory.accounts.service import CurrentUser
from inventory.devices import search, tallies
from inventory.devices import tags as asset_tags
from inventory.devices.schemas import DeviceIntake
from inventory.devices.service import normalise_code
from inventory.devices.tables import Counter, Device, Event
from inventory.devices.vocabulary import Action, Stage
from inventory.errors import N_, InvalidInput
from inventory.http.pagination import check_limit, decode_cursor, page
from inventory.offload import Work
from inventory.offload import run as offload
from inventory.operations import importing
from inventory.operations.importing import Defaults, ParsedFile, Problem, Row
from inventory.operations.schemas import (
    ImportColumn,
    ImportOut,
    ImportProblem,
    ImportReport,
    ImportRow,
    ImportSummary,
)
from inventory.operations.tables import DeviceImport
from inventory.operations.vocabulary import ImportProblemKind as Kind
from inventory.operations.vocabulary import RowStatus
from inventory.settings import get_settings
from inventory.sites.tables import Site

# Rows per INSERT statement: about 12,000 bound values, well under SQLite's 32,766.
CHUNK_ROWS = 500
Progress = Callable[[int, int], None]


def now() -> datetime:
    return datetime.now(UTC)


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


async def preview_import(
    content: bytes, filename: str = "", *, defaults: Defaults = Defaults(), locale: str = "fr"
) -> ImportReport:
    """The dry run: every row with what it would create or what is wrong; nothing is written."""
    parsed = await offload(Work.CSV, importing.read, content, defaults)
    await _check_against_register(parsed, content)
    return await offload(Work.CSV, build_report, parsed, filename, locale)


async def run_import(
    content: bytes,
    actor: CurrentUser,
    *,
    filename: str = "",
    defaults: Defaults = Defaults(),
    locale: str = "fr",
    progress: Progress | None = None,
) -> ImportSummary:
    """Register every device of the file in one transaction, or none of them.

    The file is checked again inside the transaction, so a device registered since the dry
    run is caught. A problem anywhere refuses the whole file with a 400 carrying the report.
    """
    parsed = await offload(Work.CSV, importing.read, content, defaults)
    try:
        async with db.transaction():
            await _check_against_register(parsed, content)
            if not parsed.ok:
                raise refusal(await offload(Work.CSV, build_report, parsed, filename, locale))
            return await _register_all(parsed, content, filename, defaults, actor, progress)
    except Exception as error:
        if db.is_unique_violation(error):
            # A device with one of these serials was registered by someone else meanwhile;
            # the transaction is gone, so check afresh to say which.
            report = await preview_import(content, filename, defaults=defaults, locale=locale)
            raise refusal(report) from error
        raise


def refusal(report: ImportReport) -> InvalidInput:
    # The file's problems are already in the caller's language (report.file_problems).
    if report.file_problems:
        message = N_("nothing was imported: %(problems)s")
        values: dict[str, object] = {
            "problems": "; ".join(problem.message for problem in report.file_problems)
        }
    else:
        message = N_("nothing was imported: %(invalid_rows)s of %(total_rows)s rows have problems")
        values = {"invalid_rows": report.invalid_rows, "total_rows": report.total_rows}
    return InvalidInput(message, values=values, field="file", report=msgspec.to_builtins(report))


async def _check_against_register(parsed: ParsedFile, content: bytes) -> None:
    """Add the problems only the database knows: a file imported before, unknown sites and
    serial numbers already registered."""
    if parsed.problems and not parsed.rows:
        return
    previous = (
        await DeviceImport.select(DeviceImport.id, DeviceImport.imported_at)
        .where(DeviceImport.sha256 == digest(content))
        .first()
    )
    if previous is not None:
        local_day = previous["imported_at"].astimezone(get_settings().tz).date().isoformat()
        parsed.problems.append(
            Problem(Kind.ALREADY_IMPORTED, values={"date": local_day, "import_id": previous["id"]})
        )
    known_sites = await _site_ids(row.cells["site"] for row in parsed.rows if row.cells.get("site"))
    for row in parsed.rows:
        site = row.cells.get("site")
        if site and site.strip().lower() not in known_sites:
            row.problems.append(Problem(Kind.UNKNOWN_SITE, field="site", values={"value": site}))
    registered = await _registered_serials(parsed.rows)
    for row in parsed.rows:
        key = importing.duplicate_key(row.cells.get("make", ""), row.cells.get("serial_number"))
        if key in registered:
            row.problems.append(
                Problem(
                    Kind.DUPLICATE_IN_DATABASE, field="serial_number", values={"asset_tag": registered[key]}
                )
            )


async def _site_ids(codes: Iterable[str]) -> dict[str, int]:
    wanted = sorted({code.strip().lower() for code in codes})
    if not wanted:
        return {}
    rows = await Site.select(Site.id, Site.code).where(
        Site.code.is_in(wanted) & (Site.active == True)  # noqa: E712
    )
    return {row["code"]: row["id"] for row in rows}


async def _registered_serials(rows: Sequence[Row]) -> dict[tuple[str, str], str]:
    """(make, serial) of the file already in the register, with their asset tags."""
    keys = {
        key
        for row in rows
        if (key := importing.duplicate_key(row.cells.get("make", ""), row.cells.get("serial_number")))
    }
    serials = sorted({serial for _, serial in keys})
    found: dict[tuple[str, str], str] = {}
    for start in range(0, len(serials), CHUNK_ROWS):
        chunk = serials[start : start + CHUNK_ROWS]
        for device in await Device.select(Device.asset_tag, Device.make_key, Device.serial_key).where(
            Device.serial_key.is_in(chunk)
        ):
            key = (device["make_key"], device["serial_key"])
            if key in keys:
                found[key] = device["asset_tag"]
    return found


def build_report(parsed: ParsedFile, filename: str, locale: str) -> ImportReport:
    order = list(Kind)

    def problems(items: Iterable[Problem]) -> list[ImportProblem]:
        # In one stable order, whichever check found them first.
        return [
            ImportProblem(kind=p.kind, field=p.field, message=importing.describe(p, locale))
            for p in sorted(items, key=lambda p: order.index(p.kind))
        ]

    rows = [
        ImportRow(
            row=row.number,
            status=RowStatus.CREATE if row.ok else RowStatus.ERROR,
            category=row.intake.category.value if row.intake else row.cells.get("category", ""),
            make=row.cells.get("make", ""),
            model=row.cells.get("model", ""),
            serial_number=row.cells.get("serial_number", ""),
            donor=row.cells.get("donor", ""),
            donor_ref=row.cells.get("donor_ref", ""),
            batch=row.cells.get("batch", ""),
            site=row.cells.get("site", ""),
            problems=problems(row.problems),
            notices=problems(row.notices),
        )
        for row in parsed.rows
    ]
    invalid = sum(1 for row in parsed.rows if not row.ok)
    return ImportReport(
        filename=filename,
        encoding=parsed.encoding,
        delimiter=parsed.delimiter,
        columns=[ImportColumn(column=c.header, field=c.field) for c in parsed.columns],
        rows=rows,
        total_rows=len(rows),
        valid_rows=len(rows) - invalid,
        invalid_rows=invalid,
        file_problems=problems(parsed.problems),
        ok=parsed.ok,
    )


def _common(values: Iterable[str]) -> str:
    distinct = {value for value in values if value}
    return distinct.pop() if len(distinct) == 1 else ""


async def _register_all(
    parsed: ParsedFile,
    content: bytes,
    filename: str,
    defaults: Defaults,
    actor: CurrentUser,
    progress: Progress | None,
) -> ImportSummary:
    """Write the devices and their intake events in chunks of multi-row INSERTs.

    The same rows devices.service.intake writes one by one (a `received` device and its
    `intake` event, the same columns and normalised keys), with every asset tag number
    reserved by one counter update. Through intake(), 10,000 rows take over a minute
    (six queries each); this way a few seconds (bench/import.py).
    """
    rows = parsed.rows
    total = len(rows)
    intakes: list[DeviceIntake] = [row.intake for row in rows if row.intake is not None]
    if len(intakes) != total:
        raise ValueError("only a file without problems can be written")
    at = now()
    numbers = (
        await Counter.update({Counter.value: Counter.value + total})
        .where(Counter.name == "asset_tag")
        .returning(Counter.value)
    )
    first_number = numbers[0]["value"] - total + 1
    tags = [asset_tags.asset_tag(first_number + i) for i in range(total)]
    site_ids = await _site_ids(intake.site for intake in intakes if intake.site)
    donor = defaults.donor or _common(intake.donor for intake in intakes)
    batch = defaults.batch or _common(intake.batch for intake in intakes)
    recorded = await DeviceImport.insert(
        DeviceImport(
            filename=filename[:255],
            sha256=digest(content),
            device_count=total,
            donor=donor[:200],
            batch=batch[:100],
            first_asset_tag=tags[0],
            last_asset_tag=tags[-1],
            imported_at=at,
            imported_by=actor.username,
            imported_by_id=actor.id,
        )
    ).returning(DeviceImport.id)
    import_id = recorded[0]["id"]
    request_id = context.request_id.get()
    for start in range(0, total, CHUNK_ROWS):
        chunk = range(start, min(start + CHUNK_ROWS, total))
        inserted = await insert_rows(
            Device,
            DEVICE_COLUMNS,
            [_device_values(intakes[i], tags[i], site_ids, at) for i in chunk],
            returning=("id", "asset_tag"),
        )
        device_ids = {row["asset_tag"]: row["id"] for row in inserted}
        await insert_rows(
            Event,
            EVENT_COLUMNS,
            [
                (
                    device_ids[tags[i]],
                    Action.INTAKE.value,
                    None,
                    Stage.RECEIVED.value,
                    actor.username,
                    actor.id,
                    request_id,
                    at,
                    _json(_intake_details(intakes[i], import_id, rows[i].number)),
                )
                for i in chunk
            ],
        )
        if progress is not None:
            progress(chunk.stop, total)
    await tallies.count_events(
        (at, Action.INTAKE.value, None, Stage.RECEIVED.value, intake.funding.value) for intake in intakes
    )
    return ImportSummary(
        import_id=import_id,
        filename=filename,
        created=total,
        first_asset_tag=tags[0],
        last_asset_tag=tags[-1],
        donor=donor,
        batch=batch,
        imported_at=at,
        imported_by=actor.username,
    )


DEVICE_COLUMNS = (
    "asset_tag",
    "category",
    "make",
    "make_key",
    "model",
    "serial_number",
    "serial_key",
    "donor",
    "donor_ref",
    "donor_ref_key",
    "batch",
    "site",
    "specs",
    "stage",
    "funding",
    "voucher_code",
    "notes",
    "search_key",
    "version",
    "created_at",
    "updated_at",
)
EVENT_COLUMNS = (
    "device",
    "action",
    "from_stage",
    "to_stage",
    "actor",
    "actor_id",
    "request_id",
    "at",
    "details",
)


def _json(value: object) -> str:
    return msgspec.json.encode(value).decode()


def _device_values(
    intake: DeviceIntake, tag: str, site_ids: dict[str, int], at: datetime
) -> tuple[object, ...]:
    """The row devices.service.intake would write for this intake, in DEVICE_COLUMNS order."""
    serial = intake.serial_number.strip() if intake.serial_number else None
    donor_ref = intake.donor_ref.strip() if intake.donor_ref else None
    return (
        tag,
        intake.category.value,
        intake.make.strip(),
        normalise_code(intake.make),
        intake.model.strip(),
        serial,
        normalise_code(serial) if serial else None,
        intake.donor.strip(),
        donor_ref,
        normalise_code(donor_ref) if donor_ref else None,
        intake.batch.strip(),
        site_ids[intake.site.strip().lower()] if intake.site else None,
        _json(msgspec.to_builtins(intake.specs) if intake.specs else {}),
        Stage.RECEIVED.value,
        intake.funding.value,
        intake.voucher_code,
        intake.notes,
        search.search_key(
            {
                "asset_tag": tag,
                "serial_number": serial,
                "donor_ref": donor_ref,
                "make": intake.make,
                "model": intake.model,
                "donor": intake.donor,
                "batch": intake.batch,
            }
        ),
        1,
        at,
        at,
    )


async def insert_rows(
    table: type[Table],
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    returning: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """One multi-row INSERT, written out: Piccolo's insert builds a Table object and converts
    every value per row, which is most of the cost of a 10,000-row import (bench/import.py)."""
    if not rows:
        return []
    # Table and column names come from this module; every value is a bound parameter.
    placeholders = "(" + ", ".join(["{}"] * len(columns)) + ")"
    sql = (
        f"INSERT INTO {table._meta.tablename} ({', '.join(columns)}) VALUES "  # noqa: S608
        + ", ".join([placeholders] * len(rows))
        + (f" RETURNING {', '.join(returning)}" if returning else "")  # noqa: S608
    )
    values = [value for row in rows for value in row]
    return await table.raw(sql, *values)


def _intake_details(intake: DeviceIntake, import_id: int, row_number: int) -> dict[str, Any]:
    # The keys devices.service.intake writes, plus where the device came from.
    details: dict[str, Any] = {"batch": intake.batch, "donor": intake.donor} if intake.batch else {}
    details.update({"import_id": import_id, "import_row": row_number})
    return details


def import_out(row: dict[str, Any]) -> ImportOut:
    return ImportOut(
        id=row["id"],
        filename=row["filename"],
        device_count=row["device_count"],
        donor=row["donor"],
        batch=row["batch"],
        first_asset_tag=row["first_asset_tag"],
        last_asset_tag=row["last_asset_tag"],
        imported_at=row["imported_at"],
        imported_by=row["imported_by"],
    )


async def list_imports(*, limit: int = 50, cursor: str | None = None) -> dict[str, Any]:
    """Imports, newest first."""
    check_limit(limit)
    before = decode_cursor(cursor)
    query = DeviceImport.select()
    if before is not None:
        query = query.where(DeviceImport.id < before)
    rows = await query.order_by(DeviceImport.id, ascending=False).limit(limit + 1)
    return page(rows, limit, [import_out(row) for row in rows])
