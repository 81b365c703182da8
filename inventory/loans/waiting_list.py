"""The waiting list: people waiting for a device of a category, at a site or anywhere.

A queue is a category and a site (or no site: any site will do). The position is the rank
among the queue's waiting reservations, by id; so a cancellation or a fulfilment moves the
ones behind up without rewriting anything. Adding takes the queue's counter row first (an
UPDATE, which PostgreSQL locks until commit and SQLite serialises as a write), so two social
workers adding at once get their ids, and so their positions, one after the other.

When a device of a category becomes available at a site, the first waiting reservation of
that category, at that site or at no site, that has not been offered another device yet
gets a worklist entry for its social worker, and a message in the reminders' outbox that
e-mails it to them when they have an address (inventory/loans/reminders.py sends it once, or
cancels it if the reservation closed or the entry was settled before it went out).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from piccolo.columns import Column
from piccolo.custom_types import Combinable

from inventory import db
from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.accounts.tables import User
from inventory.devices import service as devices
from inventory.devices.rows import DeviceRow
from inventory.devices.tables import Counter
from inventory.devices.vocabulary import Category
from inventory.errors import N_, Conflict, InvalidInput, NotFound
from inventory.http.pagination import check_limit, decode_cursor, page
from inventory.loans import schedule
from inventory.loans import service as loans
from inventory.loans.rows import RESERVATION_COLUMNS, Fulfilment, ReservationRow
from inventory.loans.schemas import LoanCreate, ReservationCreate, ReservationFulfil, ReservationOut
from inventory.loans.tables import Reminder, Reservation, WorklistEntry
from inventory.loans.vocabulary import (
    Channel,
    Language,
    Recipient,
    ReminderKind,
    ReminderStatus,
    ReservationStatus,
    WorklistAction,
)
from inventory.rows import typed
from inventory.settings import get_settings
from inventory.sites import service as sites

# Piccolo adds the `id` column at run time, which a type checker cannot see.
RESERVATION_ID: Column = Reservation._meta.primary_key


def _same_queue(category: str, site_id: int | None) -> Combinable:
    where = (Reservation.category == category) & (Reservation.status == ReservationStatus.WAITING)
    return where & (Reservation.site.is_null() if site_id is None else Reservation.site == site_id)


async def position_of(row: ReservationRow) -> int | None:
    if row.status != ReservationStatus.WAITING:
        return None
    ahead: int = await Reservation.count().where(
        _same_queue(row.category, row.site) & (RESERVATION_ID < row.id)
    )
    return ahead + 1


def reservation_out(row: ReservationRow, position: int | None) -> ReservationOut:
    return ReservationOut(
        id=row.id,
        beneficiary_id=row.beneficiary,
        beneficiary_reference=row.beneficiary_reference,
        beneficiary_name=row.beneficiary_name,
        category=row.category,
        site=row.site_code,
        position=position,
        status=row.status,
        needed_by=row.needed_by,
        notes=row.notes,
        social_worker=row.social_worker_name,
        requested_at=row.requested_at,
        requested_by=row.requested_by,
        closed_at=row.closed_at,
        cancel_reason=row.cancel_reason,
        loan_id=row.loan,
    )


async def get(reservation_id: int) -> ReservationRow:
    row = await Reservation.select(*RESERVATION_COLUMNS).where(RESERVATION_ID == reservation_id).first()
    if row is None:
        raise NotFound(N_("no reservation %(reservation_id)s"), values={"reservation_id": reservation_id})
    return typed(row, ReservationRow)


async def get_out(reservation_id: int) -> ReservationOut:
    row = await get(reservation_id)
    return reservation_out(row, await position_of(row))


async def add(new: ReservationCreate, actor: CurrentUser) -> ReservationOut:
    """Put a beneficiary on the waiting list of a category (and site); 409 if already waiting there."""
    async with db.transaction():
        beneficiary = await loans.find_beneficiary(new.beneficiary_id)
        if beneficiary is None:
            raise InvalidInput(
                N_("beneficiary_id %(beneficiary_id)s: no such beneficiary"),
                values={"beneficiary_id": new.beneficiary_id},
                field="beneficiary_id",
            )
        if beneficiary.anonymised_at is not None:
            raise Conflict(
                N_("beneficiary %(reference)s was anonymised: register them again"),
                values={"reference": beneficiary.reference},
            )
        site_id = await sites.site_id(new.site) if new.site else None
        # The queue's lock: whoever adds to the same queue waits here until this one commits.
        name = f"reservation:{new.category}:{site_id or 'any'}"
        await Counter.raw(
            "INSERT INTO counter (name, value) VALUES ({}, 0) ON CONFLICT (name) DO NOTHING", name
        )
        await Counter.update({Counter.value: Counter.value + 1}).where(Counter.name == name)
        already = await Reservation.exists().where(
            _same_queue(new.category, site_id) & (Reservation.beneficiary == beneficiary.id)
        )
        if already:
            raise Conflict(
                N_("beneficiary %(reference)s is already waiting for this category here"),
                reason="already_waiting",
                values={"reference": beneficiary.reference},
            )
        at = loans.now()
        social_worker = (
            actor.id if actor.role == Role.SOCIAL_WORKER else beneficiary.social_worker or actor.id
        )
        rows = await Reservation.insert(
            Reservation(
                beneficiary=beneficiary.id,
                category=new.category,
                site=site_id,
                social_worker=social_worker,
                status=ReservationStatus.WAITING,
                needed_by=new.needed_by,
                notes=str(new.notes).strip(),
                requested_at=at,
                requested_by=actor.username,
                updated_at=at,
            )
        ).returning(RESERVATION_ID)
        return await get_out(rows[0]["id"])


async def list_reservations(
    *,
    category: Category | None = None,
    site: str | None = None,
    status: ReservationStatus | None = None,
    beneficiary_id: int | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> dict[str, Any]:
    """Reservations in order of request (so a queue's waiting ones in the order of their positions)."""
    check_limit(limit)
    after = decode_cursor(cursor)
    query = Reservation.select(*RESERVATION_COLUMNS)
    if after is not None:
        query = query.where(RESERVATION_ID > after)
    if category is not None:
        query = query.where(Reservation.category == category)
    if site:
        query = query.where(Reservation.site == await sites.site_id(site))
    if status is not None:
        query = query.where(Reservation.status == status)
    if beneficiary_id is not None:
        query = query.where(Reservation.beneficiary == beneficiary_id)
    rows = await query.order_by(RESERVATION_ID).limit(limit + 1)
    reservations = [typed(row, ReservationRow) for row in rows[:limit]]
    items = [reservation_out(row, await position_of(row)) for row in reservations]
    return page(rows, limit, items)


async def _close_waiting(
    reservation_id: int, status: ReservationStatus, actor: CurrentUser, at: datetime, **values: Any
) -> ReservationRow:
    """Close a waiting reservation; of two racing closes exactly one matches the row."""
    row = await get(reservation_id)
    closed = (
        await Reservation.update(
            {
                Reservation.status: status,
                Reservation.closed_at: at,
                Reservation.closed_by: actor.username,
                Reservation.updated_at: at,
                **{getattr(Reservation, key): value for key, value in values.items()},
            }
        )
        .where((RESERVATION_ID == reservation_id) & (Reservation.status == ReservationStatus.WAITING))
        .returning(RESERVATION_ID)
    )
    if not closed:
        current = await get(reservation_id)
        raise Conflict(
            N_("reservation %(reservation_id)s is already %(status)s"),
            reason="reservation_closed",
            values={"reservation_id": reservation_id, "status": current.status},
        )
    # Its match not e-mailed yet will not be; one being sent right now goes out.
    await Reminder.update(
        {Reminder.status: ReminderStatus.CANCELLED, Reminder.cancelled_at: at, Reminder.next_attempt_at: None}
    ).where(
        (Reminder.reservation == reservation_id)
        & Reminder.status.is_in([ReminderStatus.SCHEDULED, ReminderStatus.FAILED])
    )
    # Its open waiting-list entries are settled by the outcome.
    await WorklistEntry.update(
        {
            WorklistEntry.done_at: at,
            WorklistEntry.done_by: actor.username,
            WorklistEntry.resolution: status.value,
        }
    ).where((WorklistEntry.reservation == reservation_id) & WorklistEntry.done_at.is_null())
    return row


async def cancel(reservation_id: int, reason: str, actor: CurrentUser) -> ReservationOut:
    """Take someone off the waiting list; the ones behind move up."""
    async with db.transaction():
        await _close_waiting(
            reservation_id, ReservationStatus.CANCELLED, actor, loans.now(), cancel_reason=reason.strip()
        )
    return await get_out(reservation_id)


async def fulfil(reservation_id: int, body: ReservationFulfil, actor: CurrentUser) -> Fulfilment:
    """Lend a device to the waiting beneficiary, through the loan rules; the reservation closes
    with it. Twice at once: one lends, the other gets 409 and nothing of it is stored."""
    async with db.transaction():
        row = await _close_waiting(reservation_id, ReservationStatus.FULFILLED, actor, loans.now())
        try:
            device = await devices.scan(body.asset_tag)
        except NotFound as error:
            raise InvalidInput(
                N_("asset_tag '%(asset_tag)s': no such device"),
                values={"asset_tag": body.asset_tag},
                field="asset_tag",
            ) from error
        if device.category != row.category:
            raise InvalidInput(
                N_("asset_tag %(asset_tag)s is a %(category)s, not a %(wanted)s"),
                values={
                    "asset_tag": device.asset_tag,
                    "category": device.category,
                    "wanted": row.category,
                },
                field="asset_tag",
            )
        loan = await loans.lend(
            LoanCreate(
                asset_tag=device.asset_tag,
                beneficiary_id=row.beneficiary,
                due_on=body.due_on,
                accessories=body.accessories,
                notes=body.notes,
                signature=body.signature,
            ),
            actor,
        )
        await Reservation.update({Reservation.loan: loan.id}).where(RESERVATION_ID == reservation_id)
    return Fulfilment(reservation=await get_out(reservation_id), loan=loan)


async def offer_device(device: DeviceRow, at: datetime) -> None:
    """A device became available: tell the social worker of the first waiting person who has
    not been offered one yet (devices call this in the transaction of the change, once
    inventory/loans/hooks.py installed it)."""
    # A device at no site (not yet placed anywhere) suits only those who wait at any site.
    here: Combinable = Reservation.site.is_null()
    if device.site is not None:
        here = here | (Reservation.site == device.site)
    offered = WorklistEntry.select(WorklistEntry.reservation).where(
        WorklistEntry.reservation.is_not_null() & WorklistEntry.done_at.is_null()
    )
    candidates = (
        await Reservation.select(RESERVATION_ID, Reservation.social_worker)
        .where(
            (Reservation.category == device.category)
            & (Reservation.status == ReservationStatus.WAITING)
            & here
        )
        .order_by(RESERVATION_ID)
        .limit(50)
    )
    open_offers = {row["reservation"] for row in await offered}
    first = next((row for row in candidates if row["id"] not in open_offers), None)
    if first is None:
        return
    entries = await WorklistEntry.raw(
        "INSERT INTO worklist_entry (reservation, device, social_worker, action, kind, channel, created_at,"
        " done_by, resolution) VALUES ({}, {}, {}, {}, '', {}, {}, '', '') ON CONFLICT DO NOTHING"
        " RETURNING id",
        first["id"],
        device.id,
        first["social_worker"],
        WorklistAction.DEVICE_AVAILABLE.value,
        Channel.WORKLIST.value,
        at,
    )
    if entries:  # not offered this device before
        await _announce(entries[0]["id"], first, at)


async def _announce(entry_id: int, reservation: Mapping[str, Any], at: datetime) -> None:
    """The match in the outbox, due now, its worklist entry pointing at it: the sweep e-mails it
    to the social worker (or, without an address, leaves it to the worklist)."""
    worker = (
        await User.select(User.language, User.email).where(User.id == reservation["social_worker"]).first()
    )
    planned = schedule.choose_channel(
        Recipient.SOCIAL_WORKER,
        email=None,
        phone=None,
        smtp_configured=bool(get_settings().smtp_url),
        sms_configured=False,
        staff_email=worker["email"] if worker else None,
    )
    rows = await Reminder.insert(
        Reminder(
            reservation=reservation["id"],
            kind=ReminderKind.DEVICE_AVAILABLE,
            offset_days=0,
            recipient=Recipient.SOCIAL_WORKER,
            channel=planned,
            language=worker["language"] if worker else Language.FR,
            due_at=at,
            status=ReminderStatus.SCHEDULED,
            next_attempt_at=at,
            created_at=at,
        )
    ).returning(Reminder.id)
    await WorklistEntry.update({WorklistEntry.reminder: rows[0]["id"]}).where(
        WorklistEntry._meta.primary_key == entry_id
    )
