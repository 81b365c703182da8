"""Use cases of schools, programmes and vouchers: create, scope, issue, extend, expire."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import msgspec
from piccolo.columns import Column
from piccolo.columns.combination import Where

from inventory import db
from inventory.accounts import service as accounts
from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.errors import N_, Conflict, InvalidInput, NotFound
from inventory.http.pagination import check_limit, decode_cursor, page
from inventory.i18n import Language
from inventory.rows import typed
from inventory.schools import codes
from inventory.schools.rows import (
    PROGRAMME_COLUMNS,
    SCHOOL_COLUMNS,
    VOUCHER_BATCH_COLUMNS,
    VOUCHER_COLUMNS,
    VOUCHER_EVENT_COLUMNS,
    ProgrammeRow,
    SchoolRow,
    VoucherBatchRow,
    VoucherEventRow,
    VoucherRow,
)
from inventory.schools.schemas import (
    ProgrammeCreate,
    ProgrammeOut,
    ProgrammeUpdate,
    SchoolCreate,
    SchoolOut,
    SchoolUpdate,
    VoucherBatchIssue,
    VoucherEventOut,
    VoucherIssue,
    VoucherOut,
)
from inventory.schools.tables import Programme, School, Voucher, VoucherBatch, VoucherEvent
from inventory.schools.vocabulary import (
    COUNTED,
    REDEEMABLE,
    Reason,
    VoucherEventAction,
    VoucherStatus,
    counted_status,
)
from inventory.settings import get_settings

# Ids start at 1: a school user whose account has no school matches nothing.
NO_SCHOOL = 0


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """The date where the programme runs: a voucher is valid through its expiry day, local time."""
    return datetime.now(get_settings().tz).date()


def school_scope(viewer: CurrentUser, column: Column) -> Where | None:
    """The filter that keeps a school user to its own rows; None for every other role."""
    if viewer.role != Role.SCHOOL:
        return None
    return column == (viewer.school_id if viewer.school_id is not None else NO_SCHOOL)


def scoped(query: Any, viewer: CurrentUser, column: Column) -> Any:
    where = school_scope(viewer, column)
    return query if where is None else query.where(where)


# --- schools ---------------------------------------------------------------------------------


def school_out(row: SchoolRow) -> SchoolOut:
    return SchoolOut(
        id=row.id,
        name=row.name,
        fase_number=row.fase_number,
        address=row.address,
        contact_email=row.contact_email or None,
        language=Language(row.language),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


async def school_exists(school_id: int) -> bool:
    """Whether a school with this id exists (accounts check a school user's school_id with it)."""
    return bool(await School.exists().where(School.id == school_id))


async def all_school_ids() -> list[int]:
    """Every school, by id: what "all schools" means when vouchers are issued to all of them."""
    return [row["id"] for row in await School.select(School.id).order_by(School.id)]


async def school_names() -> list[tuple[int, str]]:
    """Every school as (id, name), by name: what an account form offers to choose from."""
    rows = await School.select(School.id, School.name, School.fase_number).order_by(School.name)
    return [(row["id"], f"{row['name']} (FASE {row['fase_number']})") for row in rows]


async def _refuse_taken_fase(fase_number: str, school_id: int | None = None) -> None:
    query = School.select(School.id, School.name).where(School.fase_number == fase_number)
    existing = await query.first()
    if existing and existing["id"] != school_id:
        raise Conflict(
            N_("FASE number %(fase_number)s is already the school '%(school)s'"),
            values={"fase_number": fase_number, "school": existing["name"]},
        )


async def create_school(new: SchoolCreate) -> SchoolRow:
    fase_number = new.fase_number.strip()
    at = now()
    try:
        async with db.transaction():
            await _refuse_taken_fase(fase_number)
            rows = await School.insert(
                School(
                    name=new.name.strip(),
                    fase_number=fase_number,
                    address=new.address.strip(),
                    contact_email=(new.contact_email or "").strip(),
                    language=new.language,
                    created_at=at,
                    updated_at=at,
                )
            ).returning(*SCHOOL_COLUMNS)
    except Exception as error:
        if db.is_unique_violation(error):
            raise Conflict(
                N_("FASE number %(fase_number)s is already used"), values={"fase_number": fase_number}
            ) from error
        raise
    return typed(rows[0], SchoolRow)


async def get_school(school_id: int, viewer: CurrentUser) -> SchoolRow:
    query = School.select(*SCHOOL_COLUMNS).where(School.id == school_id)
    row = await scoped(query, viewer, School.id).first()
    if row is None:
        raise NotFound(N_("no school %(school_id)s"), values={"school_id": school_id})
    return typed(row, SchoolRow)


async def list_schools(
    viewer: CurrentUser, *, q: str | None = None, limit: int = 50, cursor: str | None = None
) -> dict[str, Any]:
    check_limit(limit)
    after = decode_cursor(cursor)
    query = scoped(School.select(*SCHOOL_COLUMNS), viewer, School.id)
    if after is not None:
        query = query.where(School.id > after)
    if q and q.strip():
        text = q.strip()
        query = query.where(db.contains(School.name, text) | db.contains(School.fase_number, text))
    rows = await query.order_by(School.id).limit(limit + 1)
    return page(rows, limit, [school_out(typed(row, SchoolRow)) for row in rows])


async def update_school(school_id: int, update: SchoolUpdate) -> SchoolRow:
    changes: dict[Column | str, Any] = {School.updated_at: now()}
    if update.name is not msgspec.UNSET:
        changes[School.name] = update.name.strip()
    if update.address is not msgspec.UNSET:
        changes[School.address] = update.address.strip()
    if update.contact_email is not msgspec.UNSET:
        changes[School.contact_email] = (update.contact_email or "").strip()
    if update.language is not msgspec.UNSET:
        changes[School.language] = update.language
    fase_number = None if update.fase_number is msgspec.UNSET else update.fase_number.strip()
    if fase_number is not None:
        changes[School.fase_number] = fase_number
    try:
        async with db.transaction():
            if fase_number is not None:
                await _refuse_taken_fase(fase_number, school_id)
            rows = await School.update(changes).where(School.id == school_id).returning(*SCHOOL_COLUMNS)
    except Exception as error:
        if db.is_unique_violation(error):
            raise Conflict(
                N_("FASE number %(fase_number)s is already used"), values={"fase_number": fase_number}
            ) from error
        raise
    if not rows:
        raise NotFound(N_("no school %(school_id)s"), values={"school_id": school_id})
    return typed(rows[0], SchoolRow)


# --- programmes ------------------------------------------------------------------------------


def programme_out(row: ProgrammeRow) -> ProgrammeOut:
    return ProgrammeOut(
        id=row.id,
        name=row.name,
        funder=row.funder,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _check_period(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise InvalidInput(N_("ends_on is before starts_on"), field="ends_on")


async def create_programme(new: ProgrammeCreate) -> ProgrammeRow:
    _check_period(new.starts_on, new.ends_on)
    at = now()
    rows = await Programme.insert(
        Programme(
            name=new.name.strip(),
            funder=new.funder.strip(),
            starts_on=new.starts_on,
            ends_on=new.ends_on,
            created_at=at,
            updated_at=at,
        )
    ).returning(*PROGRAMME_COLUMNS)
    return typed(rows[0], ProgrammeRow)


async def get_programme(programme_id: int) -> ProgrammeRow:
    row = await Programme.select(*PROGRAMME_COLUMNS).where(Programme.id == programme_id).first()
    if row is None:
        raise NotFound(N_("no programme %(programme_id)s"), values={"programme_id": programme_id})
    return typed(row, ProgrammeRow)


async def list_programmes(*, limit: int = 50, cursor: str | None = None) -> dict[str, Any]:
    check_limit(limit)
    after = decode_cursor(cursor)
    query = Programme.select(*PROGRAMME_COLUMNS)
    if after is not None:
        query = query.where(Programme.id > after)
    rows = await query.order_by(Programme.id).limit(limit + 1)
    return page(rows, limit, [programme_out(typed(row, ProgrammeRow)) for row in rows])


async def update_programme(programme_id: int, update: ProgrammeUpdate) -> ProgrammeRow:
    async with db.transaction():
        current = await get_programme(programme_id)
        fields = {
            name: value
            for name in ("name", "funder", "starts_on", "ends_on")
            if (value := getattr(update, name)) is not msgspec.UNSET
        }
        _check_period(fields.get("starts_on", current.starts_on), fields.get("ends_on", current.ends_on))
        changes: dict[Column | str, Any] = {Programme.updated_at: now()}
        for name, value in fields.items():
            changes[Programme._meta.get_column_by_name(name)] = (
                value.strip() if isinstance(value, str) else value
            )
        rows = (
            await Programme.update(changes).where(Programme.id == programme_id).returning(*PROGRAMME_COLUMNS)
        )
    return typed(rows[0], ProgrammeRow)


# --- vouchers --------------------------------------------------------------------------------


def voucher_out(row: VoucherRow) -> VoucherOut:
    return VoucherOut(
        code=codes.display(row.code),
        status=row.status,
        quantity=row.quantity,
        remaining=row.remaining,
        category=row.category,
        expires_on=row.expires_on,
        programme_id=row.programme,
        programme_name=row.programme_name,
        school_id=row.school,
        school_name=row.school_name,
        batch_id=row.batch,
        issued_at=row.issued_at,
        issued_by=row.issued_by,
        cancelled_at=row.cancelled_at,
        cancel_reason=row.cancel_reason,
        updated_at=row.updated_at,
        version=row.version,
    )


async def get_voucher(code: str, viewer: CurrentUser) -> VoucherRow:
    """A voucher by its code in any case, with or without dashes; another school's is a 404."""
    compact = codes.parse(code)
    query = Voucher.select(*VOUCHER_COLUMNS).where(Voucher.code == compact)
    row = await scoped(query, viewer, Voucher.school).first()
    if row is None:
        raise NotFound(N_("no voucher %(code)s"), values={"code": codes.display(compact)})
    return typed(row, VoucherRow)


async def voucher_by_id(voucher_id: int) -> VoucherRow:
    """A voucher whose id was just read or written (vouchers are never deleted)."""
    row = await Voucher.select(*VOUCHER_COLUMNS).where(Voucher.id == voucher_id).first()
    if row is None:
        raise NotFound(N_("no voucher %(code)s"), values={"code": f"#{voucher_id}"})
    return typed(row, VoucherRow)


async def list_vouchers(
    viewer: CurrentUser,
    *,
    status: VoucherStatus | None = None,
    programme_id: int | None = None,
    school_id: int | None = None,
    batch_id: int | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> dict[str, Any]:
    check_limit(limit)
    after = decode_cursor(cursor)
    query = scoped(Voucher.select(*VOUCHER_COLUMNS), viewer, Voucher.school)
    if after is not None:
        query = query.where(Voucher.id > after)
    if status:
        query = query.where(Voucher.status == status)
    if programme_id is not None:
        query = query.where(Voucher.programme == programme_id)
    if school_id is not None:
        query = query.where(Voucher.school == school_id)
    if batch_id is not None:
        query = query.where(Voucher.batch == batch_id)
    rows = await query.order_by(Voucher.id).limit(limit + 1)
    return page(rows, limit, [voucher_out(typed(row, VoucherRow)) for row in rows])


def _check_expiry(expires_on: date) -> None:
    if expires_on < today():
        raise InvalidInput(N_("expires_on is in the past"), field="expires_on")


async def _fresh_codes(count: int) -> list[str]:
    """Codes no voucher has; with 54 random bits a clash is a curiosity, but it is checked."""
    fresh: set[str] = set()
    while len(fresh) < count:
        candidates = {codes.new_code() for _ in range(count - len(fresh))} - fresh
        taken = await Voucher.select(Voucher.code).where(Voucher.code.is_in(list(candidates)))
        fresh |= candidates - {row["code"] for row in taken}
    return sorted(fresh)


async def _require_programme(programme_id: int) -> None:
    if not await Programme.exists().where(Programme.id == programme_id):
        raise InvalidInput(
            N_("unknown programme %(programme_id)s"),
            values={"programme_id": programme_id},
            field="programme_id",
        )


async def issue_voucher(issue: VoucherIssue, actor: CurrentUser) -> VoucherRow:
    _check_expiry(issue.expires_on)
    async with db.transaction():
        await _require_programme(issue.programme_id)
        if not await school_exists(issue.school_id):
            raise InvalidInput(
                N_("unknown school %(school_id)s"), values={"school_id": issue.school_id}, field="school_id"
            )
        [code] = await _fresh_codes(1)
        at = now()
        rows = await Voucher.insert(
            Voucher(
                code=code,
                programme=issue.programme_id,
                school=issue.school_id,
                quantity=issue.quantity,
                remaining=issue.quantity,
                category=issue.category,
                expires_on=issue.expires_on,
                status=VoucherStatus.ISSUED,
                issued_at=at,
                issued_by=actor.username,
                updated_at=at,
            )
        ).returning(Voucher.id)
        voucher = await voucher_by_id(rows[0]["id"])
        await write_voucher_events([voucher], VoucherEventAction.ISSUE, actor, at, issue_details)
        return voucher


async def issue_batch(
    batch: VoucherBatchIssue, actor: CurrentUser
) -> tuple[VoucherBatchRow, list[VoucherRow]]:
    """One voucher per school of the list, all or none: an unknown school refuses the whole batch."""
    _check_expiry(batch.expires_on)
    duplicates = sorted({i for i in batch.school_ids if batch.school_ids.count(i) > 1})
    if duplicates:
        raise InvalidInput(
            N_("school_ids lists schools twice: %(duplicates)s"),
            values={"duplicates": ", ".join(map(str, duplicates))},
            field="school_ids",
            duplicates=duplicates,
        )
    async with db.transaction():
        await _require_programme(batch.programme_id)
        known = await School.select(School.id).where(School.id.is_in(list(batch.school_ids)))
        unknown = sorted(set(batch.school_ids) - {row["id"] for row in known})
        if unknown:
            raise InvalidInput(
                N_("unknown schools: %(unknown)s"),
                values={"unknown": ", ".join(map(str, unknown))},
                field="school_ids",
                unknown=unknown,
            )
        at = now()
        created = await VoucherBatch.insert(
            VoucherBatch(
                programme=batch.programme_id,
                quantity=batch.quantity,
                category=batch.category,
                expires_on=batch.expires_on,
                size=len(batch.school_ids),
                issued_at=at,
                issued_by=actor.username,
            )
        ).returning(*VOUCHER_BATCH_COLUMNS)
        batch_row = typed(created[0], VoucherBatchRow)
        fresh = await _fresh_codes(len(batch.school_ids))
        await Voucher.insert(
            *(
                Voucher(
                    code=code,
                    programme=batch.programme_id,
                    school=school_id,
                    batch=batch_row.id,
                    quantity=batch.quantity,
                    remaining=batch.quantity,
                    category=batch.category,
                    expires_on=batch.expires_on,
                    status=VoucherStatus.ISSUED,
                    issued_at=at,
                    issued_by=actor.username,
                    updated_at=at,
                )
                for code, school_id in zip(fresh, batch.school_ids, strict=True)
            )
        )
        vouchers = await batch_vouchers(batch_row.id)
        await write_voucher_events(vouchers, VoucherEventAction.ISSUE, actor, at, issue_details)
    return batch_row, vouchers


async def get_batch(batch_id: int) -> VoucherBatchRow:
    row = await VoucherBatch.select(*VOUCHER_BATCH_COLUMNS).where(VoucherBatch.id == batch_id).first()
    if row is None:
        raise NotFound(N_("no voucher batch %(batch_id)s"), values={"batch_id": batch_id})
    return typed(row, VoucherBatchRow)


async def batch_vouchers(batch_id: int) -> list[VoucherRow]:
    """The batch's vouchers in the order a mailing would use: by school name."""
    rows = (
        await Voucher.select(*VOUCHER_COLUMNS)
        .where(Voucher.batch == batch_id)
        .order_by(Voucher.school.name)
        .order_by(Voucher.id)
    )
    return [typed(row, VoucherRow) for row in rows]


def voucher_can_change(status: str) -> bool:
    """Whether a voucher may still be cancelled or get a new expiry date: not once cancelled.
    (A fully used voucher is refused cancellation unless it has open requests: see
    redemptions.cancel_voucher.)"""
    return status != VoucherStatus.CANCELLED


def check_version(voucher: VoucherRow, expected: int | None) -> None:
    """Refuse (409) when the client's If-Match names another version than the one read."""
    if expected is not None and expected != voucher.version:
        raise Conflict(reason=Reason.VOUCHER_CHANGED, values={"code": codes.display(voucher.code)})


async def refuse_changed(voucher_id: int) -> None:
    """Say why a voucher's conditional update matched nothing: always raises a 409."""
    current = await voucher_by_id(voucher_id)
    display = codes.display(current.code)
    if current.status == VoucherStatus.CANCELLED:
        raise Conflict(reason=Reason.VOUCHER_CANCELLED, values={"code": display})
    raise Conflict(reason=Reason.VOUCHER_CHANGED, values={"code": display})


async def extend_voucher(
    code: str, expires_on: date, actor: CurrentUser, *, version: int | None = None
) -> VoucherRow:
    """Move the expiry date; an expired voucher with units left becomes usable again. The
    history keeps the old and new dates. With `version` (If-Match), only if the voucher's history
    is still the one the client saw; a cancelled voucher is never extended (409)."""
    _check_expiry(expires_on)
    async with db.transaction():
        voucher = await get_voucher(code, actor)
        if voucher.status == VoucherStatus.CANCELLED:
            raise Conflict(
                reason=Reason.VOUCHER_CANCELLED,
                values={"code": codes.display(voucher.code)},
            )
        check_version(voucher, version)
        if expires_on == voucher.expires_on:
            return voucher
        at = now()
        # Only the history read may change: of an extension and a cancellation racing from the
        # same voucher, exactly one matches (requests taking units do not change the version).
        rows = (
            await Voucher.update(
                {
                    Voucher.expires_on: expires_on,
                    Voucher.version: voucher.version + 1,
                    Voucher.updated_at: at,
                }
            )
            .where(
                (Voucher.id == voucher.id)
                & (Voucher.version == voucher.version)
                & (Voucher.status != VoucherStatus.CANCELLED)
            )
            .returning(Voucher.quantity, Voucher.remaining, Voucher.status)
        )
        if not rows:
            await refuse_changed(voucher.id)
        before: dict[str, Any] = {"expires_on": voucher.expires_on.isoformat()}
        after: dict[str, Any] = {"expires_on": expires_on.isoformat()}
        if rows[0]["status"] == VoucherStatus.EXPIRED:
            status = counted_status(rows[0]["quantity"], rows[0]["remaining"])
            await Voucher.update({Voucher.status: status}).where(Voucher.id == voucher.id)
            before["status"], after["status"] = str(VoucherStatus.EXPIRED), str(status)
        data = {"before": before, "after": after}
        await write_voucher_events([voucher], VoucherEventAction.EXTEND, actor, at, lambda _: data)
        return await voucher_by_id(voucher.id)


# --- a voucher's history ---------------------------------------------------------------------


def issue_details(voucher: VoucherRow) -> dict[str, Any]:
    """What the `issue` line of a voucher's history records."""
    return {
        "quantity": voucher.quantity,
        "category": voucher.category,
        "expires_on": voucher.expires_on.isoformat(),
        "batch_id": voucher.batch,
    }


async def write_voucher_events(
    vouchers: Sequence[VoucherRow],
    action: VoucherEventAction,
    actor: CurrentUser,
    at: datetime,
    details: Callable[[VoucherRow], Mapping[str, Any]],
) -> None:
    """One line of history per voucher, in the transaction of the change it records."""
    if not vouchers:
        return
    await VoucherEvent.insert(
        *(
            VoucherEvent(
                voucher=voucher.id,
                action=action,
                actor=actor.username,
                actor_id=actor.id or None,
                at=at,
                data=dict(details(voucher)),
            )
            for voucher in vouchers
        )
    )


def voucher_event_out(row: VoucherEventRow) -> VoucherEventOut:
    return VoucherEventOut(id=row.id, action=row.action, actor=row.actor, at=row.at, data=row.data)


async def voucher_histories(
    viewer: CurrentUser, voucher_codes: Sequence[str]
) -> dict[str, list[VoucherEventRow]]:
    """The history of each voucher (by its printed code), oldest first, read in one query; a
    school reads only its own vouchers'. Each line has the actor's full name (`actor_name`)."""
    compact = [codes.parse(code) for code in voucher_codes]
    if not compact:
        return {}
    query = (
        VoucherEvent.select(*VOUCHER_EVENT_COLUMNS)
        .where(VoucherEvent.voucher.code.is_in(compact))
        .order_by(VoucherEvent.id)
        .output(load_json=True)
    )
    rows = await scoped(query, viewer, VoucherEvent.voucher.school)
    names = await accounts.full_names(sorted({row["actor"] for row in rows}))
    histories: dict[str, list[VoucherEventRow]] = {codes.display(code): [] for code in compact}
    for row in rows:
        data = row["data"]
        if not isinstance(data, dict):
            data = msgspec.json.decode(data or "{}")
        line = typed(
            row,
            VoucherEventRow,
            data=data,
            actor_name=names.get(row["actor"]) or row["actor"],
            **_expiry_dates(data),
        )
        histories[codes.display(line.code)].append(line)
    return histories


def _expiry_dates(data: Mapping[str, Any]) -> dict[str, date | None]:
    """The expiry dates a line records, as dates: before and after a move, or as issued."""

    def day(value: object) -> date | None:
        return date.fromisoformat(value) if isinstance(value, str) else None

    return {
        "expires_before": day((data.get("before") or {}).get("expires_on")),
        "expires_after": day((data.get("after") or {}).get("expires_on") or data.get("expires_on")),
    }


async def voucher_history(code: str, viewer: CurrentUser) -> list[VoucherEventRow]:
    """One voucher's history, oldest first; another school's voucher is a 404."""
    voucher = await get_voucher(code, viewer)
    display = codes.display(voucher.code)
    return (await voucher_histories(viewer, [display]))[display]


async def take_units(voucher_id: int, quantity: int) -> bool:
    """Subtract units from a voucher if it has them and may still be redeemed today.

    One conditional UPDATE: of racing requests for the last units exactly one matches the
    row (PostgreSQL re-checks the condition after the row lock; SQLite writers queue), so
    a voucher is never oversubscribed. Must run inside the caller's transaction.
    """
    rows = (
        await Voucher.update({Voucher.remaining: Voucher.remaining - quantity, Voucher.updated_at: now()})
        .where(
            (Voucher.id == voucher_id)
            & (Voucher.remaining >= quantity)
            & Voucher.status.is_in(list(REDEEMABLE))
            & (Voucher.expires_on >= today())
        )
        .returning(Voucher.quantity, Voucher.remaining)
    )
    if not rows:
        return False
    await Voucher.update({Voucher.status: counted_status(rows[0]["quantity"], rows[0]["remaining"])}).where(
        Voucher.id == voucher_id
    )
    return True


async def refuse_units(voucher_id: int, quantity: int) -> None:
    """Say why `take_units` found nothing to take: always raises a 409."""
    voucher = await voucher_by_id(voucher_id)
    display = codes.display(voucher.code)
    status = voucher.status
    if status == VoucherStatus.CANCELLED:
        raise Conflict(reason=Reason.VOUCHER_CANCELLED, values={"code": display})
    if status == VoucherStatus.EXPIRED or voucher.expires_on < today():
        raise Conflict(
            reason=Reason.VOUCHER_EXPIRED,
            values={"code": display, "expires_on": voucher.expires_on},
        )
    if voucher.remaining == 0:
        raise Conflict(reason=Reason.VOUCHER_REDEEMED, values={"code": display})
    raise Conflict(
        reason=Reason.NOT_ENOUGH_LEFT,
        values={"code": display, "remaining": voucher.remaining, "quantity": quantity},
    )


async def give_back_units(voucher_id: int, quantity: int) -> None:
    """Return units of a cancelled request; an expired or cancelled voucher keeps its status."""
    rows = (
        await Voucher.update({Voucher.remaining: Voucher.remaining + quantity, Voucher.updated_at: now()})
        .where(Voucher.id == voucher_id)
        .returning(Voucher.quantity, Voucher.remaining, Voucher.status)
    )
    row = rows[0]
    if row["status"] in COUNTED:
        await Voucher.update({Voucher.status: counted_status(row["quantity"], row["remaining"])}).where(
            Voucher.id == voucher_id
        )


async def expire_vouchers(on: date | None = None) -> list[str]:
    """Mark expired every voucher still open whose last day is before `on` (default today).

    Idempotent and safe in several processes: the update only matches vouchers still open.
    Redemption requests check the date themselves, so nothing waits for this sweep.
    """
    cutoff = on or today()
    rows = (
        await Voucher.update({Voucher.status: VoucherStatus.EXPIRED, Voucher.updated_at: now()})
        .where((Voucher.expires_on < cutoff) & Voucher.status.is_in(list(REDEEMABLE)))
        .returning(Voucher.code)
    )
    return sorted(codes.display(row["code"]) for row in rows)
