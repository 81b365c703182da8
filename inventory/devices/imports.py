"""Use cases of device imports: the dry run's row-by-row report and the all-or-nothing import."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import msgspec

from inventory import db
from inventory.accounts.service import CurrentUser
from inventory.devices import importing
from inventory.devices import service as devices
from inventory.devices.importing import Defaults, ParsedFile, Problem, Row
from inventory.devices.schemas import DeviceIntake
from inventory.devices.service import Progress
from inventory.devices.stock_schemas import (
    ImportColumn,
    ImportOut,
    ImportProblem,
    ImportReport,
    ImportRow,
    ImportSummary,
)
from inventory.devices.stock_tables import DeviceImport
from inventory.devices.stock_vocabulary import ImportProblemKind as Kind
from inventory.devices.stock_vocabulary import RowStatus
from inventory.devices.tables import Device
from inventory.errors import N_, InvalidInput, Nn_
from inventory.http.pagination import check_limit, decode_cursor, page
from inventory.offload import Work
from inventory.offload import run as offload
from inventory.settings import get_settings
from inventory.sites import service as sites

# Serial numbers looked up per query.
CHUNK_ROWS = 500


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
        message = Nn_(
            "Nothing was imported: %(invalid_rows)s of %(total_rows)s row has problems.",
            "Nothing was imported: %(invalid_rows)s of %(total_rows)s rows have problems.",
            "total_rows",
        )
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
    known_sites = await sites.site_ids(row.cells["site"] for row in parsed.rows if row.cells.get("site"))
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
    """Record the import, then register its devices through the devices' bulk intake, in the
    caller's transaction: each device's `intake` event names the import and the file's row."""
    rows = parsed.rows
    total = len(rows)
    intakes: list[DeviceIntake] = [row.intake for row in rows if row.intake is not None]
    if len(intakes) != total:
        raise ValueError("only a file without problems can be written")
    at = now()
    tags = await devices.reserve_asset_tags(total)
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
    await devices.intake_batch(
        intakes,
        actor,
        asset_tags=tags,
        details=[{"import_id": import_id, "import_row": row.number} for row in rows],
        progress=progress,
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
