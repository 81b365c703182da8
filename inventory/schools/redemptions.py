"""Use cases of redemptions: request units, reserve by scan, hand over, cancel, register purchases,
and a school's own devices."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from inventory import db
from inventory.accounts import service as accounts
from inventory.accounts.service import CurrentUser
from inventory.devices import service as devices
from inventory.devices.rows import DeviceRow
from inventory.devices.schemas import DeviceIntake
from inventory.devices.tables import Counter, Device
from inventory.devices.vocabulary import Action, Funding, Stage
from inventory.errors import N_, Conflict, InvalidInput, Nn_, NotFound
from inventory.http.pagination import check_limit, decode_cursor, page
from inventory.rows import typed
from inventory.schools import codes
from inventory.schools.rows import (
    REDEMPTION_COLUMNS,
    REDEMPTION_LINE_COLUMNS,
    DeliveryNote,
    RedemptionLineRow,
    RedemptionRow,
    VoucherRow,
)
from inventory.schools.schemas import (
    EquipmentRegistration,
    RedemptionDeviceOut,
    RedemptionOut,
    RedemptionRequest,
)
from inventory.schools.service import (
    check_version,
    get_school,
    get_voucher,
    give_back_units,
    now,
    refuse_changed,
    refuse_units,
    scoped,
    take_units,
    voucher_by_id,
    write_voucher_events,
)
from inventory.schools.tables import Redemption, RedemptionDevice, Voucher
from inventory.schools.vocabulary import (
    Reason,
    RedemptionKind,
    RedemptionStatus,
    ReturnReason,
    VoucherEventAction,
    VoucherStatus,
)
from inventory.settings import get_settings


def redemption_out(row: RedemptionRow) -> RedemptionOut:
    return RedemptionOut(
        id=row.id,
        voucher_code=codes.display(row.voucher_code),
        school_id=row.school,
        school_name=row.school_name,
        kind=row.kind,
        status=row.status,
        quantity=row.quantity,
        reserved=row.reserved,
        category=row.category,
        reference=row.reference,
        notes=row.notes,
        requested_at=row.requested_at,
        requested_by=row.requested_by,
        handed_over_at=row.handed_over_at,
        handed_over_by=row.handed_over_by,
        delivery_note_number=row.delivery_note_number,
        cancelled_at=row.cancelled_at,
        cancelled_by=row.cancelled_by,
        cancel_reason=row.cancel_reason,
        devices=[line_out(line) for line in row.devices],
    )


def line_out(row: RedemptionLineRow) -> RedemptionDeviceOut:
    return RedemptionDeviceOut(
        asset_tag=row.asset_tag,
        category=row.category,
        make=row.make,
        model=row.model,
        serial_number=row.serial_number,
        stage=row.stage,
        reserved_at=row.reserved_at,
        reserved_by=row.reserved_by,
        released_at=row.released_at,
        site_name=row.site_name,
    )


async def _with_devices(rows: list[dict[str, Any]]) -> list[RedemptionRow]:
    """Each redemption with its device lines (one query for the whole page)."""
    if not rows:
        return []
    lines = (
        await RedemptionDevice.select(*REDEMPTION_LINE_COLUMNS)
        .where(RedemptionDevice.redemption.is_in([row["id"] for row in rows]))
        .order_by(RedemptionDevice.id)
    )
    by_redemption: dict[int, list[RedemptionLineRow]] = {row["id"]: [] for row in rows}
    for line in lines:
        by_redemption[line["redemption"]].append(typed(line, RedemptionLineRow))
    return [typed(row, RedemptionRow, devices=tuple(by_redemption[row["id"]])) for row in rows]


async def get_redemption(redemption_id: int, viewer: CurrentUser) -> RedemptionRow:
    """A redemption with its devices; another school's is a 404."""
    query = Redemption.select(*REDEMPTION_COLUMNS).where(Redemption.id == redemption_id)
    row = await scoped(query, viewer, Redemption.school).first()
    if row is None:
        raise NotFound(
            reason=Reason.NO_REDEMPTION,
            values={"redemption_id": redemption_id},
        )
    [redemption] = await _with_devices([row])
    return redemption


async def list_redemptions(
    viewer: CurrentUser,
    *,
    status: RedemptionStatus | None = None,
    kind: RedemptionKind | None = None,
    voucher: str | None = None,
    school_id: int | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> dict[str, Any]:
    check_limit(limit)
    after = decode_cursor(cursor)
    query = scoped(Redemption.select(*REDEMPTION_COLUMNS), viewer, Redemption.school)
    if after is not None:
        query = query.where(Redemption.id > after)
    if status:
        query = query.where(Redemption.status == status)
    if kind:
        query = query.where(Redemption.kind == kind)
    if voucher:
        query = query.where(Redemption.voucher.code == codes.parse(voucher))
    if school_id is not None:
        query = query.where(Redemption.school == school_id)
    rows = await query.order_by(Redemption.id).limit(limit + 1)
    return page(rows, limit, [redemption_out(row) for row in await _with_devices(rows[:limit])])


async def request_redemption(code: str, request: RedemptionRequest, actor: CurrentUser) -> RedemptionRow:
    """A school asks for devices against its voucher; the units are taken at once."""
    async with db.transaction():
        voucher = await get_voucher(code, actor)
        if not await take_units(voucher.id, request.quantity):
            await refuse_units(voucher.id, request.quantity)
        at = now()
        rows = await Redemption.insert(
            Redemption(
                voucher=voucher.id,
                school=voucher.school,
                kind=RedemptionKind.WORKSHOP,
                status=RedemptionStatus.REQUESTED,
                quantity=request.quantity,
                reserved=0,
                reference=request.reference.strip(),
                notes=request.notes,
                requested_at=at,
                requested_by=actor.username,
                updated_at=at,
            )
        ).returning(Redemption.id)
        return await get_redemption(rows[0]["id"], actor)


def _device_details(redemption: RedemptionRow, **extra: object) -> dict[str, Any]:
    """What a device event records about the redemption that moved it."""
    return {
        "redemption_id": redemption.id,
        "voucher_code": codes.display(redemption.voucher_code),
        "school_id": redemption.school,
        **extra,
    }


def _require_open(redemption: RedemptionRow) -> None:
    if redemption.kind != RedemptionKind.WORKSHOP:
        raise Conflict(
            N_("redemption %(redemption_id)s registered the school's own purchase"),
            values={"redemption_id": redemption.id},
        )
    if redemption.status != RedemptionStatus.REQUESTED:
        raise Conflict(
            N_("redemption %(redemption_id)s is %(status)s"),
            values={"redemption_id": redemption.id, "status": redemption.status},
        )


async def reserve_device(redemption_id: int, scanned: str, actor: CurrentUser) -> RedemptionRow:
    """The workshop scans a device for a request: it must be available, of the voucher's
    category and programme stock; the request cannot get more devices than it asked for."""
    async with db.transaction():
        redemption = await get_redemption(redemption_id, actor)
        _require_open(redemption)
        device = await devices.scan(scanned)
        tag = device.asset_tag
        if redemption.category and device.category != redemption.category:
            raise Conflict(
                reason=Reason.WRONG_CATEGORY,
                values={
                    "asset_tag": tag,
                    "category": device.category,
                    "voucher_category": redemption.category,
                },
            )
        if device.school_id is not None:
            raise Conflict(
                reason=Reason.SCHOOL_OWNED,
                values={"asset_tag": tag},
            )
        slot = (
            await Redemption.update(
                {Redemption.reserved: Redemption.reserved + 1, Redemption.updated_at: now()}
            )
            .where(
                (Redemption.id == redemption_id)
                & (Redemption.status == RedemptionStatus.REQUESTED)
                & (Redemption.reserved < Redemption.quantity)
            )
            .returning(Redemption.reserved)
        )
        if not slot:
            current = await get_redemption(redemption_id, actor)
            _require_open(current)
            raise Conflict(
                reason=Reason.FULLY_RESERVED,
                values={"quantity": current.quantity, "redemption_id": redemption_id},
            )
        await devices.transition(tag, Action.RESERVE, actor, details=_device_details(redemption))
        await RedemptionDevice.insert(
            RedemptionDevice(
                redemption=redemption_id,
                device=device.id,
                asset_tag=tag,
                reserved_at=now(),
                reserved_by=actor.username,
            )
        )
        return await get_redemption(redemption_id, actor)


async def _release(line: RedemptionLineRow, redemption: RedemptionRow, actor: CurrentUser) -> None:
    """Give a reserved device back to the available stock (must run in a transaction)."""
    await RedemptionDevice.update(
        {RedemptionDevice.released_at: now(), RedemptionDevice.released_by: actor.username}
    ).where(RedemptionDevice.id == line.id)
    await devices.transition(line.asset_tag, Action.UNRESERVE, actor, details=_device_details(redemption))


def _live_lines(redemption: RedemptionRow) -> list[RedemptionLineRow]:
    return [line for line in redemption.devices if line.released_at is None]


async def unreserve_device(redemption_id: int, scanned: str, actor: CurrentUser) -> RedemptionRow:
    """Take one scanned device off a request (the wrong one was picked); it is available again."""
    async with db.transaction():
        redemption = await get_redemption(redemption_id, actor)
        _require_open(redemption)
        device = await devices.scan(scanned)
        lines = [line for line in _live_lines(redemption) if line.device == device.id]
        if not lines:
            raise Conflict(
                N_("device %(asset_tag)s is not reserved for redemption %(redemption_id)s"),
                values={"asset_tag": device.asset_tag, "redemption_id": redemption_id},
            )
        taken = (
            await Redemption.update(
                {Redemption.reserved: Redemption.reserved - 1, Redemption.updated_at: now()}
            )
            .where(
                (Redemption.id == redemption_id)
                & (Redemption.status == RedemptionStatus.REQUESTED)
                & (Redemption.reserved > 0)
            )
            .returning(Redemption.id)
        )
        if not taken:
            _require_open(await get_redemption(redemption_id, actor))
            raise Conflict(
                N_("redemption %(redemption_id)s changed meanwhile; scan the device again"),
                values={"redemption_id": redemption_id},
            )
        await _release(lines[0], redemption, actor)
        return await get_redemption(redemption_id, actor)


async def _next_delivery_note_number() -> str:
    rows = (
        await Counter.update({Counter.value: Counter.value + 1})
        .where(Counter.name == "delivery_note")
        .returning(Counter.value)
    )
    return f"{get_settings().asset_tag_prefix}-DN-{rows[0]['value']:06d}"


async def hand_over(redemption_id: int, actor: CurrentUser) -> RedemptionRow:
    """Every device asked for is reserved: they become `allocated` to the school together,
    and the redemption gets its delivery note number."""
    async with db.transaction():
        redemption = await get_redemption(redemption_id, actor)
        _require_open(redemption)
        number = await _next_delivery_note_number()
        at = now()
        done = (
            await Redemption.update(
                {
                    Redemption.status: RedemptionStatus.HANDED_OVER,
                    Redemption.handed_over_at: at,
                    Redemption.handed_over_by: actor.username,
                    Redemption.delivery_note_number: number,
                    Redemption.updated_at: at,
                }
            )
            .where(
                (Redemption.id == redemption_id)
                & (Redemption.status == RedemptionStatus.REQUESTED)
                & (Redemption.reserved == Redemption.quantity)
            )
            .returning(Redemption.id)
        )
        if not done:
            current = await get_redemption(redemption_id, actor)
            _require_open(current)
            missing = current.quantity - current.reserved
            raise Conflict(
                Nn_(
                    "Reserve %(missing)s more device before the hand-over "
                    "(reserved: %(reserved)s of %(quantity)s).",
                    "Reserve %(missing)s more devices before the hand-over "
                    "(reserved: %(reserved)s of %(quantity)s).",
                    "missing",
                ),
                values={"reserved": current.reserved, "quantity": current.quantity, "missing": missing},
            )
        details = _device_details(redemption, delivery_note_number=number)
        for line in _live_lines(redemption):
            await devices.transition(
                line.asset_tag,
                Action.HAND_OVER,
                actor,
                details=details,
                changes={Device.school_id: redemption.school},
            )
        return await get_redemption(redemption_id, actor)


async def cancel_redemption(redemption_id: int, reason: str, actor: CurrentUser) -> RedemptionRow:
    """Cancel a request not yet handed over: its reserved devices become available again and
    its units go back to the voucher."""
    async with db.transaction():
        redemption = await get_redemption(redemption_id, actor)
        cancelled = (
            await Redemption.update(
                {
                    Redemption.status: RedemptionStatus.CANCELLED,
                    Redemption.reserved: 0,
                    Redemption.cancelled_at: now(),
                    Redemption.cancelled_by: actor.username,
                    Redemption.cancel_reason: reason.strip(),
                    Redemption.updated_at: now(),
                }
            )
            .where((Redemption.id == redemption_id) & (Redemption.status == RedemptionStatus.REQUESTED))
            .returning(Redemption.id)
        )
        if not cancelled:
            raise Conflict(
                N_("redemption %(redemption_id)s is %(status)s: only a request can be cancelled"),
                values={"redemption_id": redemption_id, "status": redemption.status},
            )
        # Re-read under the row lock: a reservation that committed meanwhile is released too.
        redemption = await get_redemption(redemption_id, actor)
        for line in _live_lines(redemption):
            await _release(line, redemption, actor)
        await give_back_units(redemption.voucher, redemption.quantity)
        return await get_redemption(redemption_id, actor)


async def cancel_voucher(
    code: str, reason: str, actor: CurrentUser, *, version: int | None = None
) -> VoucherRow:
    """Cancel a voucher (it lives here because its open requests are cancelled with it, their
    devices unreserved); what was handed over or registered stays. The history keeps who, when
    and why. With `version` (If-Match), only if the voucher's history is still the one the
    client saw: of a cancellation and an extension racing from it, exactly one acts."""
    async with db.transaction():
        voucher = await get_voucher(code, actor)
        display = codes.display(voucher.code)
        if voucher.status == VoucherStatus.CANCELLED:
            raise Conflict(N_("voucher %(code)s is already cancelled"), values={"code": display})
        check_version(voucher, version)
        at = now()
        # Taking the row first makes racing requests wait, then find it cancelled.
        updated = (
            await Voucher.update(
                {
                    Voucher.status: VoucherStatus.CANCELLED,
                    Voucher.cancelled_at: at,
                    Voucher.cancelled_by: actor.username,
                    Voucher.cancel_reason: reason.strip(),
                    Voucher.version: voucher.version + 1,
                    Voucher.updated_at: at,
                }
            )
            .where(
                (Voucher.id == voucher.id)
                & (Voucher.status != VoucherStatus.CANCELLED)
                & (Voucher.version == voucher.version)
            )
            .returning(Voucher.id)
        )
        if not updated:
            await refuse_changed(voucher.id)
        open_requests = await Redemption.select(Redemption.id).where(
            (Redemption.voucher == voucher.id) & (Redemption.status == RedemptionStatus.REQUESTED)
        )
        if voucher.status == VoucherStatus.REDEEMED and not open_requests:
            raise Conflict(
                N_("voucher %(code)s is fully redeemed: there is nothing left to cancel"),
                values={"code": display},
            )
        for request in open_requests:
            await cancel_redemption(request["id"], f"voucher cancelled: {reason.strip()}", actor)
        details = {
            "reason": reason.strip(),
            "status": voucher.status,
            "redemptions_cancelled": [request["id"] for request in open_requests],
        }
        await write_voucher_events([voucher], VoucherEventAction.CANCEL, actor, at, lambda _: details)
        return await voucher_by_id(voucher.id)


async def register_equipment(
    code: str, registration: EquipmentRegistration, actor: CurrentUser
) -> tuple[devices.Transition, RedemptionRow]:
    """A device the school bought with its voucher: it takes one unit, like a request, and is
    registered as the school's own, funded by the voucher."""
    async with db.transaction():
        voucher = await get_voucher(code, actor)
        if voucher.category and registration.category != voucher.category:
            raise InvalidInput(
                N_("the voucher is for %(voucher_category)s devices, not %(category)s"),
                values={"voucher_category": voucher.category, "category": registration.category},
                field="category",
            )
        if not await take_units(voucher.id, 1):
            await refuse_units(voucher.id, 1)
        at = now()
        rows = await Redemption.insert(
            Redemption(
                voucher=voucher.id,
                school=voucher.school,
                kind=RedemptionKind.PURCHASE,
                status=RedemptionStatus.REGISTERED,
                quantity=1,
                reserved=0,
                reference=registration.invoice_ref.strip(),
                notes=registration.notes,
                requested_at=at,
                requested_by=actor.username,
                updated_at=at,
            )
        ).returning(Redemption.id)
        redemption_id = rows[0]["id"]
        registered = await devices.intake(
            DeviceIntake(
                category=registration.category,
                make=registration.make,
                model=registration.model,
                serial_number=registration.serial_number,
                donor=registration.supplier,
                site=registration.site,
                specs=registration.specs,
                funding=Funding.VOUCHER,
                voucher_code=codes.display(voucher.code),
                notes=registration.notes,
            ),
            actor,
            school_id=voucher.school,
            stage=Stage.ALLOCATED,
        )
        await RedemptionDevice.insert(
            RedemptionDevice(
                redemption=redemption_id,
                device=registered.device.id,
                asset_tag=registered.device.asset_tag,
                reserved_at=at,
                reserved_by=actor.username,
            )
        )
        return registered, await get_redemption(redemption_id, actor)


async def school_devices(
    school_id: int,
    viewer: CurrentUser,
    *,
    stage: Stage | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> dict[str, Any]:
    """The devices a school holds: allocated to it, or bought with its vouchers."""
    await get_school(school_id, viewer)
    return await devices.list_devices(school_id=school_id, stage=stage, limit=limit, cursor=cursor)


class CategoryBound(Conflict):
    """A correction would give a device another category than the voucher it is on allows."""

    def __init__(self, asset_tag: str, line: Mapping[str, Any]) -> None:
        code = codes.display(line["voucher_code"])
        super().__init__(
            reason=Reason.CATEGORY_BOUND,
            values={"asset_tag": asset_tag, "redemption_id": line["redemption_id"], "code": code},
        )
        # The form shows the refusal next to the category.
        self.fields = {"field": "category"}
        self.line = {
            "voucher_code": code,
            "redemption_id": line["redemption_id"],
            "voucher_category": line["voucher_category"],
        }

    def extra(self) -> dict[str, object]:
        return dict(self.line)


async def refuse_category_change(device: DeviceRow, values: Mapping[str, Any]) -> None:
    """Installed on device corrections (schools/hooks.py): a device reserved for, handed over
    by or registered through a redemption whose voucher is for one category keeps it."""
    category = values.get("category")
    if category is None:
        return
    voucher_category = RedemptionDevice.redemption._.voucher._.category
    line = (
        await RedemptionDevice.select(
            RedemptionDevice.redemption.as_alias("redemption_id"),
            RedemptionDevice.redemption._.voucher._.code.as_alias("voucher_code"),
            voucher_category.as_alias("voucher_category"),
        )
        .where(
            (RedemptionDevice.device == device.id)
            & RedemptionDevice.released_at.is_null()
            & voucher_category.is_not_null()
            & (voucher_category != category)
        )
        .first()
    )
    if line is not None:
        raise CategoryBound(device.asset_tag, line)


def may_give_back(stage: str) -> bool:
    """A school gives back only a device allocated to it (what return_device accepts)."""
    return stage == Stage.ALLOCATED


async def return_device(
    school_id: int, asset_tag: str, reason: ReturnReason, notes: str, actor: CurrentUser
) -> devices.Transition:
    """A school gives back an allocated device (broken, or no longer needed): it becomes
    `returned`, back in the programme's stock, and must be wiped before anyone else gets it."""
    async with db.transaction():
        await get_school(school_id, actor)
        try:
            device = await devices.get_device(asset_tag)
        except NotFound:
            device = None
        if device is None or device.school_id != school_id:
            raise NotFound(
                N_("no device with asset tag '%(asset_tag)s' at school %(school_id)s"),
                values={"asset_tag": asset_tag, "school_id": school_id},
            )
        if not may_give_back(device.stage):
            raise Conflict(
                N_(
                    "device %(asset_tag)s is %(stage)s: only a device allocated to the "
                    "school can be given back"
                ),
                values={"asset_tag": device.asset_tag, "stage": device.stage},
            )
        details = {"school_id": school_id, "reason": reason, "notes": notes}
        # Programme stock goes back to the programme; equipment the school bought with its
        # voucher stays the school's while the workshop looks after it.
        owned = device.funding == Funding.VOUCHER
        returned = await devices.transition(
            device.asset_tag,
            Action.RETURN,
            actor,
            details=details,
            changes={} if owned else {Device.school_id: None},
        )
        # The allocation ends: its line is released (the delivery note still lists it), so the
        # device, once wiped again, can be reserved for another request.
        await RedemptionDevice.update(
            {RedemptionDevice.released_at: now(), RedemptionDevice.released_by: actor.username}
        ).where((RedemptionDevice.device == device.id) & RedemptionDevice.released_at.is_null())
        return returned


async def delivery_note_parts(redemption_id: int, viewer: CurrentUser) -> DeliveryNote:
    """What the delivery note prints: the redemption, its school, its voucher, who handed over
    and the devices handed over. Only a hand-over has a delivery note."""
    redemption = await get_redemption(redemption_id, viewer)
    if redemption.status != RedemptionStatus.HANDED_OVER:
        raise Conflict(
            N_("redemption %(redemption_id)s is %(status)s: it has no delivery note yet"),
            values={"redemption_id": redemption_id, "status": redemption.status},
        )
    school = await get_school(redemption.school, viewer)
    voucher = await voucher_by_id(redemption.voucher)
    handed = [line for line in redemption.devices if delivered(line, redemption)]
    names = await accounts.full_names([redemption.handed_over_by])
    return DeliveryNote(redemption, school, voucher, names.get(redemption.handed_over_by, ""), handed)


def delivered(line: RedemptionLineRow, redemption: RedemptionRow) -> bool:
    """Whether a line went to the school: not released before the hand-over (a device the
    school gave back later was still delivered). DELIVERED_LINE_SQL says the same in SQL."""
    if line.released_at is None:
        return True
    handed_at = redemption.handed_over_at or redemption.requested_at
    return handed_at is not None and line.released_at >= handed_at


async def intake_from_devices_api(intake: DeviceIntake, actor: CurrentUser) -> devices.Transition:
    """POST /api/v1/devices by a school: the same as registering equipment on its voucher."""
    registration = EquipmentRegistration(
        category=intake.category,
        make=intake.make,
        model=intake.model,
        serial_number=intake.serial_number,
        supplier=intake.donor,
        site=intake.site,
        specs=intake.specs,
        notes=intake.notes,
    )
    transition, _ = await register_equipment(intake.voucher_code or "", registration, actor)
    return transition
