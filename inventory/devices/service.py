"""Use cases of devices: intake, lookup, scan, and every stage change with its event."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, NoReturn

import msgspec
from piccolo.columns import Column

from inventory import context, db, metrics
from inventory.accounts.service import CurrentUser
from inventory.devices import search, stages, tags, tallies
from inventory.devices.rows import (
    DEVICE_COLUMNS,
    DEVICE_SELECT,
    EVENT_COLUMNS,
    WIPE_COLUMNS,
    CertificateRow,
    DeviceRow,
    EventRow,
    WipeRow,
    device_row,
    event_row,
    wipe_row,
)
from inventory.devices.schemas import (
    CancelTransferAction,
    DeviceCorrection,
    DeviceIntake,
    DeviceOut,
    EventList,
    EventOut,
    FinishRepairAction,
    FoundAction,
    LabelAction,
    ReceiveTransferAction,
    RefurbishAction,
    RepairAction,
    RetireAction,
    TransferAction,
    WipeAction,
)
from inventory.devices.tables import Counter, Device, Event, WipeRecord
from inventory.devices.vocabulary import Action, ChecklistItem, Funding, Reason, Stage, WipeResult
from inventory.errors import N_, ActionNotAllowed, Conflict, DomainError, InvalidInput, NotFound
from inventory.http.pagination import check_limit, decode_cursor, keyset_page, page
from inventory.sites import service as sites


@dataclass(frozen=True)
class Transition:
    device: DeviceRow
    event: EventRow


def now() -> datetime:
    return datetime.now(UTC)


class AlreadyRegistered(Conflict):
    """A device with this make and serial number is in the register already."""

    def __init__(self, asset_tag: str) -> None:
        super().__init__(
            reason=Reason.ALREADY_REGISTERED,
            values={"asset_tag": asset_tag},
        )
        self.asset_tag = asset_tag

    def extra(self) -> dict[str, object]:
        return {"asset_tag": self.asset_tag}


class _AmbiguousCode(Conflict):
    def __init__(self, message: str | None, *, values: Mapping[str, object] | None = None) -> None:
        super().__init__(message, reason=Reason.AMBIGUOUS_CODE, values=values)


def normalise_code(code: str) -> str:
    """How scans and duplicate checks compare codes: trimmed, case-insensitive."""
    return code.strip().upper()


def owner(row: DeviceRow) -> str:
    """Whose the device is: a school's (allocated to it, or bought with its voucher) or the programme's."""
    return "school" if row.school_id is not None else "programme"


def device_out(row: DeviceRow) -> DeviceOut:
    return DeviceOut(
        asset_tag=row.asset_tag,
        category=row.category,
        make=row.make,
        model=row.model,
        serial_number=row.serial_number,
        donor=row.donor,
        donor_ref=row.donor_ref,
        batch=row.batch,
        site=row.site_code,
        specs=row.specs or {},
        grade=row.grade,
        stage=row.stage,
        owner=owner(row),
        school_id=row.school_id,
        funding=row.funding,
        voucher_code=row.voucher_code,
        transfer_to=row.transfer_to_code,
        notes=row.notes,
        created_at=row.created_at,
        updated_at=row.updated_at,
        on_loan_until=row.loan_due_on,
        version=row.version,
        wiped_since_custody_change=row.wiped_since_custody_change,
        allowed_actions=allowed_actions(row),
        site_name=row.site_name,
    )


def event_out(row: EventRow) -> EventOut:
    return EventOut(
        id=row.id,
        action=row.action,
        from_stage=row.from_stage,
        to_stage=row.to_stage,
        actor=row.actor,
        at=row.at,
        data=row.details,
    )


async def select_devices(where_sql: str, *values: Any) -> list[DeviceRow]:
    """The devices matching a condition on `device`, `site` and `transfer_to` (the destination
    site) written with `{}` placeholders, its values bound. Scans and device lookups are the hot
    path of every workbench and desk: their SQL is written once (devices.rows) rather than
    rebuilt by the query builder per request."""
    return [device_row(row) for row in await db.fetch(f"{DEVICE_SELECT} WHERE {where_sql}", *values)]


async def get_device(asset_tag: str) -> DeviceRow:
    rows = await select_devices("device.asset_tag = {}", normalise_code(asset_tag))
    if not rows:
        raise NotFound(N_("no device with asset tag '%(asset_tag)s'"), values={"asset_tag": asset_tag})
    return rows[0]


async def get_device_by_id(device_id: int) -> DeviceRow:
    rows = await select_devices("device.id = {}", device_id)
    if not rows:
        raise NotFound(N_("no device %(device_id)s"), values={"device_id": device_id})
    return rows[0]


async def get_devices(asset_tags: Iterable[str]) -> list[DeviceRow]:
    """The devices of these asset tags (as stored: upper case), in no particular order; an
    unknown tag is left out."""
    wanted = sorted(set(asset_tags))
    if not wanted:
        return []
    rows = await Device.select(*DEVICE_COLUMNS).where(Device.asset_tag.is_in(wanted))
    return [device_row(row) for row in rows]


async def scan(code: str) -> DeviceRow:
    """The device whose asset tag, serial number or donor reference is `code` (counted in the
    metrics: found, not found, or refused)."""
    try:
        row = await _scan(code)
    except NotFound:
        metrics.record_scan("not_found")
        raise
    except DomainError:
        metrics.record_scan("refused")
        raise
    metrics.record_scan("found")
    return row


async def _scan(code: str) -> DeviceRow:
    """The device whose asset tag, serial number or donor reference is `code`.

    An asset tag wins over a serial, which wins over a donor reference; two devices sharing
    the best match (the same serial from two makers) are a conflict the user resolves by
    scanning the asset tag.
    """
    key = normalise_code(code)
    if not key:
        raise NotFound(N_("empty code"))
    rows = await select_devices(
        "device.asset_tag = {} OR device.serial_key = {} OR device.donor_ref_key = {} LIMIT 10",
        key,
        key,
        key,
    )
    for column in ("asset_tag", "serial_key", "donor_ref_key"):
        matches = [row for row in rows if getattr(row, column) == key]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            tags = ", ".join(sorted(row.asset_tag for row in matches))
            raise _AmbiguousCode(
                None,
                values={"code": code.strip(), "asset_tags": tags},
            )
    raise NotFound(N_("no device matches '%(code)s'"), values={"code": code.strip()})


def device_state(row: DeviceRow) -> stages.DeviceState:
    """What the stage rules need of a stored device."""
    return stages.DeviceState(
        row.stage,
        wiped=row.wiped_since_custody_change,
        in_transit=row.transfer_to is not None,
    )


def allowed_actions(row: DeviceRow) -> list[Action]:
    return stages.allowed_actions(device_state(row))


def retirement_needs_proof(row: DeviceRow) -> bool:
    return stages.retirement_needs_proof(device_state(row))


async def list_devices(
    *,
    stage: Stage | None = None,
    category: str | None = None,
    site: str | None = None,
    q: str | None = None,
    school_id: int | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> dict[str, Any]:
    check_limit(limit)
    after = decode_cursor(cursor)
    query = Device.select(*DEVICE_COLUMNS)
    if after is not None:
        query = query.where(Device.id > after)
    if stage:
        query = query.where(Device.stage == stage)
    if category:
        query = query.where(Device.category == category)
    if site:
        query = query.where(Device.site == await sites.site_id(site))
    if school_id is not None:
        query = query.where(Device.school_id == school_id)
    if q and q.strip():
        text = q.strip()
        query = query.where(
            db.contains(Device.asset_tag, text)
            | db.contains(Device.serial_number, text)
            | db.contains(Device.make, text)
            | db.contains(Device.model, text)
        )
    rows = await query.order_by(Device.id).limit(limit + 1)
    return page(rows, limit, [device_out(device_row(row)) for row in rows])


async def events(asset_tag: str) -> list[EventRow]:
    """The device's events, oldest first."""
    device = await get_device(asset_tag)
    rows = (
        await Event.select(*EVENT_COLUMNS)
        .where(Event.device == device.id)
        .order_by(Event.id)
        .output(load_json=True)
    )
    return [event_row(row) for row in rows]


async def events_page(asset_tag: str, *, limit: int, cursor: str | None) -> EventList:
    """The device's events, oldest first, a page at a time."""
    device = await get_device(asset_tag)
    query = Event.select(*EVENT_COLUMNS).where(Event.device == device.id).output(load_json=True)
    result = await keyset_page(query, Event.id, limit, cursor)
    return EventList(
        items=[event_out(event_row(row)) for row in result["items"]], next_cursor=result["next_cursor"]
    )


async def _next_number(counter: str) -> int:
    rows = (
        await Counter.update({Counter.value: Counter.value + 1})
        .where(Counter.name == counter)
        .returning(Counter.value)
    )
    return int(rows[0]["value"])


async def _write_event(
    device_id: int,
    action: Action,
    from_stage: Stage | None,
    to_stage: Stage,
    actor: CurrentUser,
    details: Mapping[str, Any],
    at: datetime,
    funding: str,
) -> EventRow:
    """The event, and one more in its month's tally (devices.tallies), in the caller's transaction."""
    await tallies.count_events([(at, action, from_stage, to_stage, funding)])
    rows = await Event.insert(
        Event(
            device=device_id,
            action=action,
            from_stage=from_stage,
            to_stage=to_stage,
            actor=actor.username,
            actor_id=actor.id,
            request_id=context.request_id.get(),
            at=at,
            details=dict(details),
        )
    ).returning(*EVENT_COLUMNS)
    metrics.record_action(action)
    # RETURNING gives the JSON as the driver stored it: the details are the ones just written.
    return event_row({**rows[0], "details": dict(details)})


SchoolIntake = Callable[[DeviceIntake, CurrentUser], Awaitable[Transition]]
_school_intake: list[SchoolIntake] = []


def handle_school_intake(handler: SchoolIntake) -> None:
    """Schools say how a school registers the equipment it bought with a voucher (through
    POST /api/v1/devices): devices cannot import schools, so inventory/schools/hooks.py installs
    it as the app starts."""
    _school_intake[:] = [handler]


async def intake_by_school(intake: DeviceIntake, actor: CurrentUser) -> Transition:
    if intake.funding != Funding.VOUCHER or not intake.voucher_code:
        raise InvalidInput(
            N_(
                "a school registers only equipment bought with its voucher: "
                "give funding 'voucher' and the voucher_code"
            ),
            field="voucher_code",
        )
    if not _school_intake:
        raise NotFound(N_("voucher-funded equipment is not handled by this installation"))
    return await _school_intake[0](intake, actor)


# Where a registered device starts: donations go to the workshop; equipment a school bought
# new with its voucher is the school's from the start and never passes the workshop.
INTAKE_STAGES = (Stage.RECEIVED, Stage.ALLOCATED)

# What an intake writes of a device, in _intake_row's order; other columns keep their defaults.
INTAKE_COLUMNS = (
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
    "school_id",
    "notes",
    "search_key",
    "version",
    "created_at",
    "updated_at",
)
# What a bulk intake writes of each event.
INTAKE_EVENT_COLUMNS = (
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
# Rows per INSERT of a bulk intake: about 12,000 bound values, well under SQLite's 32,766.
INTAKE_CHUNK_ROWS = 500
Progress = Callable[[int, int], None]


def _check_intake(intake: DeviceIntake, stage: Stage, school_id: int | None) -> None:
    if stage not in INTAKE_STAGES or (stage == Stage.ALLOCATED and school_id is None):
        raise ValueError(f"a device cannot be registered as {stage}")
    if intake.funding == Funding.VOUCHER and not intake.voucher_code:
        raise InvalidInput(N_("voucher funding needs a voucher_code"), field="voucher_code")


def _intake_row(
    intake: DeviceIntake, tag: str, site_id: int | None, stage: Stage, school_id: int | None, at: datetime
) -> tuple[object, ...]:
    """The device row an intake writes, in INTAKE_COLUMNS order: the one place its values are
    trimmed and its comparison keys made, for a single intake and a bulk one alike."""
    serial = intake.serial_number.strip() if intake.serial_number else None
    donor_ref = intake.donor_ref.strip() if intake.donor_ref else None
    return (
        tag,
        # str(): the value of the enumeration, or the plain string a caller built the intake with.
        str(intake.category),
        intake.make.strip(),
        normalise_code(intake.make),
        intake.model.strip(),
        serial,
        normalise_code(serial) if serial else None,
        intake.donor.strip(),
        donor_ref,
        normalise_code(donor_ref) if donor_ref else None,
        intake.batch.strip(),
        site_id,
        _json(_specs_dict(intake)),
        str(stage),
        str(intake.funding),
        intake.voucher_code,
        school_id,
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


def _site_of(intake: DeviceIntake, site_ids: Mapping[str, int]) -> int | None:
    return site_ids[intake.site.strip().lower()] if intake.site else None


def intake_details(intake: DeviceIntake) -> dict[str, Any]:
    """What the `intake` event of a device records of where it came from."""
    return {"batch": intake.batch, "donor": intake.donor} if intake.batch else {}


def _json(value: object) -> str:
    return msgspec.json.encode(value).decode()


async def reserve_asset_tags(count: int) -> list[str]:
    """The next `count` asset tags, reserved by one update of the counter (within the caller's
    transaction, so a rolled-back intake gives its numbers back)."""
    rows = (
        await Counter.update({Counter.value: Counter.value + count})
        .where(Counter.name == "asset_tag")
        .returning(Counter.value)
    )
    first = rows[0]["value"] - count + 1
    return [tags.asset_tag(first + offset) for offset in range(count)]


async def intake(
    intake: DeviceIntake,
    actor: CurrentUser,
    *,
    school_id: int | None = None,
    stage: Stage = Stage.RECEIVED,
) -> Transition:
    """Register a device: it gets the next asset tag and starts `received` (or, for a
    school's own purchase, `allocated` to that school)."""
    _check_intake(intake, stage, school_id)
    make_key = normalise_code(intake.make)
    serial_key = normalise_code(intake.serial_number) if intake.serial_number else None
    try:
        return await _register(intake, actor, make_key, serial_key, school_id, stage)
    except Exception as error:
        # A racing intake of the same make and serial won; the failed transaction is gone,
        # so look the winner up afresh to name it.
        if serial_key and db.is_unique_violation(error):
            await _refuse_duplicate(make_key, serial_key)
        raise


async def _register(
    intake: DeviceIntake,
    actor: CurrentUser,
    make_key: str,
    serial_key: str | None,
    school_id: int | None,
    stage: Stage,
) -> Transition:
    async with db.transaction():
        site_id = await sites.site_id(intake.site) if intake.site else None
        if serial_key:
            await _refuse_duplicate(make_key, serial_key)
        (tag,) = await reserve_asset_tags(1)
        at = now()
        row = _intake_row(intake, tag, site_id, stage, school_id, at)
        inserted = await db.insert_rows(Device, INTAKE_COLUMNS, [row], returning=("id",))
        device_id = inserted[0]["id"]
        details = intake_details(intake)
        event = await _write_event(device_id, Action.INTAKE, None, stage, actor, details, at, intake.funding)
        device = await get_device_by_id(device_id)
    return Transition(device=device, event=event)


async def intake_batch(
    intakes: Sequence[DeviceIntake],
    actor: CurrentUser,
    *,
    asset_tags: Sequence[str] | None = None,
    details: Sequence[Mapping[str, Any]] | None = None,
    progress: Progress | None = None,
) -> list[str]:
    """Register many donated devices at once, all `received`, in one transaction (the caller's
    when there is one): the same rows and `intake` events as intake(), written by multi-row
    INSERTs. Returns their asset tags, in order.

    `asset_tags` are numbers the caller reserved (reserve_asset_tags) in the same transaction;
    `details[i]` adds to the event of `intakes[i]`. Made for the CSV import, which reports
    duplicates and unknown sites row by row before it calls this: here a known serial is
    refused by the register's unique index, an unknown site by a 400. Through intake(), 10,000
    rows take over a minute (six queries each); this way a few seconds (bench/import.py).
    """
    for item in intakes:
        _check_intake(item, Stage.RECEIVED, None)
    total = len(intakes)
    if asset_tags is not None and len(asset_tags) != total or details is not None and len(details) != total:
        raise ValueError("one asset tag and one details mapping per intake")
    async with db.transaction():
        if asset_tags is None:
            asset_tags = await reserve_asset_tags(total)
        site_ids = await sites.site_ids(item.site for item in intakes if item.site)
        for item in intakes:
            if item.site and item.site.strip().lower() not in site_ids:
                raise InvalidInput(N_("unknown site '%(code)s'"), values={"code": item.site}, field="site")
        at = now()
        request_id = context.request_id.get()
        for start in range(0, total, INTAKE_CHUNK_ROWS):
            chunk = range(start, min(start + INTAKE_CHUNK_ROWS, total))
            rows = [
                _intake_row(
                    intakes[i], asset_tags[i], _site_of(intakes[i], site_ids), Stage.RECEIVED, None, at
                )
                for i in chunk
            ]
            inserted = await db.insert_rows(Device, INTAKE_COLUMNS, rows, returning=("id", "asset_tag"))
            device_ids = {row["asset_tag"]: row["id"] for row in inserted}
            events = [
                (
                    device_ids[asset_tags[i]],
                    Action.INTAKE.value,
                    None,
                    Stage.RECEIVED.value,
                    actor.username,
                    actor.id,
                    request_id,
                    at,
                    _json({**intake_details(intakes[i]), **(details[i] if details else {})}),
                )
                for i in chunk
            ]
            await db.insert_rows(Event, INTAKE_EVENT_COLUMNS, events)
            if progress is not None:
                progress(chunk.stop, total)
        # Each event one more in its month's tally (devices.tallies), as _write_event counts one.
        await tallies.count_events(
            (at, Action.INTAKE.value, None, Stage.RECEIVED.value, str(item.funding)) for item in intakes
        )
    return list(asset_tags)


def _specs_dict(intake: DeviceIntake) -> dict[str, Any]:
    return msgspec.to_builtins(intake.specs) if intake.specs else {}


async def _refuse_duplicate(make_key: str, serial_key: str, device_id: int | None = None) -> None:
    """AlreadyRegistered naming the device (other than `device_id`) with this make and serial."""
    query = Device.select(Device.asset_tag).where(
        (Device.make_key == make_key) & (Device.serial_key == serial_key)
    )
    if device_id is not None:
        query = query.where(Device.id != device_id)
    existing = await query.first()
    if existing:
        raise AlreadyRegistered(existing["asset_tag"])


# The text columns a correction may change, and the compared key each one keeps beside it.
_CORRECTED_TEXT = {"make": "make_key", "model": None, "donor": None, "batch": None, "notes": None}
_CORRECTED_CODES = {"serial_number": "serial_key", "donor_ref": "donor_ref_key"}


def correction_changes(
    device: DeviceRow, correction: DeviceCorrection
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The column values a correction writes, and each change as `{field, old, new}` (specs key
    by key, as `specs.ram_gb`); fields sent with the value they already have change nothing."""
    values: dict[str, Any] = {}
    changes: list[dict[str, Any]] = []

    def change(field: str, old: Any, new: Any) -> None:
        changes.append({"field": field, "old": old, "new": new})

    if correction.category is not msgspec.UNSET and correction.category != device.category:
        values["category"] = str(correction.category)
        change("category", str(device.category), values["category"])
    for name, key in _CORRECTED_TEXT.items():
        new = getattr(correction, name)
        if new is msgspec.UNSET:
            continue
        new = new if name == "notes" else new.strip()
        old = getattr(device, name)
        if new != old:
            values[name] = new
            if key:
                values[key] = normalise_code(new)
            change(name, old, new)
    for name, key in _CORRECTED_CODES.items():
        new = getattr(correction, name)
        if new is msgspec.UNSET:
            continue
        new = new.strip() if new else None
        old = getattr(device, name)
        if new != old:
            values[name] = new
            values[key] = normalise_code(new) if new else None
            change(name, old, new)
    if correction.specs is not msgspec.UNSET:
        old_specs = dict(device.specs or {})
        new_specs = msgspec.to_builtins(correction.specs) if correction.specs else {}
        for key in sorted(set(old_specs) | set(new_specs)):
            if old_specs.get(key) != new_specs.get(key):
                change(f"specs.{key}", old_specs.get(key), new_specs.get(key))
        if old_specs != new_specs:
            values["specs"] = new_specs
    return values, changes


async def correct(asset_tag: str, correction: DeviceCorrection, actor: CurrentUser) -> Transition:
    """Correct what was typed at intake; the `correct` event keeps each old and new value and
    the reason. Never a stage change. A make and serial number another device has already are
    refused (409 naming it); so is a device changed since the version the client names."""
    try:
        return await _correct(asset_tag, correction, actor)
    except Exception as error:
        # A racing intake or correction took this make and serial first: name that device.
        if db.is_unique_violation(error):
            device = await get_device(asset_tag)
            values, _ = correction_changes(device, correction)
            serial_key = values.get("serial_key", device.serial_key)
            if serial_key:
                await _refuse_duplicate(values.get("make_key", device.make_key), serial_key, device.id)
        raise


async def _correct(asset_tag: str, correction: DeviceCorrection, actor: CurrentUser) -> Transition:
    async with db.transaction():
        device = await get_device(asset_tag)
        _check_version(device)
        values, changes = correction_changes(device, correction)
        if not changes:
            raise InvalidInput(reason=Reason.NO_CHANGE, field="form")
        serial_key = values.get("serial_key", device.serial_key)
        if serial_key and ("make_key" in values or "serial_key" in values):
            await _refuse_duplicate(values.get("make_key", device.make_key), serial_key, device.id)
        for check in _correction_checks:
            await check(device, values)
        at = now()
        columns: dict[Column | str, Any] = {
            Device._meta.get_column_by_name(name): value for name, value in values.items()
        }
        columns.update({Device.version: device.version + 1, Device.updated_at: at})
        # The list's search finds the device by what it says now, not by what was typed at intake.
        columns[Device.search_key] = search.search_key({**msgspec.structs.asdict(device), **values})
        updated = (
            await Device.update(columns)
            .where((Device.id == device.id) & (Device.version == device.version))
            .returning(Device.id)
        )
        if not updated:
            _changed_meanwhile(device, await get_device_by_id(device.id))
        stage = device.stage
        details = {"reason": correction.reason, "changes": changes}
        event = await _write_event(
            device.id, Action.CORRECT, stage, stage, actor, details, at, device.funding
        )
        return Transition(device=await get_device_by_id(device.id), event=event)


# What other domains check before a correction is written, in its transaction: schools refuse
# a category that the voucher a device is reserved or handed over on does not allow. Each check
# gets the device as read and the column values the correction writes, and raises a DomainError
# to refuse. Devices cannot import schools: inventory/schools/hooks.py registers it at start.
CorrectionCheck = Callable[[DeviceRow, Mapping[str, Any]], Awaitable[None]]
_correction_checks: list[CorrectionCheck] = []


def before_correct(check: CorrectionCheck) -> None:
    """Register what a domain checks before a device is corrected (once per check)."""
    if check not in _correction_checks:
        _correction_checks.append(check)


def _check_version(device: DeviceRow) -> None:
    """Refuse (409) when the client's If-Match names another version than the one read."""
    expected = context.expected_version.get()
    if expected is not None and expected != device.version:
        raise ActionNotAllowed(
            None,
            allowed_actions(device),
            reason=Reason.VERSION_CHANGED,
            values={"asset_tag": device.asset_tag, "expected": expected, "version": device.version},
        )


def _changed_meanwhile(device: DeviceRow, current: DeviceRow) -> NoReturn:
    raise ActionNotAllowed(
        N_("device %(asset_tag)s was changed by someone else meanwhile; it is now '%(stage)s'"),
        allowed_actions(current),
        values={"asset_tag": device.asset_tag, "stage": current.stage},
    )


async def _apply(
    device: DeviceRow,
    action: Action,
    to: stages.DeviceState,
    actor: CurrentUser,
    details: Mapping[str, Any],
    changes: Mapping[Column | str, Any] | None = None,
) -> Transition:
    """Write the state change and its event, unless another request changed the device first.

    Must run inside a transaction. The update only matches the version that was read, so of
    two racing requests exactly one changes the row; the other gets a 409 with what is now
    allowed. The custody flag is written with the stage, and a transfer that ended leaves no
    destination behind.
    """
    _check_version(device)
    at = now()
    values: dict[Column | str, Any] = {
        Device.stage: to.stage,
        Device.wiped_since_custody_change: to.wiped,
        Device.version: device.version + 1,
        Device.updated_at: at,
    }
    if not to.in_transit:
        values[Device.transfer_to] = None
    values.update(changes or {})
    updated = (
        await Device.update(values)
        .where((Device.id == device.id) & (Device.version == device.version))
        .returning(Device.id)
    )
    if not updated:
        _changed_meanwhile(device, await get_device_by_id(device.id))
    event = await _write_event(device.id, action, device.stage, to.stage, actor, details, at, device.funding)
    changed = await get_device_by_id(device.id)
    if to.stage == Stage.AVAILABLE and not to.in_transit:
        for handler in _available_handlers:
            await handler(changed, at)
    return Transition(device=changed, event=event)


# What other domains do when a device becomes available at a site (after a label, a transfer
# received, a reservation undone), in the same transaction: loans tell the first person waiting.
AvailableHandler = Callable[[DeviceRow, datetime], Awaitable[None]]
_available_handlers: list[AvailableHandler] = []


def when_available(handler: AvailableHandler) -> None:
    """Register what a domain does when a device becomes available (once per handler)."""
    if handler not in _available_handlers:
        _available_handlers.append(handler)


@contextmanager
def expecting_version(version: int | None) -> Iterator[None]:
    """Apply the actions of this block only if the device is still at `version` (a client's
    If-Match): of clients who saw the same version, exactly one acts, whatever the actions."""
    token = context.expected_version.set(version)
    try:
        yield
    finally:
        context.expected_version.reset(token)


async def transition(
    asset_tag: str,
    action: Action,
    actor: CurrentUser,
    *,
    details: Mapping[str, Any] | None = None,
    changes: Mapping[Column | str, Any] | None = None,
) -> Transition:
    """Apply a plain stage change; loans and schools call this inside their own transaction."""
    async with db.transaction():
        device = await get_device(asset_tag)
        to = stages.next_state(device_state(device), action)
        return await _apply(device, action, to, actor, details or {}, changes)


async def set_loan_due_on(device_id: int, due_on: date | None) -> None:
    """Loans keep the device's due date current (shown to technicians); not a stage change."""
    await Device.update({Device.loan_due_on: due_on, Device.updated_at: now()}).where(Device.id == device_id)


async def wipe(asset_tag: str, wipe: WipeAction, actor: CurrentUser) -> Transition:
    """Record a wipe; a passed one moves the device to `wiped` and numbers its certificate."""
    check_wipe_times(wipe)
    async with db.transaction():
        device = await get_device(asset_tag)
        transition, _ = await record_wipe(device, wipe, actor)
        return transition


def check_wipe_times(wipe: WipeAction) -> None:
    if wipe.started_at and wipe.finished_at and wipe.finished_at < wipe.started_at:
        raise InvalidInput(N_("finished_at is before started_at"), field="finished_at")


async def record_wipe(
    device: DeviceRow,
    wipe: WipeAction,
    actor: CurrentUser,
    extra_details: Mapping[str, Any] | None = None,
) -> tuple[Transition, WipeRow]:
    """The wipe rules, inside the caller's transaction: the stage change, the certificate
    number of a passed wipe, the wipe record and its event. Returns the transition and the
    stored wipe record (whose evidence the caller may attach in the same transaction)."""
    check_wipe_times(wipe)
    to = stages.next_state(device_state(device), Action.WIPE, wipe_result=wipe.result)
    details: dict[str, Any] = {
        "method": wipe.method,
        "result": wipe.result,
        "tool": wipe.tool,
        "storage_serials": wipe.storage_serials,
        "passes": wipe.passes,
        "verification": wipe.verification,
        **(extra_details or {}),
    }
    certificate_number = None
    if wipe.result == WipeResult.PASSED:
        number = await _next_number("wipe_certificate")
        certificate_number = tags.document_number(tags.WIPE_CERTIFICATE, number)
        details["certificate_number"] = certificate_number
    rows = await WipeRecord.insert(
        WipeRecord(
            device=device.id,
            certificate_number=certificate_number,
            method=wipe.method,
            tool=wipe.tool,
            storage_serials=wipe.storage_serials,
            passes=wipe.passes,
            verification=wipe.verification,
            result=wipe.result,
            started_at=wipe.started_at,
            finished_at=wipe.finished_at,
            operator=actor.id or None,
            operator_name=actor.username,
            notes=wipe.notes,
            created_at=now(),
        )
    ).returning(WipeRecord.id)
    transition = await _apply(device, Action.WIPE, to, actor, details)
    return transition, await _wipe(rows[0]["id"])


async def _wipe(wipe_id: int) -> WipeRow:
    row = (
        await WipeRecord.select(*WIPE_COLUMNS).where(WipeRecord.id == wipe_id).output(load_json=True).first()
    )
    assert row is not None, "the wipe was written in this transaction"
    return wipe_row(row)


async def refurbish(asset_tag: str, refurbishment: RefurbishAction, actor: CurrentUser) -> Transition:
    missing = sorted(set(_checklist_items()) - set(refurbishment.checklist))
    if missing:
        raise InvalidInput(
            N_("checklist is missing %(missing)s"),
            values={"missing": ", ".join(missing)},
            field="checklist",
            missing=missing,
        )
    async with db.transaction():
        device = await get_device(asset_tag)
        to = stages.next_state(device_state(device), Action.REFURBISH, checklist=refurbishment.checklist)
        specs = dict(device.specs or {})
        if refurbishment.os:
            specs["os"] = refurbishment.os
        details = {
            "checklist": dict(refurbishment.checklist),
            "grade": refurbishment.grade,
            "battery_health_percent": refurbishment.battery_health_percent,
            "os": refurbishment.os,
            "parts_replaced": refurbishment.parts_replaced,
            "notes": refurbishment.notes,
        }
        changes: dict[Column | str, Any] = {Device.grade: refurbishment.grade, Device.specs: specs}
        return await _apply(device, Action.REFURBISH, to, actor, details, changes)


def _checklist_items() -> list[str]:
    return [item.value for item in ChecklistItem]


async def transfer(asset_tag: str, site_code: str, actor: CurrentUser) -> Transition:
    """Send a device to another site; it arrives when that site scans it (receive_transfer)."""
    async with db.transaction():
        device = await get_device(asset_tag)
        destination = await sites.site_id(site_code)
        if destination == device.site:
            raise InvalidInput(
                N_("the device is already at '%(site)s'"), values={"site": site_code}, field="site"
            )
        to = stages.next_state(device_state(device), Action.TRANSFER)
        details = {"from_site": device.site_code, "to_site": site_code.strip().lower()}
        changes: dict[Column | str, Any] = {Device.transfer_to: destination}
        return await _apply(device, Action.TRANSFER, to, actor, details, changes)


async def receive_transfer(asset_tag: str, actor: CurrentUser, notes: str = "") -> Transition:
    async with db.transaction():
        device = await get_device(asset_tag)
        to = stages.next_state(device_state(device), Action.RECEIVE_TRANSFER)
        details = {
            "from_site": device.site_code,
            "to_site": device.transfer_to_code,
            "notes": notes,
        }
        changes: dict[Column | str, Any] = {Device.site: device.transfer_to}
        return await _apply(device, Action.RECEIVE_TRANSFER, to, actor, details, changes)


async def cancel_transfer(asset_tag: str, actor: CurrentUser, notes: str = "") -> Transition:
    """The device will not leave (or came back unopened): it stays where it was, no longer
    in transit."""
    async with db.transaction():
        device = await get_device(asset_tag)
        to = stages.next_state(device_state(device), Action.CANCEL_TRANSFER)
        details = {
            "from_site": device.site_code,
            "to_site": device.transfer_to_code,
            "notes": notes,
        }
        return await _apply(device, Action.CANCEL_TRANSFER, to, actor, details)


# What other domains do when a lost device is found, in the same transaction (loans date the
# lost loan); each returns details for the device's `found` event. Devices cannot import loans:
# inventory/loans/hooks.py registers it as the app or the command line starts.
FoundHandler = Callable[[DeviceRow, datetime, CurrentUser], Awaitable[Mapping[str, Any]]]
_found_handlers: list[FoundHandler] = []


def when_found(handler: FoundHandler) -> None:
    """Register what a domain does when a lost device is found (once per handler)."""
    if handler not in _found_handlers:
        _found_handlers.append(handler)


async def found(asset_tag: str, body: FoundAction, actor: CurrentUser) -> Transition:
    """A lost device is back in our hands: `returned`, to be wiped before anyone gets it."""
    async with db.transaction():
        device = await get_device(asset_tag)
        to = stages.next_state(device_state(device), Action.FOUND)
        at = now()
        details: dict[str, Any] = {"notes": body.notes} if body.notes else {}
        for handler in _found_handlers:
            details.update(await handler(device, at, actor))
        return await _apply(device, Action.FOUND, to, actor, details)


async def label(asset_tag: str, body: LabelAction, actor: CurrentUser) -> Transition:
    """The label was printed and stuck: the device becomes `available`."""
    details = {"notes": body.notes} if body.notes else {}
    return await transition(asset_tag, Action.LABEL, actor, details=details)


async def send_to_repair(asset_tag: str, body: RepairAction, actor: CurrentUser) -> Transition:
    return await transition(asset_tag, Action.SEND_TO_REPAIR, actor, details={"reason": body.reason})


async def finish_repair(asset_tag: str, body: FinishRepairAction, actor: CurrentUser) -> Transition:
    """Back to `wiped` only if a passed wipe covers the current custody and the storage was
    not replaced; otherwise `received`, to be wiped. A repair never stands in for a wipe."""
    async with db.transaction():
        device = await get_device(asset_tag)
        to = stages.next_state(
            device_state(device), Action.FINISH_REPAIR, storage_replaced=body.storage_replaced
        )
        details = {"notes": body.notes, "storage_replaced": body.storage_replaced}
        return await _apply(device, Action.FINISH_REPAIR, to, actor, details)


async def retire(asset_tag: str, body: RetireAction, actor: CurrentUser) -> Transition:
    """Retire for good; without a passed wipe since the last custody change, only with the
    recycler's destruction certificate reference, kept in the event as proof."""
    reference = body.destruction_certificate_ref.strip() if body.destruction_certificate_ref else None
    async with db.transaction():
        device = await get_device(asset_tag)
        to = stages.next_state(device_state(device), Action.RETIRE, destruction_proof=bool(reference))
        details: dict[str, Any] = {"reason": body.reason, "recycler_ref": body.recycler_ref}
        if reference:
            details["destruction_certificate_ref"] = reference
        return await _apply(device, Action.RETIRE, to, actor, details)


async def _transfer(asset_tag: str, body: TransferAction, actor: CurrentUser) -> Transition:
    return await transfer(asset_tag, body.site, actor)


async def _receive_transfer(asset_tag: str, body: ReceiveTransferAction, actor: CurrentUser) -> Transition:
    return await receive_transfer(asset_tag, actor, body.notes)


async def _cancel_transfer(asset_tag: str, body: CancelTransferAction, actor: CurrentUser) -> Transition:
    return await cancel_transfer(asset_tag, actor, body.notes)


ApplyAction = Callable[[str, Any, CurrentUser], Awaitable[Transition]]

# Every workshop action with the body it takes and the use case that applies it: the API's
# action endpoints and the web UI's forms and batch scans both go through this table.
WORKSHOP_ACTION_HANDLERS: dict[Action, tuple[type[msgspec.Struct], ApplyAction]] = {
    Action.WIPE: (WipeAction, wipe),
    Action.REFURBISH: (RefurbishAction, refurbish),
    Action.LABEL: (LabelAction, label),
    Action.SEND_TO_REPAIR: (RepairAction, send_to_repair),
    Action.FINISH_REPAIR: (FinishRepairAction, finish_repair),
    Action.RETIRE: (RetireAction, retire),
    Action.TRANSFER: (TransferAction, _transfer),
    Action.RECEIVE_TRANSFER: (ReceiveTransferAction, _receive_transfer),
    Action.CANCEL_TRANSFER: (CancelTransferAction, _cancel_transfer),
    Action.FOUND: (FoundAction, found),
}
assert set(WORKSHOP_ACTION_HANDLERS) == set(stages.WORKSHOP_ACTIONS)


async def apply_action(
    asset_tag: str, action: Action, body: msgspec.Struct, actor: CurrentUser
) -> Transition:
    """Apply one workshop action with its validated body."""
    return await WORKSHOP_ACTION_HANDLERS[action][1](asset_tag, body, actor)


# What starts a new custody period is the stage rules' (stages.CUSTODY_CHANGES: intake, return,
# found). A storage replaced during a repair also ends what the earlier wipes cover. A wipe
# covers the device only within its period; the same rule keeps `wiped_since_custody_change`.
def starts_custody_period(event: EventRow) -> bool:
    return event.action in stages.CUSTODY_CHANGES or (
        event.action == Action.FINISH_REPAIR and bool(event.details.get("storage_replaced"))
    )


def covering_certificate_number(device_events: Sequence[EventRow]) -> str | None:
    """The certificate of the latest passed wipe since the last custody change, from the
    device's events oldest first; None when no passed wipe covers the current period."""
    for event in reversed(device_events):
        if starts_custody_period(event):
            return None
        number = event.details.get("certificate_number")
        if event.action == Action.WIPE and number:
            return str(number)
    return None


def wipe_date(wipe: WipeRow) -> datetime:
    """When a wipe happened: its end, else its start, else when it was recorded."""
    return wipe.finished_at or wipe.started_at or wipe.created_at


async def wipe_certificates(asset_tag: str) -> tuple[DeviceRow, list[CertificateRow]]:
    """The device and its passed wipes (each has a certificate), by wipe date, oldest first;
    the one covering the current custody period is marked `current`."""
    device = await get_device(asset_tag)
    return device, await certificates_of(device, await events(device.asset_tag))


async def certificates_of(device: DeviceRow, device_events: Sequence[EventRow]) -> list[CertificateRow]:
    """`wipe_certificates` for a device whose events (oldest first) the caller has read."""
    rows = (
        await WipeRecord.select(*WIPE_COLUMNS)
        .where((WipeRecord.device == device.id) & (WipeRecord.result == WipeResult.PASSED))
        .output(load_json=True)
    )
    current = covering_certificate_number(device_events)
    certificates = [
        CertificateRow(
            **msgspec.structs.asdict(wipe),
            wiped_at=wipe_date(wipe),
            current=wipe.certificate_number == current,
        )
        for wipe in map(wipe_row, rows)
    ]
    certificates.sort(key=lambda certificate: (certificate.wiped_at, certificate.id))
    return certificates


async def wipe_certificate(asset_tag: str, number: str) -> tuple[DeviceRow, CertificateRow]:
    """One certificate of the device by its number (case-insensitive)."""
    device, wipes = await wipe_certificates(asset_tag)
    for wipe in wipes:
        if wipe.certificate_number == normalise_code(number):
            return device, wipe
    raise NotFound(
        reason=Reason.NO_SUCH_CERTIFICATE,
        values={"asset_tag": device.asset_tag, "number": number},
    )


async def current_wipe_certificate(asset_tag: str) -> tuple[DeviceRow, CertificateRow]:
    """The certificate of the wipe that covers the current custody period, or a 404 saying
    why there is none (never wiped, or not wiped since it last came back)."""
    device, wipes = await wipe_certificates(asset_tag)
    for wipe in wipes:
        if wipe.current:
            return device, wipe
    if not wipes:
        raise NotFound(
            reason=Reason.NEVER_WIPED,
            values={"asset_tag": device.asset_tag},
        )
    raise NotFound(
        N_(
            "device %(asset_tag)s has not been wiped since it last came back into custody; "
            "its earlier certificates are listed under wipe-certificates"
        ),
        reason=Reason.NOT_WIPED_SINCE_CUSTODY_CHANGE,
        values={"asset_tag": device.asset_tag},
    )
