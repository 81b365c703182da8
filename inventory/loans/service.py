"""Use cases of beneficiaries and loans: register, lend, renew, return, report lost, worklist, retention."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import msgspec
from msgspec import UNSET
from piccolo.columns import Column
from piccolo.custom_types import Combinable

from inventory import db, offload
from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.accounts.tables import User
from inventory.devices import service as devices
from inventory.devices import stages
from inventory.devices.rows import DeviceRow
from inventory.devices.tables import Counter, Device
from inventory.devices.vocabulary import Action, Stage
from inventory.errors import N_, ActionNotAllowed, Conflict, InvalidInput, Nn_, NotFound
from inventory.http.pagination import check_limit, decode_cursor, page
from inventory.loans import accessories, schedule, signature
from inventory.loans.messages import worklist_message
from inventory.loans.receipt import render_return_receipt
from inventory.loans.rows import (
    ACTIVE_LOAN_COLUMNS,
    BENEFICIARY_COLUMNS,
    LAST_RETURN_COLUMNS,
    LOAN_BRIEF_COLUMNS,
    LOAN_COLUMNS,
    LOAN_EVENT_COLUMNS,
    REMINDER_COLUMNS,
    WORKLIST_COLUMNS,
    ActiveLoanRow,
    AgreementView,
    BeneficiaryRow,
    LastReturnRow,
    LoanBriefRow,
    LoanEventRow,
    LoanRow,
    ReminderRow,
    SiteAddress,
    WorklistRow,
)
from inventory.loans.schemas import (
    BeneficiaryCreate,
    BeneficiaryOut,
    BeneficiaryUpdate,
    LoanBrief,
    LoanCreate,
    LoanEventOut,
    LoanOut,
    LoanUpdate,
    ReminderOut,
    WorklistItem,
)
from inventory.loans.tables import Beneficiary, Loan, LoanEvent, Reminder, Reservation, WorklistEntry
from inventory.loans.vocabulary import (
    Channel,
    Language,
    LoanEventAction,
    LoanFilter,
    LoanStatus,
    Reason,
    Recipient,
    ReminderKind,
    ReminderStatus,
    ReturnCondition,
    WorklistAction,
)
from inventory.rows import typed
from inventory.settings import get_settings
from inventory.sites import service as sites
from inventory.sites.tables import Site
from inventory.text import search_fold

# A loan (or a renewal) runs for at most this long; further is a typing mistake, not a loan.
MAX_LOAN_DAYS = 3 * 366
# What an anonymised beneficiary's name becomes; the reference stays, so loans still add up.
ANONYMISED_NAME = "—"


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return schedule.local_today(now(), get_settings().tz)


def fold(text: str) -> str:
    """How names are compared in searches: case, accents and spacing ignored."""
    return search_fold(text)


# Beneficiaries ------------------------------------------------------------------------------------


def beneficiary_out(row: BeneficiaryRow) -> BeneficiaryOut:
    return BeneficiaryOut(
        id=row.id,
        reference=row.reference,
        full_name=row.full_name,
        phone=row.phone,
        email=row.email,
        language=row.language,
        site=row.site_code,
        social_worker_id=row.social_worker,
        social_worker=row.social_worker_name,
        consent_recorded_on=row.consent_recorded_on,
        anonymised=row.anonymised_at is not None,
        created_at=row.created_at,
        updated_at=row.updated_at,
        postal_address=row.postal_address,
    )


async def find_beneficiary(beneficiary_id: int) -> BeneficiaryRow | None:
    row = await Beneficiary.select(*BENEFICIARY_COLUMNS).where(Beneficiary.id == beneficiary_id).first()
    return None if row is None else typed(row, BeneficiaryRow)


async def get_beneficiary(beneficiary_id: int) -> BeneficiaryRow:
    beneficiary = await find_beneficiary(beneficiary_id)
    if beneficiary is None:
        raise NotFound(N_("no beneficiary %(beneficiary_id)s"), values={"beneficiary_id": beneficiary_id})
    return beneficiary


async def card_holder(beneficiary_id: int) -> BeneficiaryRow:
    """A beneficiary who may be given a card: not one whose details were anonymised."""
    beneficiary = await get_beneficiary(beneficiary_id)
    if beneficiary.anonymised_at is not None:
        raise Conflict(
            N_("beneficiary %(reference)s was anonymised"), values={"reference": beneficiary.reference}
        )
    return beneficiary


# A beneficiary's reference as `_next_reference` writes it (and their card's barcode carries).
REFERENCE_PATTERN = "^B-[0-9]{4}-[0-9]{5,}$"


async def _next_reference(year: int) -> str:
    """B-<year>-<5 digits>: one counter row per year, created by the year's first beneficiary."""
    name = f"beneficiary:{year}"
    await Counter.raw("INSERT INTO counter (name, value) VALUES ({}, 0) ON CONFLICT (name) DO NOTHING", name)
    rows = (
        await Counter.update({Counter.value: Counter.value + 1})
        .where(Counter.name == name)
        .returning(Counter.value)
    )
    return f"B-{year}-{rows[0]['value']:05d}"


async def _referrer(social_worker_id: int | None, actor: CurrentUser) -> int:
    if social_worker_id is None or social_worker_id == actor.id:
        return actor.id
    exists = await User.exists().where(
        (User.id == social_worker_id)
        & (User.role.is_in([Role.SOCIAL_WORKER, Role.ADMIN]))
        & (User.active == True)  # noqa: E712 - a column comparison, not a bool test
    )
    if not exists:
        raise InvalidInput(
            N_("social_worker_id %(social_worker_id)s is not an active social worker"),
            values={"social_worker_id": social_worker_id},
            field="social_worker_id",
        )
    return social_worker_id


def _check_consent(consent_recorded_on: date) -> None:
    if consent_recorded_on > today():
        raise InvalidInput(N_("consent_recorded_on is in the future"), field="consent_recorded_on")


def _clean(text: str | None) -> str | None:
    return text.strip() if text and text.strip() else None


def _clean_address(text: str | None) -> str | None:
    """An address keeps its lines, each trimmed; blank lines go."""
    if not text:
        return None
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line) or None


async def create_beneficiary(new: BeneficiaryCreate, actor: CurrentUser) -> BeneficiaryRow:
    _check_consent(new.consent_recorded_on)
    async with db.transaction():
        site_id = await sites.site_id(new.site) if new.site else None
        referrer = await _referrer(new.social_worker_id, actor)
        at = now()
        reference = await _next_reference(schedule.local_today(at, get_settings().tz).year)
        full_name = " ".join(new.full_name.split())
        rows = await Beneficiary.insert(
            Beneficiary(
                reference=reference,
                full_name=full_name,
                search_key=fold(full_name),
                phone=_clean(new.phone),
                email=_clean(new.email),
                language=new.language,
                site=site_id,
                social_worker=referrer,
                consent_recorded_on=new.consent_recorded_on,
                postal_address=_clean_address(new.postal_address),
                created_at=at,
                updated_at=at,
            )
        ).returning(Beneficiary.id)
        return await get_beneficiary(rows[0]["id"])


async def update_beneficiary(
    beneficiary_id: int, changes: BeneficiaryUpdate, actor: CurrentUser
) -> BeneficiaryRow:
    """Change what was sent; reminders not yet sent follow the new language and contact details."""
    if changes.consent_recorded_on is not UNSET:
        _check_consent(changes.consent_recorded_on)
    async with db.transaction():
        current = await get_beneficiary(beneficiary_id)
        if current.anonymised_at is not None:
            raise Conflict(
                N_("beneficiary %(reference)s was anonymised and cannot be changed"),
                values={"reference": current.reference},
            )
        values: dict[Column | str, Any] = {}
        if changes.full_name is not UNSET:
            full_name = " ".join(changes.full_name.split())
            values[Beneficiary.full_name] = full_name
            values[Beneficiary.search_key] = fold(full_name)
        if changes.language is not UNSET:
            values[Beneficiary.language] = changes.language
        if changes.consent_recorded_on is not UNSET:
            values[Beneficiary.consent_recorded_on] = changes.consent_recorded_on
        if changes.phone is not UNSET:
            values[Beneficiary.phone] = _clean(changes.phone)
        if changes.email is not UNSET:
            values[Beneficiary.email] = _clean(changes.email)
        if changes.site is not UNSET:
            values[Beneficiary.site] = await sites.site_id(changes.site) if changes.site else None
        if changes.postal_address is not UNSET:
            values[Beneficiary.postal_address] = _clean_address(changes.postal_address)
        if not values:
            return current
        values[Beneficiary.updated_at] = now()
        await Beneficiary.update(values).where(Beneficiary.id == beneficiary_id)
        updated = await get_beneficiary(beneficiary_id)
        await _replan_channels(updated)
        return updated


async def list_beneficiaries(
    *, q: str | None = None, limit: int = 50, cursor: str | None = None
) -> dict[str, Any]:
    check_limit(limit)
    after = decode_cursor(cursor)
    query = Beneficiary.select(*BENEFICIARY_COLUMNS)
    if after is not None:
        query = query.where(Beneficiary.id > after)
    if q and q.strip():
        query = query.where(
            db.contains(Beneficiary.search_key, fold(q), case_sensitive=True)
            | db.contains(Beneficiary.reference, q.strip().upper(), case_sensitive=True)
        )
    rows = await query.order_by(Beneficiary.id).limit(limit + 1)
    return page(rows, limit, [beneficiary_out(typed(row, BeneficiaryRow)) for row in rows[:limit]])


# Loans --------------------------------------------------------------------------------------------


def loan_out(row: LoanRow, on: date) -> LoanOut:
    return LoanOut(
        id=row.id,
        asset_tag=row.asset_tag,
        beneficiary_id=row.beneficiary,
        beneficiary_reference=row.beneficiary_reference,
        beneficiary_name=row.beneficiary_name,
        status=row.status,
        overdue=schedule.is_overdue(row.status, row.due_on, on),
        starts_on=row.starts_on,
        due_on=row.due_on,
        accessories=list(row.accessories),
        accessories_other=list(row.accessories_other),
        accessories_returned=None if row.accessories_returned is None else list(row.accessories_returned),
        accessories_missing=list(row.accessories_missing),
        signed=row.signed_at is not None,
        renewals=row.renewals,
        return_condition=row.return_condition,
        notes=row.notes,
        closing_notes=row.closing_notes,
        social_worker=row.social_worker_name,
        site=row.site_code,
        closed_at=row.closed_at,
        found_on=row.found_on,
        created_at=row.created_at,
        updated_at=row.updated_at,
        device_category=row.device_category,
        device_make=row.device_make,
        device_model=row.device_model,
        site_name=row.site_name,
    )


def loan_brief(row: LoanRow | LoanBriefRow) -> LoanBrief:
    return LoanBrief(id=row.id, asset_tag=row.asset_tag, status=row.status, due_on=row.due_on)


async def get_loan(loan_id: int) -> LoanRow:
    row = await Loan.select(*LOAN_COLUMNS).where(Loan.id == loan_id).output(load_json=True).first()
    if row is None:
        raise NotFound(N_("no loan %(loan_id)s"), values={"loan_id": loan_id})
    return typed(row, LoanRow)


async def get_loan_brief(loan_id: int) -> LoanBriefRow:
    """A loan as a technician sees it: the query itself reads nothing about the beneficiary."""
    row = await Loan.select(*LOAN_BRIEF_COLUMNS).where(Loan.id == loan_id).first()
    if row is None:
        raise NotFound(N_("no loan %(loan_id)s"), values={"loan_id": loan_id})
    return typed(row, LoanBriefRow)


async def active_loan_for_device(device_id: int) -> ActiveLoanRow | None:
    """The device's active loan, or None: what a technician may see of it."""
    row = (
        await Loan.select(*ACTIVE_LOAN_COLUMNS)
        .where((Loan.device == device_id) & (Loan.status == LoanStatus.ACTIVE))
        .first()
    )
    return None if row is None else typed(row, ActiveLoanRow)


async def last_return(device_id: int) -> LastReturnRow | None:
    """The device's latest loan when it came back incomplete: what the device page shows (no
    beneficiary in it)."""
    row = (
        await Loan.select(*LAST_RETURN_COLUMNS)
        .where(Loan.device == device_id)
        .order_by(Loan.id, ascending=False)
        .output(load_json=True)
        .first()
    )
    if row is None:
        return None
    latest = typed(row, LastReturnRow)
    if latest.status != LoanStatus.RETURNED or not latest.accessories_missing:
        return None
    return latest


async def list_loans(
    *,
    status: LoanFilter | None = None,
    beneficiary_id: int | None = None,
    asset_tag: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> dict[str, Any]:
    check_limit(limit)
    after = decode_cursor(cursor)
    on = today()
    query = Loan.select(*LOAN_COLUMNS).output(load_json=True)
    if after is not None:
        query = query.where(Loan.id > after)
    if status == LoanFilter.OVERDUE:
        query = query.where(_overdue_on(on))
    elif status is not None:
        query = query.where(Loan.status == status.value)
    if beneficiary_id is not None:
        query = query.where(Loan.beneficiary == beneficiary_id)
    if asset_tag:
        query = query.where(Loan.device.asset_tag == devices.normalise_code(asset_tag))
    rows = await query.order_by(Loan.id).limit(limit + 1)
    return page(rows, limit, [loan_out(typed(row, LoanRow), on) for row in rows[:limit]])


def _overdue_on(on: date) -> Any:
    return (Loan.status == LoanStatus.ACTIVE) & (Loan.due_on < on)


def days_overdue(due_on: date, on: date) -> int:
    return max(0, (on - due_on).days)


async def longest_overdue(limit: int) -> tuple[int, list[tuple[LoanOut, int]]]:
    """How many loans are overdue, and the `limit` longest overdue with their days late."""
    on = today()
    count = await Loan.count().where(_overdue_on(on))
    rows = (
        await Loan.select(*LOAN_COLUMNS)
        .where(_overdue_on(on))
        .output(load_json=True)
        .order_by(Loan.due_on)
        .order_by(Loan.id)
        .limit(limit)
    )
    loans = [typed(row, LoanRow) for row in rows]
    return count, [(loan_out(loan, on), days_overdue(loan.due_on, on)) for loan in loans]


def check_due_on(due_on: date, on: date) -> None:
    if due_on <= on:
        raise InvalidInput(
            N_("due_on must be after today (%(today)s)"), values={"today": on.isoformat()}, field="due_on"
        )
    if due_on > on + timedelta(days=MAX_LOAN_DAYS):
        raise InvalidInput(
            Nn_("due_on must be within %(days)s day", "due_on must be within %(days)s days", "days"),
            values={"days": MAX_LOAN_DAYS},
            field="due_on",
        )


async def _lendable_beneficiary(beneficiary_id: int) -> BeneficiaryRow:
    row = await find_beneficiary(beneficiary_id)
    if row is None:
        raise InvalidInput(
            N_("beneficiary_id %(beneficiary_id)s: no such beneficiary"),
            values={"beneficiary_id": beneficiary_id},
            field="beneficiary_id",
        )
    if row.anonymised_at is not None:
        raise Conflict(
            N_("beneficiary %(reference)s was anonymised: register them again"),
            values={"reference": row.reference},
        )
    return row


async def _device_for_loan(asset_tag: str) -> DeviceRow:
    try:
        device = await devices.get_device(asset_tag)
    except NotFound as error:
        raise InvalidInput(
            N_("asset_tag '%(asset_tag)s': no such device"),
            values={"asset_tag": asset_tag},
            field="asset_tag",
        ) from error
    if device.stage != Stage.AVAILABLE:
        raise ActionNotAllowed(
            N_("device %(asset_tag)s is '%(stage)s', not available: it cannot be lent"),
            devices.allowed_actions(device),
            values={"asset_tag": device.asset_tag, "stage": device.stage},
        )
    # Available but in transit, or not wiped since it last came in: the stage rules say why.
    stages.next_state(devices.device_state(device), Action.LEND)
    return device


async def check_lendable(asset_tag: str, beneficiary_id: int) -> DeviceRow:
    """What `lend` would refuse, checked without writing anything (the desk's steps before the
    confirmation); the device as it stands."""
    await _lendable_beneficiary(beneficiary_id)
    return await _device_for_loan(asset_tag)


async def write_event(
    loan_id: int, action: LoanEventAction, actor: CurrentUser, at: datetime, data: Mapping[str, Any]
) -> None:
    """One line of the loan's history, in the transaction of the change it records."""
    await LoanEvent.insert(
        LoanEvent(
            loan=loan_id, action=action, actor=actor.username, actor_id=actor.id, at=at, data=dict(data)
        )
    )


async def lend(new: LoanCreate, actor: CurrentUser) -> LoanRow:
    """Lend an available device: the loan, the device's `lend` event and the reminders, together."""
    at = now()
    on = schedule.local_today(at, get_settings().tz)
    check_due_on(new.due_on, on)
    kinds, other = accessories.split(new.accessories)
    png = signature.decode(new.signature) if new.signature else None
    try:
        # Nested (a reservation's fulfilment), behind a savepoint: the unique index's refusal
        # must leave the fulfilment's transaction able to read the device and answer 409.
        async with db.transaction(savepoint=True):
            beneficiary = await _lendable_beneficiary(new.beneficiary_id)
            device = await _device_for_loan(new.asset_tag)
            site_id: int | None
            if new.site:
                site_id = await sites.site_id(new.site)
            else:
                site_id = beneficiary.site or device.site
            social_worker = (
                actor.id if actor.role == Role.SOCIAL_WORKER else beneficiary.social_worker or actor.id
            )
            rows = await Loan.insert(
                Loan(
                    device=device.id,
                    beneficiary=beneficiary.id,
                    social_worker=social_worker,
                    site=site_id,
                    starts_on=on,
                    due_on=new.due_on,
                    accessories=kinds,
                    accessories_other=other,
                    signature_png=png,
                    signed_at=at if png else None,
                    status=LoanStatus.ACTIVE,
                    notes=new.notes.strip(),
                    created_at=at,
                    updated_at=at,
                )
            ).returning(Loan.id)
            loan_id = rows[0]["id"]
            await write_event(
                loan_id,
                LoanEventAction.LEND,
                actor,
                at,
                {
                    "asset_tag": device.asset_tag,
                    "due_on": new.due_on.isoformat(),
                    "accessories": kinds,
                    "accessories_other": other,
                    "signed": png is not None,
                },
            )
            # The event names the loan, never the beneficiary: events are append-only and
            # outlive the retention period.
            await devices.transition(
                device.asset_tag,
                Action.LEND,
                actor,
                details={"loan_id": loan_id, "due_on": new.due_on.isoformat()},
                changes={Device.loan_due_on: new.due_on},
            )
            await _schedule(loan_id, new.due_on, beneficiary, social_worker, on, at)
    except Exception as error:
        if _device_already_lent(error):
            # Another loan of this device committed first (the partial unique index said so).
            current = await devices.get_device(new.asset_tag)
            raise ActionNotAllowed(
                N_("device %(asset_tag)s was lent by someone else meanwhile"),
                devices.allowed_actions(current),
                values={"asset_tag": current.asset_tag},
            ) from error
        raise
    return await get_loan(loan_id)


def _device_already_lent(error: BaseException) -> bool:
    """The violation is of `loan_device_active_unique`, not of some other unique index."""
    if not db.is_unique_violation(error):
        return False
    constraint = getattr(error, "constraint_name", None)  # PostgreSQL names it
    return constraint == "loan_device_active_unique" or (constraint is None and "loan.device" in str(error))


async def _active_loan(loan_id: int) -> LoanRow:
    loan = await get_loan(loan_id)
    if loan.status != LoanStatus.ACTIVE:
        raise Conflict(
            reason=Reason.LOAN_CLOSED,
            values={"loan_id": loan_id, "status": loan.status},
        )
    return loan


async def _close(
    loan: LoanRow,
    values: dict[Column | str, Any],
    at: datetime,
    resolution: str,
    actor: CurrentUser,
) -> None:
    """End an active loan: only if still active (a racing close loses), remaining reminders off."""
    on = schedule.local_today(at, get_settings().tz)
    closed = (
        await Loan.update({**values, Loan.closed_at: at, Loan.closed_on: on, Loan.updated_at: at})
        .where((Loan.id == loan.id) & (Loan.status == LoanStatus.ACTIVE))
        .returning(Loan.id)
    )
    if not closed:
        raise Conflict(
            N_("loan %(loan_id)s was closed by someone else meanwhile"), values={"loan_id": loan.id}
        )
    await _cancel_pending(loan.id, at)
    await _resolve_worklist(loan.id, at, resolution, actor)


def _returned_kinds(loan: LoanRow, returned: Sequence[str] | None) -> list[str]:
    """The kinds that came back: all of them when not said; a kind the loan did not include is
    a mistake (400), not something to record."""
    lent = list(loan.accessories)
    if returned is None:
        return lent
    kinds, other = accessories.split(returned)
    strangers = [*other, *(kind for kind in kinds if kind not in lent)]
    if strangers:
        raise InvalidInput(
            N_("accessories_returned: %(items)s not lent with this loan (lent: %(lent)s)"),
            values={"items": ", ".join(strangers), "lent": ", ".join(lent) or "none"},
            field="accessories_returned",
        )
    return kinds


async def give_back(
    loan_id: int,
    condition: ReturnCondition,
    notes: str,
    actor: CurrentUser,
    accessories_returned: Sequence[str] | None = None,
) -> LoanRow:
    """The device came back: the loan is `returned`, the device `returned` (to be wiped again).

    Accessory kinds of the loan that did not come back are recorded missing, the condition is
    then `incomplete` whatever was chosen, and the social worker's worklist says what to recover.
    """
    at = now()
    async with db.transaction():
        loan = await _active_loan(loan_id)
        back = _returned_kinds(loan, accessories_returned)
        missing = accessories.missing(loan.accessories, back)
        if missing:
            condition = ReturnCondition.INCOMPLETE
        values: dict[Column | str, Any] = {
            Loan.status: LoanStatus.RETURNED,
            Loan.return_condition: condition,
            Loan.closing_notes: notes.strip(),
            Loan.accessories_returned: back,
            Loan.accessories_missing: missing,
        }
        await _close(loan, values, at, "returned", actor)
        details: dict[str, Any] = {"loan_id": loan_id, "condition": condition.value}
        if missing:
            details["accessories_missing"] = missing
        await devices.transition(
            loan.asset_tag,
            Action.RETURN,
            actor,
            details=details,
            changes={Device.loan_due_on: None},
        )
        await write_event(
            loan_id,
            LoanEventAction.RETURN,
            actor,
            at,
            {"condition": condition.value, "accessories_returned": back, "accessories_missing": missing},
        )
        if missing:
            await WorklistEntry.insert(
                WorklistEntry(
                    loan=loan_id,
                    social_worker=loan.social_worker,
                    action=WorklistAction.ACCESSORIES_MISSING,
                    kind="",
                    channel=Channel.WORKLIST,
                    created_at=at,
                )
            )
    return await get_loan(loan_id)


async def edit_loan(loan_id: int, changes: LoanUpdate, actor: CurrentUser) -> LoanRow:
    """Correct the accessories lent or the notes of an active loan; the history keeps both versions."""
    at = now()
    async with db.transaction():
        loan = await _active_loan(loan_id)
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        values: dict[Column | str, Any] = {}
        if changes.accessories is not UNSET:
            kinds, other = accessories.split(changes.accessories)
            if kinds != loan.accessories or other != loan.accessories_other:
                before["accessories"] = list(loan.accessories)
                before["accessories_other"] = list(loan.accessories_other)
                after["accessories"], after["accessories_other"] = kinds, other
                values[Loan.accessories], values[Loan.accessories_other] = kinds, other
        if changes.notes is not UNSET and changes.notes.strip() != loan.notes:
            before["notes"], after["notes"] = loan.notes, changes.notes.strip()
            values[Loan.notes] = changes.notes.strip()
        if not values:
            return loan
        edited = (
            await Loan.update({**values, Loan.updated_at: at})
            .where(
                (Loan.id == loan_id)
                & (Loan.status == LoanStatus.ACTIVE)
                & (Loan.updated_at == loan.updated_at)
            )
            .returning(Loan.id)
        )
        if not edited:
            raise Conflict(
                N_("loan %(loan_id)s was changed by someone else meanwhile"), values={"loan_id": loan_id}
            )
        await write_event(loan_id, LoanEventAction.EDIT, actor, at, {"before": before, "after": after})
    return await get_loan(loan_id)


def loan_event_out(row: LoanEventRow) -> LoanEventOut:
    return LoanEventOut(id=row.id, action=row.action, actor=row.actor, at=row.at, data=row.data)


async def loan_events(loan_id: int) -> list[LoanEventRow]:
    """The loan's history, oldest first (a loan made before the history existed starts later)."""
    if not await Loan.exists().where(Loan.id == loan_id):
        raise NotFound(N_("no loan %(loan_id)s"), values={"loan_id": loan_id})
    rows = (
        await LoanEvent.select(*LOAN_EVENT_COLUMNS)
        .where(LoanEvent.loan == loan_id)
        .order_by(LoanEvent.id)
        .output(load_json=True)
    )
    return [typed(row, LoanEventRow) for row in rows]


async def report_lost(loan_id: int, notes: str, actor: CurrentUser) -> LoanRow:
    at = now()
    async with db.transaction():
        loan = await _active_loan(loan_id)
        values: dict[Column | str, Any] = {Loan.status: LoanStatus.LOST, Loan.closing_notes: notes.strip()}
        await _close(loan, values, at, "lost", actor)
        await write_event(loan_id, LoanEventAction.REPORT_LOST, actor, at, {})
        await devices.transition(
            loan.asset_tag,
            Action.REPORT_LOST,
            actor,
            details={"loan_id": loan_id},
            changes={Device.loan_due_on: None},
        )
    return await get_loan(loan_id)


async def date_found_loan(device: DeviceRow, at: datetime, actor: CurrentUser) -> dict[str, Any]:
    """A lost device was found (the devices service's `found`, same transaction): the loan
    that lost it stays `lost` and records the local day it was found."""
    loan = (
        await Loan.select(Loan.id)
        .where((Loan.device == device.id) & (Loan.status == LoanStatus.LOST) & Loan.found_on.is_null())
        .order_by(Loan.id, ascending=False)
        .first()
    )
    if loan is None:
        return {}
    found_on = schedule.local_today(at, get_settings().tz)
    await Loan.update({Loan.found_on: found_on, Loan.updated_at: at}).where(Loan.id == loan["id"])
    return {"loan_id": loan["id"], "found_on": found_on.isoformat()}


async def renew(loan_id: int, due_on: date, actor: CurrentUser) -> LoanRow:
    """Move the due date later; reminders not yet sent are replaced by the new date's schedule."""
    at = now()
    on = schedule.local_today(at, get_settings().tz)
    check_due_on(due_on, on)
    async with db.transaction():
        loan = await _active_loan(loan_id)
        if due_on <= loan.due_on:
            raise InvalidInput(
                values={"due_on": loan.due_on},
                field="due_on",
                reason=Reason.NOT_AFTER_CURRENT_DUE_DATE,
            )
        await devices.set_loan_due_on(loan.device, due_on)
        history = [
            *loan.renewal_history,
            {
                "from": loan.due_on.isoformat(),
                "to": due_on.isoformat(),
                "at": at.isoformat(),
                "by": actor.username,
            },
        ]
        renewed = (
            await Loan.update(
                {
                    Loan.due_on: due_on,
                    Loan.renewals: Loan.renewals + 1,
                    Loan.renewal_history: history,
                    Loan.updated_at: at,
                }
            )
            .where((Loan.id == loan_id) & (Loan.status == LoanStatus.ACTIVE))
            .returning(Loan.id)
        )
        if not renewed:
            raise Conflict(
                N_("loan %(loan_id)s was closed by someone else meanwhile"), values={"loan_id": loan_id}
            )
        await _cancel_pending(loan_id, at)
        await _resolve_worklist(loan_id, at, "renewed", actor)
        await write_event(
            loan_id,
            LoanEventAction.RENEW,
            actor,
            at,
            {"from": loan.due_on.isoformat(), "to": due_on.isoformat()},
        )
        beneficiary = await get_beneficiary(loan.beneficiary)
        await _schedule(loan_id, due_on, beneficiary, loan.social_worker, on, at)
    return await get_loan(loan_id)


# Reminders ----------------------------------------------------------------------------------------


def _planned_channel(recipient: Recipient, beneficiary: BeneficiaryRow) -> Channel:
    settings = get_settings()
    return schedule.choose_channel(
        recipient,
        email=beneficiary.email,
        phone=beneficiary.phone,
        smtp_configured=bool(settings.smtp_url),
        sms_configured=bool(settings.sms_gateway_url),
    )


async def _schedule(
    loan_id: int,
    due_on: date,
    beneficiary: BeneficiaryRow,
    social_worker_id: int,
    on: date,
    at: datetime,
) -> None:
    settings = get_settings()
    worker = await User.select(User.language).where(User.id == social_worker_id).first()
    languages = {
        Recipient.BENEFICIARY: beneficiary.language,
        Recipient.SOCIAL_WORKER: worker["language"] if worker else Language.FR,
    }
    rows = [
        Reminder(
            loan=loan_id,
            kind=planned.kind,
            offset_days=planned.offset_days,
            recipient=planned.recipient,
            channel=_planned_channel(planned.recipient, beneficiary),
            language=languages[planned.recipient],
            due_at=planned.due_at,
            status=ReminderStatus.SCHEDULED,
            next_attempt_at=planned.due_at,
            created_at=at,
        )
        for planned in schedule.plan(due_on, settings.reminders, settings.tz, today=on)
    ]
    if rows:
        await Reminder.insert(*rows)


async def _cancel_pending(loan_id: int, at: datetime) -> None:
    """Reminders not yet claimed are cancelled; one a sweep is sending right now goes out."""
    await Reminder.update(
        {Reminder.status: ReminderStatus.CANCELLED, Reminder.cancelled_at: at, Reminder.next_attempt_at: None}
    ).where(
        (Reminder.loan == loan_id) & Reminder.status.is_in([ReminderStatus.SCHEDULED, ReminderStatus.FAILED])
    )


async def _replan_channels(beneficiary: BeneficiaryRow) -> None:
    loan_ids = [
        row["id"]
        for row in await Loan.select(Loan.id).where(
            (Loan.beneficiary == beneficiary.id) & (Loan.status == LoanStatus.ACTIVE)
        )
    ]
    if not loan_ids:
        return
    await Reminder.update(
        {
            Reminder.channel: _planned_channel(Recipient.BENEFICIARY, beneficiary),
            Reminder.language: beneficiary.language,
        }
    ).where(
        Reminder.loan.is_in(loan_ids)
        & (Reminder.recipient == Recipient.BENEFICIARY)
        & Reminder.status.is_in([ReminderStatus.SCHEDULED, ReminderStatus.FAILED])
    )


def reminder_out(row: ReminderRow) -> ReminderOut:
    return ReminderOut(
        id=row.id,
        kind=row.kind,
        offset_days=row.offset_days,
        recipient=row.recipient,
        channel=row.channel,
        language=row.language,
        due_at=row.due_at,
        status=row.status,
        sent_at=row.sent_at,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        skip_reason=row.skip_reason,
        superseded_by=row.superseded_by,
    )


async def reminders_of(loan_id: int) -> list[ReminderRow]:
    if not await Loan.exists().where(Loan.id == loan_id):
        raise NotFound(N_("no loan %(loan_id)s"), values={"loan_id": loan_id})
    rows = (
        await Reminder.select(*REMINDER_COLUMNS)
        .where(Reminder.loan == loan_id)
        .order_by(Reminder.due_at, Reminder.id)
    )
    return [typed(row, ReminderRow) for row in rows]


# Worklist -----------------------------------------------------------------------------------------


def _in_scope(actor: CurrentUser) -> Combinable:
    """Social workers see the entries of their own loans; admins see everyone's."""
    open_entry = WorklistEntry.done_at.is_null()
    if actor.role == Role.ADMIN:
        return open_entry
    return open_entry & (WorklistEntry.social_worker == actor.id)


async def worklist(actor: CurrentUser, *, limit: int = 50, cursor: str | None = None) -> dict[str, Any]:
    """What the caller must act on: open entries, oldest first."""
    check_limit(limit)
    after = decode_cursor(cursor)
    query = WorklistEntry.select(*WORKLIST_COLUMNS).where(_in_scope(actor))
    if after is not None:
        query = query.where(WorklistEntry.id > after)
    rows = await query.order_by(WorklistEntry.id).output(load_json=True).limit(limit + 1)
    on = today()
    # Plain dicts with exactly the contract's fields: the API encodes them, the web desk reads them.
    items = [
        msgspec.structs.asdict(worklist_item(typed(row, WorklistRow), on, actor.language))
        for row in rows[:limit]
    ]
    return page(rows, limit, items)


def worklist_item(row: WorklistRow, on: date, locale: str) -> WorklistItem:
    waiting = row.reservation_id is not None
    missing = [] if waiting else list(row.accessories_missing or [])
    message = worklist_message(
        row.action,
        row.channel,
        row.offset_days or 0,
        locale,
        accessories_missing=missing,
        category=row.reservation_category or "",
        site=row.offered_site_name or "",
    )
    # Who it is about: the loan's beneficiary, or the person waiting.
    beneficiary_id = row.waiting_id if waiting else row.beneficiary_id
    reference = row.waiting_reference if waiting else row.beneficiary_reference
    name = row.waiting_name if waiting else row.beneficiary_name
    if beneficiary_id is None or reference is None or name is None:
        raise RuntimeError(f"worklist entry {row.id} names neither a loan nor a reservation")
    return WorklistItem(
        id=row.id,
        action=row.action,
        message=message,
        kind=ReminderKind(row.kind) if row.kind else None,
        channel=row.channel,
        loan_id=row.loan_id,
        asset_tag=(row.offered_asset_tag if waiting else row.asset_tag) or "",
        due_on=row.due_on,
        days_overdue=0 if row.due_on is None else days_overdue(row.due_on, on),
        beneficiary_id=beneficiary_id,
        beneficiary_reference=reference,
        beneficiary_name=name,
        beneficiary_phone=row.waiting_phone if waiting else row.beneficiary_phone,
        social_worker=row.social_worker_name,
        created_at=row.created_at,
        reservation_id=row.reservation_id,
        device_category=row.offered_category if waiting else row.device_category,
        device_make=row.offered_make if waiting else row.device_make,
        device_model=row.offered_model if waiting else row.device_model,
        site_name=row.offered_site_name if waiting else row.site_name,
        accessories_missing=missing,
    )


async def complete_worklist(ids: Sequence[int], actor: CurrentUser) -> int:
    """Tick entries off; an id outside the caller's worklist is 404 and nothing is ticked."""
    wanted = sorted(set(ids))
    async with db.transaction():
        scope: Combinable = WorklistEntry.id.is_in(wanted)
        if actor.role != Role.ADMIN:
            scope = scope & (WorklistEntry.social_worker == actor.id)
        found = {row["id"] for row in await WorklistEntry.select(WorklistEntry.id).where(scope)}
        missing = [entry for entry in wanted if entry not in found]
        if missing:
            raise NotFound(
                N_("no worklist entries %(entries)s"), values={"entries": ", ".join(map(str, missing))}
            )
        done = (
            await WorklistEntry.update(
                {
                    WorklistEntry.done_at: now(),
                    WorklistEntry.done_by: actor.username,
                    WorklistEntry.resolution: "done",
                }
            )
            .where(scope & WorklistEntry.done_at.is_null())
            .returning(WorklistEntry.id)
        )
    return len(done)


async def _resolve_worklist(loan_id: int, at: datetime, resolution: str, actor: CurrentUser) -> None:
    """The loan's outcome settles whatever its reminders asked of the social worker."""
    await WorklistEntry.update(
        {
            WorklistEntry.done_at: at,
            WorklistEntry.done_by: actor.username,
            WorklistEntry.resolution: resolution,
        }
    ).where((WorklistEntry.loan == loan_id) & WorklistEntry.done_at.is_null())


# Documents ----------------------------------------------------------------------------------------


async def agreement_view(loan_id: int) -> AgreementView:
    """Everything the loan agreement prints."""
    loan = await get_loan(loan_id)
    beneficiary = await get_beneficiary(loan.beneficiary)
    device = await devices.get_device_by_id(loan.device)
    site = None
    if loan.site is not None:
        row = await Site.select(Site.code, Site.name, Site.address).where(Site.id == loan.site).first()
        site = None if row is None else typed(row, SiteAddress)
    signed = await Loan.select(Loan.signature_png).where(Loan.id == loan_id).first()
    return AgreementView(
        loan=loan,
        beneficiary=beneficiary,
        device=device,
        site=site,
        signature_png=signed["signature_png"] if signed else None,
    )


async def return_receipt_view(loan_id: int) -> AgreementView:
    """What the return receipt prints: the loan as it was returned and, once the device was
    wiped after that return, when."""
    view = await agreement_view(loan_id)
    loan = view.loan
    if loan.status != LoanStatus.RETURNED:
        raise Conflict(
            N_("loan %(loan_id)s is %(status)s: a return receipt exists only once it is returned"),
            reason="not_returned",
            values={"loan_id": loan_id, "status": loan.status},
        )
    device = view.device
    returned_at = None
    certificate = None
    for event in await devices.events(device.asset_tag):
        details = event.details
        if event.action == Action.RETURN and details.get("loan_id") == loan_id:
            returned_at = event.at
        elif returned_at is not None and devices.starts_custody_period(event):
            break  # a later custody period: its wipes are not this return's
        elif returned_at is not None and event.action == Action.WIPE and details.get("certificate_number"):
            certificate = details["certificate_number"]
            break
    wiped_at = None
    if certificate is not None:
        _, wipes = await devices.wipe_certificates(device.asset_tag)
        wiped_at = next((w.wiped_at for w in wipes if w.certificate_number == certificate), None)
    return msgspec.structs.replace(view, wiped_at=wiped_at)


async def return_receipt_pdf(loan_id: int) -> bytes:
    """The receipt of a returned loan, rendered off the event loop (the API's and the desk's)."""
    settings = get_settings()
    return await offload.run(
        offload.Work.DOCUMENT,
        render_return_receipt,
        await return_receipt_view(loan_id),
        organisation=settings.org_name,
        timezone=settings.timezone,
        printed_on=today(),
    )


# Retention ----------------------------------------------------------------------------------------


async def anonymise_expired(at: datetime | None = None) -> int:
    """Blank the personal fields of beneficiaries whose last loan closed over the retention period ago.

    A beneficiary with no loan at all counts from their registration. Loans, reminders and device
    history stay (without the loans' free-text notes, which may name people); the reference stays.
    """
    settings = get_settings()
    at = at or now()
    cutoff_day = schedule.add_months(schedule.local_today(at, settings.tz), -settings.retention_months)
    cutoff_moment = schedule.send_moment(cutoff_day, 0, settings.tz)
    rows = await Beneficiary.raw(
        """
        SELECT b.id FROM beneficiary b
        WHERE b.anonymised_at IS NULL
          AND b.created_at < {}
          AND NOT EXISTS (
              SELECT 1 FROM loan l
              WHERE l.beneficiary = b.id AND (l.status = 'active' OR l.closed_on >= {})
          )
        ORDER BY b.id
        """,
        cutoff_moment,
        cutoff_day,
    )
    ids = [row["id"] for row in rows]
    for start in range(0, len(ids), 500):
        await _anonymise(ids[start : start + 500], at)
    return len(ids)


async def _anonymise(ids: list[int], at: datetime) -> None:
    async with db.transaction():
        await Beneficiary.update(
            {
                Beneficiary.full_name: ANONYMISED_NAME,
                Beneficiary.search_key: "",
                Beneficiary.phone: None,
                Beneficiary.email: None,
                Beneficiary.postal_address: None,
                Beneficiary.anonymised_at: at,
                Beneficiary.updated_at: at,
            }
        ).where(Beneficiary.id.is_in(ids) & Beneficiary.anonymised_at.is_null())
        loan_ids = [row["id"] for row in await Loan.select(Loan.id).where(Loan.beneficiary.is_in(ids))]
        # Their places on waiting lists go, with the worklist entries and matches that named them.
        reservation_ids = [
            row["id"]
            for row in await Reservation.select(Reservation.id).where(Reservation.beneficiary.is_in(ids))
        ]
        if reservation_ids:
            await WorklistEntry.delete().where(WorklistEntry.reservation.is_in(reservation_ids))
            await Reminder.delete().where(Reminder.reservation.is_in(reservation_ids))
            await Reservation.delete().where(Reservation.id.is_in(reservation_ids))
        if loan_ids:
            await Loan.update({Loan.notes: "", Loan.closing_notes: "", Loan.signature_png: None}).where(
                Loan.id.is_in(loan_ids)
            )
            # The loans' history may quote notes.
            await LoanEvent.update({LoanEvent.data: {}}).where(
                LoanEvent.loan.is_in(loan_ids) & (LoanEvent.action == LoanEventAction.EDIT)
            )
            # An SMTP error can quote the address it refused.
            await Reminder.update({Reminder.last_error: ""}).where(Reminder.loan.is_in(loan_ids))
