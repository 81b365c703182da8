"""Stock-taking: open a count at a site, scan what is on the shelves, close it and read what
is missing, misplaced, or should not be on a shelf at all."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import msgspec

from inventory import db
from inventory.accounts.service import CurrentUser
from inventory.devices import service as devices
from inventory.devices.rows import COUNT_COLUMNS, CountRow, DeviceRow, count_row
from inventory.devices.stock_schemas import (
    CountDevice,
    CountList,
    CountOut,
    CountResult,
    ScanList,
    ScanOut,
    ScanOutcome,
)
from inventory.devices.stock_tables import StockCount, StockScan
from inventory.devices.stock_vocabulary import CountStatus, Finding, Reason, ScanStatus
from inventory.devices.vocabulary import Stage
from inventory.errors import N_, Conflict, InvalidInput, NotFound
from inventory.http.pagination import check_limit, decode_cursor, keyset_page, page
from inventory.i18n import gettext
from inventory.offload import Work
from inventory.offload import run as offload
from inventory.sites import service as sites

# Stages in which a device sits on one of the programme's shelves. The others say it is
# elsewhere: with a beneficiary (on_loan), at a school (allocated), lost, or gone (retired).
SHELF_STAGES = frozenset(
    {
        Stage.RECEIVED,
        Stage.WIPED,
        Stage.REFURBISHED,
        Stage.AVAILABLE,
        Stage.RETURNED,
        Stage.RESERVED,
        Stage.IN_REPAIR,
    }
)


def now() -> datetime:
    return datetime.now(UTC)


# Pure rules


def finding(device: DeviceRow, site_id: int) -> Finding:
    """Where a device scanned at `site_id` stands against the register."""
    if device.stage not in SHELF_STAGES:
        return Finding.OFF_SHELF
    if device.site != site_id:
        return Finding.MISPLACED
    return Finding.FOUND


def count_device(row: DeviceRow) -> CountDevice:
    return CountDevice(
        asset_tag=row.asset_tag,
        category=row.category,
        make=row.make,
        model=row.model,
        serial_number=row.serial_number,
        stage=row.stage,
        site=row.site_code,
        transfer_to=row.transfer_to_code,
    )


def reconcile(
    site_id: int,
    expected: Iterable[DeviceRow],
    scanned: Iterable[DeviceRow],
) -> dict[Finding | str, list[CountDevice]]:
    """Sort the count: expected devices not scanned are missing; scanned ones are found,
    misplaced or off the shelf. Each list is in asset tag order."""
    scanned = list(scanned)
    scanned_ids = {row.id for row in scanned}
    lists: dict[Finding | str, list[CountDevice]] = {"missing": [], **{f: [] for f in Finding}}
    for row in expected:
        if row.id not in scanned_ids:
            lists["missing"].append(count_device(row))
    for row in scanned:
        lists[finding(row, site_id)].append(count_device(row))
    for items in lists.values():
        items.sort(key=lambda item: item.asset_tag)
    return lists


# Use cases


def count_out(row: CountRow, scanned: int = 0, unknown: int = 0) -> CountOut:
    return CountOut(
        id=row.id,
        site=row.site_code,
        site_name=row.site_name,
        status=row.status,
        notes=row.notes,
        opened_at=row.opened_at,
        opened_by=row.opened_by,
        closed_at=row.closed_at,
        closed_by=row.closed_by,
        scanned=scanned,
        unknown=unknown,
    )


async def get_count(count_id: int) -> CountRow:
    row = (
        await StockCount.select(*COUNT_COLUMNS)
        .where(StockCount.id == count_id)
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFound(N_("no stock count %(count_id)s"), values={"count_id": count_id})
    return count_row(row)


async def _tallies(count_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(devices scanned, unknown codes) per count."""
    if not count_ids:
        return {}
    placeholders = ", ".join(["{}"] * len(count_ids))
    # Only placeholders are interpolated; the ids are bound values.
    rows = await StockScan.raw(
        f"""SELECT stock_count, COUNT(device) AS devices, COUNT(*) - COUNT(device) AS unknown
        FROM stock_scan WHERE stock_count IN ({placeholders}) GROUP BY stock_count""",  # noqa: S608
        *count_ids,
    )
    return {row["stock_count"]: (row["devices"], row["unknown"]) for row in rows}


async def count_summary(count_id: int) -> CountOut:
    row = await get_count(count_id)
    scanned, unknown = (await _tallies([count_id])).get(count_id, (0, 0))
    return count_out(row, scanned, unknown)


async def list_counts(
    *,
    site: str | None = None,
    status: CountStatus | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> CountList:
    """Counts, newest first."""
    check_limit(limit)
    before = decode_cursor(cursor)
    query = StockCount.select(*COUNT_COLUMNS).output(load_json=True)
    if before is not None:
        query = query.where(StockCount.id < before)
    if site:
        query = query.where(StockCount.site == await sites.site_id(site))
    if status:
        query = query.where(StockCount.status == status)
    rows = await query.order_by(StockCount.id, ascending=False).limit(limit + 1)
    counts = [count_row(row) for row in rows]
    tallies = await _tallies([count.id for count in counts[:limit]])
    result = page(rows, limit, [count_out(count, *tallies.get(count.id, (0, 0))) for count in counts])
    return CountList(items=result["items"], next_cursor=result["next_cursor"])


async def open_count(site: str, actor: CurrentUser, notes: str = "") -> CountOut:
    """Open a count at a site. A site has one open count at a time: a second technician
    scans into the one already open (its id is in the 409)."""
    try:
        async with db.transaction():
            site_id = await sites.site_id(site)
            await _refuse_second_open_count(site_id)
            rows = await StockCount.insert(
                StockCount(
                    site=site_id,
                    status=CountStatus.OPEN,
                    notes=notes.strip(),
                    opened_at=now(),
                    opened_by=actor.username,
                    opened_by_id=actor.id,
                    result={},
                )
            ).returning(StockCount.id)
    except Exception as error:
        if db.is_unique_violation(error):  # a racing open committed first
            await _refuse_second_open_count(await sites.site_id(site))
        raise
    return await count_summary(rows[0]["id"])


async def _refuse_second_open_count(site_id: int) -> None:
    existing = (
        await StockCount.select(StockCount.id)
        .where((StockCount.site == site_id) & (StockCount.status == CountStatus.OPEN))
        .first()
    )
    if existing:
        raise _AlreadyOpen(existing["id"])


class _AlreadyOpen(Conflict):
    def __init__(self, count_id: int) -> None:
        super().__init__(
            N_("stock count %(count_id)s is already open at this site: scan into it"),
            values={"count_id": count_id},
        )
        self.count_id = count_id

    def extra(self) -> dict[str, object]:
        return {"count_id": self.count_id}


async def _hold_open(count_id: int) -> CountRow:
    """The count, if still open, locked against a concurrent close until this transaction ends.

    The no-op update takes the row lock on PostgreSQL (SQLite's write transaction already
    serialises): a scan and a close cannot interleave, so a closed count's frozen result
    holds every scan it accepted.
    """
    held = (
        await StockCount.update({StockCount.status: CountStatus.OPEN})
        .where((StockCount.id == count_id) & (StockCount.status == CountStatus.OPEN))
        .returning(StockCount.id)
    )
    count = await get_count(count_id)
    if not held:
        raise Conflict(N_("stock count %(count_id)s is closed"), values={"count_id": count_id})
    return count


async def record_scan(count_id: int, code: str, actor: CurrentUser, *, locale: str = "fr") -> ScanOutcome:
    """Count one scanned code. Scanning a device twice (by any of its codes) counts it once;
    an unknown code is kept for the result, never refused."""
    key = devices.normalise_code(code)
    if not key:
        raise InvalidInput(N_("code is empty"), field="code")
    shown = code.strip()
    try:
        async with db.transaction():
            count = await _hold_open(count_id)
            try:
                device = await devices.scan(code)
            except NotFound:
                return await _unknown(count_id, shown, key, actor, locale)
            except Conflict:
                message = gettext(
                    locale, "Several devices have the code %(code)s: scan the asset tag.", code=shown
                )
                return ScanOutcome(status=ScanStatus.AMBIGUOUS, code=shown, message=message)
            status = await _count_device(count_id, shown, key, device, actor)
    except Exception as error:
        if not db.is_unique_violation(error):
            raise
        # The same device (or unknown code) was scanned by another station at the same moment.
        count = await get_count(count_id)
        try:
            device = await devices.scan(code)
        except NotFound:
            return _unknown_outcome(shown, locale)
        status = ScanStatus.ALREADY_COUNTED
    where = finding(device, count.site)
    return ScanOutcome(
        status=status,
        code=shown,
        message=_scan_message(status, where, device, locale),
        device=count_device(device),
        finding=where,
    )


async def _unknown(count_id: int, shown: str, key: str, actor: CurrentUser, locale: str) -> ScanOutcome:
    seen = await StockScan.exists().where(
        (StockScan.stock_count == count_id) & (StockScan.code_key == key) & StockScan.device.is_null()
    )
    if not seen:
        await StockScan.insert(
            StockScan(
                stock_count=count_id,
                code=shown[:100],
                code_key=key[:100],
                device=None,
                asset_tag=None,
                scanned_at=now(),
                scanned_by=actor.username,
                scanned_by_id=actor.id,
            )
        )
    return _unknown_outcome(shown, locale)


def _unknown_outcome(shown: str, locale: str) -> ScanOutcome:
    message = gettext(locale, "No device has the code %(code)s: set it aside and register it.", code=shown)
    return ScanOutcome(status=ScanStatus.UNKNOWN, code=shown, message=message)


async def _count_device(
    count_id: int, shown: str, key: str, device: DeviceRow, actor: CurrentUser
) -> ScanStatus:
    seen = await StockScan.exists().where(
        (StockScan.stock_count == count_id) & (StockScan.device == device.id)
    )
    if seen:
        return ScanStatus.ALREADY_COUNTED
    await StockScan.insert(
        StockScan(
            stock_count=count_id,
            code=shown[:100],
            code_key=key[:100],
            device=device.id,
            asset_tag=device.asset_tag,
            scanned_at=now(),
            scanned_by=actor.username,
            scanned_by_id=actor.id,
        )
    )
    return ScanStatus.COUNTED


def _scan_message(status: ScanStatus, where: Finding, device: DeviceRow, locale: str) -> str:
    tag = device.asset_tag
    if where == Finding.OFF_SHELF:
        return gettext(
            locale,
            "%(tag)s should not be on a shelf: it is %(stage)s.",
            tag=tag,
            stage=Stage.label_of(device.stage, locale).lower(),
        )
    if where == Finding.MISPLACED:
        return gettext(
            locale,
            "%(tag)s is registered at %(site)s: transfer it here when the count is done.",
            tag=tag,
            site=device.site_name or "—",
        )
    if status == ScanStatus.ALREADY_COUNTED:
        return gettext(locale, "%(tag)s was already counted.", tag=tag)
    return gettext(locale, "%(tag)s counted.", tag=tag)


async def scans_of(count_id: int, *, limit: int, cursor: str | None) -> ScanList:
    """The count's scans in the order they were made, a page at a time."""
    await get_count(count_id)
    query = StockScan.select().where(StockScan.stock_count == count_id)
    result = await keyset_page(query, StockScan.id, limit, cursor)
    items = [
        ScanOut(
            id=row["id"],
            code=row["code"],
            asset_tag=row["asset_tag"],
            scanned_at=row["scanned_at"],
            scanned_by=row["scanned_by"],
        )
        for row in result["items"]
    ]
    return ScanList(items=items, next_cursor=result["next_cursor"])


async def _findings(count: CountRow) -> CountResult:
    site_id = count.site
    shelf = sorted(stage.value for stage in SHELF_STAGES)
    stages = ", ".join(["{}"] * len(shelf))
    expected = await devices.select_devices(
        f"device.site = {{}} AND device.transfer_to IS NULL AND device.stage IN ({stages})",
        site_id,
        *shelf,
    )
    scanned = await devices.select_devices(
        "device.id IN (SELECT device FROM stock_scan WHERE stock_count = {} AND device IS NOT NULL)",
        count.id,
    )
    unknown = (
        await StockScan.select(StockScan.code)
        .where((StockScan.stock_count == count.id) & StockScan.device.is_null())
        .order_by(StockScan.id)
    )
    lists = await offload(Work.REPORT, reconcile, site_id, expected, scanned)
    return CountResult(
        count_id=count.id,
        site=count.site_code,
        status=count.status,
        opened_at=count.opened_at,
        opened_by=count.opened_by,
        closed_at=count.closed_at,
        closed_by=count.closed_by,
        expected=len(expected),
        scanned=len(scanned),
        found=len(lists[Finding.FOUND]),
        missing=lists["missing"],
        misplaced=lists[Finding.MISPLACED],
        off_shelf=lists[Finding.OFF_SHELF],
        unknown_codes=[row["code"] for row in unknown],
    )


async def count_result(count_id: int) -> CountResult:
    """What the count found: computed now while it is open, as frozen at closing once closed."""
    count = await get_count(count_id)
    if count.status == CountStatus.CLOSED and count.result:
        return msgspec.convert(count.result, CountResult)
    return await _findings(count)


async def close_count(count_id: int, actor: CurrentUser) -> CountResult:
    """Close the count and freeze what it found; scans are refused from now on."""
    async with db.transaction():
        closed_at = now()
        closed = (
            await StockCount.update(
                {
                    StockCount.status: CountStatus.CLOSED,
                    StockCount.closed_at: closed_at,
                    StockCount.closed_by: actor.username,
                }
            )
            .where((StockCount.id == count_id) & (StockCount.status == CountStatus.OPEN))
            .returning(StockCount.id)
        )
        count = await get_count(count_id)
        if not closed:
            raise Conflict(N_("stock count %(count_id)s is already closed"), values={"count_id": count_id})
        result = await _findings(count)
        await StockCount.update({StockCount.result: msgspec.to_builtins(result)}).where(
            StockCount.id == count_id
        )
    return result


async def move_here(count_id: int, asset_tag: str, actor: CurrentUser) -> list[devices.Transition]:
    """The one-click fix for a misplaced device: register it at the count's site.

    The scan during the count is the arrival scan, so the transfer and its receipt are
    recorded together (two events) rather than leaving the device in transit.
    """
    async with db.transaction():
        count = await get_count(count_id)
        device = await devices.get_device(asset_tag)
        scanned = await StockScan.exists().where(
            (StockScan.stock_count == count_id) & (StockScan.device == device.id)
        )
        if not scanned:
            raise InvalidInput(
                N_("%(asset_tag)s was not scanned in stock count %(count_id)s"),
                values={"asset_tag": device.asset_tag, "count_id": count_id},
                field="asset_tag",
            )
        if device.transfer_to == count.site:
            return [await devices.receive_transfer(device.asset_tag, actor, _count_note(count_id))]
        if device.site == count.site:
            raise Conflict(
                values={"asset_tag": device.asset_tag, "site": count.site_name},
                reason=Reason.ALREADY_HERE,
            )
        sent = await devices.transfer(device.asset_tag, count.site_code, actor)
        received = await devices.receive_transfer(device.asset_tag, actor, _count_note(count_id))
    return [sent, received]


def _count_note(count_id: int) -> str:
    return f"found during stock count {count_id}"
