"""The coordinator's dashboard figures: devices by stage, site and month, loans, vouchers.

Read-only counting queries; the reports of the operations issue may take them over.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime

from piccolo.query.functions.aggregate import Count

from inventory.accounts.service import CurrentUser
from inventory.devices.tables import Device, Event
from inventory.devices.vocabulary import Action, Stage
from inventory.loans import service as loans
from inventory.loans.schemas import LoanOut
from inventory.schools import service as schools
from inventory.schools.vocabulary import VoucherStatus
from inventory.settings import get_settings

# The monthly series, by the event that marks each step of a device's way.
MONTHLY_ACTIONS = (Action.INTAKE, Action.WIPE, Action.LABEL, Action.LEND, Action.HAND_OVER)
MONTHS_SHOWN = 12
OVERDUE_SHOWN = 10


@dataclass(frozen=True)
class MonthlyCounts:
    months: list[date]
    series: dict[Action, list[int]]


async def devices_by_stage() -> dict[Stage, int]:
    rows = await Device.select(Device.stage, Count(Device.id, alias="count")).group_by(Device.stage)
    counts = {Stage(row["stage"]): row["count"] for row in rows}
    return {stage: counts.get(stage, 0) for stage in Stage}


async def devices_by_site() -> list[tuple[str, int]]:
    """(site name, devices there) for the sites holding devices; devices without a site last."""
    rows = await Device.select(
        Device.site.name.as_alias("site_name"), Count(Device.id, alias="count")
    ).group_by(Device.site.name)
    named = sorted(
        ((row["site_name"], row["count"]) for row in rows if row["site_name"]), key=lambda r: -r[1]
    )
    unplaced = sum(row["count"] for row in rows if not row["site_name"])
    return named + ([("", unplaced)] if unplaced else [])


def _month_starts(today: date, count: int) -> list[date]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


async def monthly_activity(today: date | None = None) -> MonthlyCounts:
    """Devices received, wiped (passed), labelled, lent and handed over, by local month."""
    tz = get_settings().tz
    today = today or datetime.now(tz).date()
    months = _month_starts(today, MONTHS_SHOWN)
    since = datetime(months[0].year, months[0].month, 1, tzinfo=tz).astimezone(UTC)
    rows = await Event.select(Event.action, Event.from_stage, Event.to_stage, Event.at).where(
        Event.action.is_in(list(MONTHLY_ACTIONS)) & (Event.at >= since)
    )
    counts: Counter[tuple[Action, date]] = Counter()
    for row in rows:
        # A failed wipe leaves the stage unchanged: it is not output.
        if row["action"] == Action.WIPE and row["from_stage"] == row["to_stage"]:
            continue
        local = row["at"].astimezone(tz)
        counts[(Action(row["action"]), date(local.year, local.month, 1))] += 1
    series = {action: [counts[(action, month)] for month in months] for action in MONTHLY_ACTIONS}
    return MonthlyCounts(months=months, series=series)


@dataclass(frozen=True)
class ProgrammeVouchers:
    programme: str
    vouchers: int
    devices: int
    requested: int
    remaining: int


async def vouchers_by_programme(viewer: CurrentUser) -> list[ProgrammeVouchers]:
    """Vouchers issued and devices asked for, by programme (cancelled vouchers left out)."""
    totals: dict[str, list[int]] = {}
    cursor = None
    while True:
        result = await schools.list_vouchers(viewer, limit=500, cursor=cursor)
        for voucher in result["items"]:
            if voucher.status == VoucherStatus.CANCELLED:
                continue
            row = totals.setdefault(voucher.programme_name, [0, 0, 0])
            row[0] += 1
            row[1] += voucher.quantity
            row[2] += voucher.remaining
        cursor = result["next_cursor"]
        if cursor is None:
            break
    return [
        ProgrammeVouchers(name, count, quantity, quantity - remaining, remaining)
        for name, (count, quantity, remaining) in sorted(totals.items())
    ]


@dataclass(frozen=True)
class OverdueLoans:
    count: int
    longest: list[tuple[LoanOut, int]]  # the loans longest overdue, with their days late


async def overdue_loans() -> OverdueLoans:
    """How many loans are overdue, and the ones longest overdue first."""
    count, longest = await loans.longest_overdue(OVERDUE_SHOWN)
    return OverdueLoans(count=count, longest=longest)
