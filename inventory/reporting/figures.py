"""The figures of every report: counts by stage, site, category, donor and month; loans;
vouchers by programme and school; wipes per donor; and a year of impact for funders.

The dashboard, the summary endpoint (GET /api/v1/reports/summary), the impact report and its
page read these functions and no other counting query, so their figures cannot disagree.

The rules, each written once here:

- A **flow** is an event that moved a device to another stage (`FLOWS`): a failed wipe leaves
  the stage unchanged and counts nowhere.
- **Received** (the impact report's "collected") counts *donated* devices entering the
  workshop: `intake` events reaching `received` of devices funded by a donation. Equipment a
  school bought with its voucher is registered straight as `allocated` (and any device funded
  by a voucher is a purchase, not a donation): it is counted under vouchers, as
  `devices_registered`, never as received.
- Months are local (settings.timezone). The monthly flows come from the tallies the devices
  service keeps with each event (devices.tallies), which hold exactly these keys; what needs
  a device's donor or category (the impact report's breakdowns) reads the events themselves.
- A **cancelled voucher** counts in `by_status` only: it grants no units and asks for nothing.
"""

from __future__ import annotations

from collections import Counter as Tallies
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import msgspec
from piccolo.query.functions.aggregate import Count

from inventory import db
from inventory.devices import search
from inventory.devices.search import DeviceFilter
from inventory.devices.tables import Device
from inventory.devices.vocabulary import Action, Category, Funding, Stage
from inventory.loans.tables import Loan
from inventory.loans.vocabulary import LoanStatus
from inventory.reporting.schemas import (
    DeviceFigures,
    DonorImpact,
    ImpactFigures,
    LoanFigures,
    MonthFlow,
    ProgrammeImpact,
    Summary,
    Tally,
    VoucherFigures,
    VoucherTally,
    WipeTally,
)
from inventory.schools.tables import DELIVERED_LINE_SQL
from inventory.schools.vocabulary import RedemptionKind, RedemptionStatus, VoucherStatus
from inventory.settings import get_settings


@dataclass(frozen=True)
class Flow:
    action: Action
    to_stage: Stage | None = None  # None: whatever stage the action reaches
    donations_only: bool = False


# The flows a month and a year count, in the order reports show them.
FLOWS: Mapping[str, Flow] = {
    "received": Flow(Action.INTAKE, Stage.RECEIVED, donations_only=True),
    "wiped": Flow(Action.WIPE, Stage.WIPED),
    "refurbished": Flow(Action.REFURBISH, Stage.REFURBISHED),
    "lent": Flow(Action.LEND),
    "returned": Flow(Action.RETURN),
    "allocated": Flow(Action.HAND_OVER),
    "retired": Flow(Action.RETIRE),
}
FLOW_ACTIONS = sorted({flow.action.value for flow in FLOWS.values()})
NO_DONOR = "—"


def flow_of(action: str, to_stage: str, *, moved: bool, funding: str) -> str | None:
    """The flow an event counts in, if any (the one rule of every report)."""
    if not moved:
        return None
    for name, flow in FLOWS.items():
        if action != flow.action or (flow.to_stage is not None and to_stage != flow.to_stage):
            continue
        if flow.donations_only and funding != Funding.DONATION:
            return None
        return name
    return None


def now() -> datetime:
    return datetime.now(UTC)


def month_start(year: int, month: int, tz: ZoneInfo) -> datetime:
    """The first instant of a local month, in UTC."""
    return datetime(year, month, 1, tzinfo=tz).astimezone(UTC)


def months_back(today: date, months: int) -> list[str]:
    """The last `months` months up to today's, oldest first, as YYYY-MM."""
    keys = []
    year, month = today.year, today.month
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return keys[::-1]


def local_month(hour: str, tz: ZoneInfo) -> str:
    """ "2026-11-30 23" (a UTC hour) -> "2026-12" in Brussels."""
    moment = datetime.strptime(hour[:13], "%Y-%m-%d %H").replace(tzinfo=UTC).astimezone(tz)
    return f"{moment.year:04d}-{moment.month:02d}"


class EventCount(msgspec.Struct, frozen=True):
    """How many events of one kind: a month's tally (devices.tallies) or, for the breakdowns
    the tallies do not hold, the events of one UTC hour of one device donor and category."""

    action: str
    to_stage: str
    moved: bool  # the event changed the stage (a failed wipe does not)
    funding: str
    n: int
    month: str = ""  # a tally's local month, YYYY-MM
    hour: str = ""  # the events' UTC hour, "YYYY-MM-DD HH"
    donor: str = ""
    category: str = ""

    @property
    def flow(self) -> str | None:
        return flow_of(self.action, self.to_stage, moved=self.moved, funding=self.funding)


def _event_counts(rows: list[dict[str, Any]]) -> list[EventCount]:
    # Lax: SQLite gives the `moved` flag as 0 or 1.
    return msgspec.convert(rows, list[EventCount], strict=False)


async def monthly_flows(months: list[str]) -> list[MonthFlow]:
    """The flows of each of these local months (YYYY-MM, in order), from the event tallies."""
    rows = await db.fetch(
        f"""SELECT month, action, to_stage, moved, funding, SUM(events) AS n FROM device_event_tally
        WHERE month >= {{}} AND month <= {{}} AND action IN ({", ".join(["{}"] * len(FLOW_ACTIONS))})
        GROUP BY month, action, to_stage, moved, funding""",  # noqa: S608
        months[0],
        months[-1],
        *FLOW_ACTIONS,
    )
    tallies: dict[str, Tallies[str]] = {month: Tallies() for month in months}
    for row in _event_counts(rows):
        flow = row.flow
        if flow and row.month in tallies:
            tallies[row.month][flow] += row.n
    return [MonthFlow(month=month, **{flow: tallies[month][flow] for flow in FLOWS}) for month in months]


def _hour_sql() -> str:
    if db.is_postgres(db.current_engine()):
        return "to_char(device_event.at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')"
    # SQLite keeps timestamps as ISO text in UTC: "2026-11-22 21:04:05.123456+00:00".
    return "substr(device_event.at, 1, 13)"


async def _event_hours(start: datetime, end: datetime) -> list[EventCount]:
    """Flow events per UTC hour, action, stage reached, donor, category and funding: for the
    breakdowns the tallies do not hold (a year's impact by donor and category)."""
    # Only SQL of this module is interpolated (the hour expression, placeholders); values are bound.
    rows = await Device.raw(
        f"""SELECT {_hour_sql()} AS hour, device_event.action AS action,
               device_event.to_stage AS to_stage,
               CASE WHEN device_event.from_stage IS NULL OR device_event.from_stage <> device_event.to_stage
                    THEN 1 ELSE 0 END AS moved,
               device.donor AS donor, device.category AS category, device.funding AS funding,
               COUNT(*) AS n
        FROM device_event JOIN device ON device.id = device_event.device
        WHERE device_event.at >= {{}} AND device_event.at < {{}}
          AND device_event.action IN ({", ".join(["{}"] * len(FLOW_ACTIONS))})
        GROUP BY 1, 2, 3, 4, 5, 6, 7""",  # noqa: S608
        start,
        end,
        *FLOW_ACTIONS,
    )
    return _event_counts(rows)


async def _grouped(sql: str, *values: Any) -> dict[Any, int]:
    return {row["key"]: row["n"] for row in await Device.raw(sql, *values)}


async def devices_by_stage(wanted: DeviceFilter | None = None) -> dict[Stage, int]:
    """Devices at each stage (every stage, zeros included), of a device list's filter or all."""
    # One grouped count over the filter (the list's stage links and its total): a filter on
    # one column reads that column's (value, stage) index alone; searched text is looked up in
    # the trigram index first (devices.search).
    if wanted and not wanted.is_empty() and not db.is_postgres(db.current_engine()):
        # SQLite would rather walk the stage index (rows in GROUP BY order) and fetch every
        # device by id to test the filter, ten times slower than the filter's own index. A
        # subquery with a LIMIT is never flattened into an aggregate, so its WHERE is planned
        # alone (through the most selective index, or one scan) and grouped after.
        matched = search.filtered(Device.select(Device.stage), wanted).querystrings[0]
        rows = await Device.raw("SELECT stage, COUNT(*) AS n FROM ({} LIMIT -1) GROUP BY stage", matched)
    else:
        query = Device.select(Device.stage, Count(Device.id, alias="n")).group_by(Device.stage)
        rows = await (search.filtered(query, wanted) if wanted else query)
    counts = {row["stage"]: row["n"] for row in rows}
    return {stage: counts.get(stage.value, 0) for stage in Stage}


async def devices_by_site() -> list[Tally]:
    """Devices at each site, most first; devices with no site last, keyed ""."""
    counts = await _grouped("SELECT site AS key, COUNT(*) AS n FROM device GROUP BY site")
    sites = {row["id"]: row for row in await Device.raw("SELECT id, code, name FROM site")}
    placed = sorted(
        (
            Tally(key=sites[key]["code"], label=sites[key]["name"], count=n)
            for key, n in counts.items()
            if key
        ),
        key=lambda tally: (-tally.count, tally.key),
    )
    return placed + ([Tally(key="", label=NO_DONOR, count=counts[None])] if counts.get(None) else [])


async def device_figures(months: int, today: date) -> DeviceFigures:
    by_stage = await devices_by_stage()
    by_category = await _grouped("SELECT category AS key, COUNT(*) AS n FROM device GROUP BY category")
    donors = await Device.raw(
        "SELECT donor, COUNT(*) AS n FROM device GROUP BY donor ORDER BY COUNT(*) DESC, donor"
    )
    return DeviceFigures(
        total=sum(by_stage.values()),
        by_stage={stage.value: count for stage, count in by_stage.items()},
        by_site=await devices_by_site(),
        by_category={category.value: by_category.get(category.value, 0) for category in Category},
        by_donor=[Tally(key=row["donor"], label=row["donor"] or NO_DONOR, count=row["n"]) for row in donors],
        by_month=await monthly_flows(months_back(today, months)),
    )


async def loan_figures(today: date) -> LoanFigures:
    by_status = await _grouped("SELECT status AS key, COUNT(*) AS n FROM loan GROUP BY status")
    overdue = await Loan.count().where((Loan.status == LoanStatus.ACTIVE) & (Loan.due_on < today))
    return LoanFigures(
        active=by_status.get(LoanStatus.ACTIVE.value, 0),
        overdue=overdue,
        returned=by_status.get(LoanStatus.RETURNED.value, 0),
        lost=by_status.get(LoanStatus.LOST.value, 0),
    )


async def _voucher_tallies(owner: str) -> list[VoucherTally]:
    """Vouchers and what they became, per programme or per school (`owner` is the column)."""
    if owner not in ("programme", "school"):
        raise ValueError(owner)
    table = owner  # the voucher column and the table it refers to share the name
    vouchers = await Device.raw(
        f"""SELECT {table}.id AS id, {table}.name AS name, COUNT(voucher.id) AS vouchers,
               COALESCE(SUM(voucher.quantity), 0) AS units,
               COALESCE(SUM(voucher.quantity - voucher.remaining), 0) AS requested
        FROM {table} JOIN voucher ON voucher.{owner} = {table}.id AND voucher.status <> {{}}
        GROUP BY {table}.id, {table}.name ORDER BY {table}.name, {table}.id""",  # noqa: S608
        VoucherStatus.CANCELLED.value,
    )
    lines = await Device.raw(
        f"""SELECT voucher.{owner} AS id, redemption.kind AS kind, COUNT(*) AS n
        FROM redemption_device
        JOIN redemption ON redemption.id = redemption_device.redemption
        JOIN voucher ON voucher.id = redemption.voucher
        WHERE {DELIVERED_LINE_SQL} AND redemption.status IN ({{}}, {{}})
        GROUP BY voucher.{owner}, redemption.kind""",  # noqa: S608
        RedemptionStatus.HANDED_OVER.value,
        RedemptionStatus.REGISTERED.value,
    )
    devices: dict[tuple[int, str], int] = {(row["id"], row["kind"]): row["n"] for row in lines}
    return [
        VoucherTally(
            id=row["id"],
            name=row["name"],
            vouchers=row["vouchers"],
            units=row["units"],
            units_requested=row["requested"],
            devices_handed_over=devices.get((row["id"], RedemptionKind.WORKSHOP.value), 0),
            devices_registered=devices.get((row["id"], RedemptionKind.PURCHASE.value), 0),
        )
        for row in vouchers
    ]


async def programme_vouchers() -> list[VoucherTally]:
    return await _voucher_tallies("programme")


async def voucher_figures() -> VoucherFigures:
    by_status = await _grouped("SELECT status AS key, COUNT(*) AS n FROM voucher GROUP BY status")
    units = await Device.raw("SELECT COALESCE(SUM(quantity), 0) AS n FROM voucher")
    return VoucherFigures(
        issued=sum(by_status.values()),
        units=units[0]["n"],
        by_status={status.value: by_status.get(status.value, 0) for status in VoucherStatus},
        by_programme=await _voucher_tallies("programme"),
        by_school=await _voucher_tallies("school"),
    )


async def wipe_figures() -> list[WipeTally]:
    rows = await Device.raw(
        """SELECT device.donor AS donor, COUNT(DISTINCT wipe_record.device) AS devices,
               COUNT(wipe_record.certificate_number) AS certificates
        FROM wipe_record JOIN device ON device.id = wipe_record.device
        WHERE wipe_record.result = 'passed'
        GROUP BY device.donor ORDER BY COUNT(DISTINCT wipe_record.device) DESC, device.donor"""
    )
    return [
        WipeTally(
            donor=row["donor"] or NO_DONOR, devices_wiped=row["devices"], certificates=row["certificates"]
        )
        for row in rows
    ]


async def summary(*, months: int = 12, at: datetime | None = None) -> Summary:
    """Every count of the summary report, as of `at` (now by default)."""
    at = at or now()
    tz = get_settings().tz
    today = at.astimezone(tz).date()
    return Summary(
        generated_at=at,
        devices=await device_figures(months, today),
        loans=await loan_figures(today),
        vouchers=await voucher_figures(),
        wipes_by_donor=await wipe_figures(),
    )


# The yearly impact report


async def impact_figures(year: int, *, at: datetime | None = None) -> ImpactFigures:
    """What a year achieved: devices collected, wiped with a certificate, refurbished, lent,
    returned and allocated to schools, per month, category, donor and programme."""
    tz = get_settings().tz
    start, end = month_start(year, 1, tz), month_start(year + 1, 1, tz)
    by_month = await monthly_flows([f"{year:04d}-{month:02d}" for month in range(1, 13)])
    totals: Tallies[str] = Tallies()
    for month in by_month:
        for name in FLOWS:
            totals[name] += getattr(month, name)
    by_category: Tallies[str] = Tallies()
    by_donor: dict[str, Tallies[str]] = defaultdict(Tallies)
    for row in await _event_hours(start, end):
        flow = row.flow
        if flow is None:
            continue
        by_donor[row.donor or NO_DONOR][flow] += row.n
        if flow == "received":
            by_category[row.category] += row.n
    wiped = await Device.raw(
        """SELECT COUNT(DISTINCT device) AS devices, COUNT(certificate_number) AS certificates
        FROM wipe_record WHERE result = 'passed' AND created_at >= {} AND created_at < {}""",
        start,
        end,
    )
    loans = await Device.raw(
        """SELECT COUNT(*) AS loans, COUNT(DISTINCT beneficiary) AS beneficiaries
        FROM loan WHERE starts_on >= {} AND starts_on <= {}""",
        date(year, 1, 1),
        date(year, 12, 31),
    )
    programmes = await _programme_impact(start, end)
    schools = await Device.raw(
        """SELECT COUNT(DISTINCT school) AS n FROM redemption
        WHERE (status = {} AND handed_over_at >= {} AND handed_over_at < {})
           OR (status = {} AND requested_at >= {} AND requested_at < {})""",
        RedemptionStatus.HANDED_OVER.value,
        start,
        end,
        RedemptionStatus.REGISTERED.value,
        start,
        end,
    )
    return ImpactFigures(
        year=year,
        collected=totals["received"],
        wiped=wiped[0]["devices"],
        certificates=wiped[0]["certificates"],
        refurbished=totals["refurbished"],
        lent=totals["lent"],
        returned=totals["returned"],
        allocated=totals["allocated"],
        retired=totals["retired"],
        loans_started=loans[0]["loans"],
        beneficiaries=loans[0]["beneficiaries"],
        schools=schools[0]["n"],
        by_month=by_month,
        by_category={category.value: by_category[category.value] for category in Category},
        by_donor=sorted(
            (
                DonorImpact(
                    donor=donor,
                    collected=flows["received"],
                    wiped=flows["wiped"],
                    refurbished=flows["refurbished"],
                    lent=flows["lent"],
                    allocated=flows["allocated"],
                )
                for donor, flows in by_donor.items()
            ),
            key=lambda item: (-item.collected, item.donor),
        ),
        by_programme=programmes,
        generated_on=(at or now()).astimezone(tz).date(),
    )


async def _programme_impact(start: datetime, end: datetime) -> list[ProgrammeImpact]:
    issued = await Device.raw(
        """SELECT programme.id AS id, programme.name AS name, programme.funder AS funder,
               COUNT(voucher.id) AS vouchers, COALESCE(SUM(voucher.quantity), 0) AS units
        FROM programme LEFT JOIN voucher
          ON voucher.programme = programme.id AND voucher.issued_at >= {} AND voucher.issued_at < {}
             AND voucher.status <> {}
        GROUP BY programme.id, programme.name, programme.funder ORDER BY programme.name, programme.id""",
        start,
        end,
        VoucherStatus.CANCELLED.value,
    )
    delivered = await Device.raw(
        f"""SELECT voucher.programme AS id, redemption.kind AS kind, COUNT(redemption_device.id) AS devices,
               COUNT(DISTINCT redemption.school) AS schools
        FROM redemption
        JOIN voucher ON voucher.id = redemption.voucher
        JOIN redemption_device ON redemption_device.redemption = redemption.id
             AND {DELIVERED_LINE_SQL}
        WHERE (redemption.status = {{}}
               AND redemption.handed_over_at >= {{}} AND redemption.handed_over_at < {{}})
           OR (redemption.status = {{}}
               AND redemption.requested_at >= {{}} AND redemption.requested_at < {{}})
        GROUP BY voucher.programme, redemption.kind""",  # noqa: S608
        RedemptionStatus.HANDED_OVER.value,
        start,
        end,
        RedemptionStatus.REGISTERED.value,
        start,
        end,
    )
    schools = await Device.raw(
        """SELECT voucher.programme AS id, COUNT(DISTINCT redemption.school) AS n
        FROM redemption JOIN voucher ON voucher.id = redemption.voucher
        WHERE (redemption.status = {} AND redemption.handed_over_at >= {} AND redemption.handed_over_at < {})
           OR (redemption.status = {} AND redemption.requested_at >= {} AND redemption.requested_at < {})
        GROUP BY voucher.programme""",
        RedemptionStatus.HANDED_OVER.value,
        start,
        end,
        RedemptionStatus.REGISTERED.value,
        start,
        end,
    )
    devices = {(row["id"], row["kind"]): row["devices"] for row in delivered}
    served = {row["id"]: row["n"] for row in schools}
    return [
        ProgrammeImpact(
            programme=row["name"],
            funder=row["funder"],
            vouchers=row["vouchers"],
            units=row["units"],
            devices_handed_over=devices.get((row["id"], RedemptionKind.WORKSHOP.value), 0),
            devices_registered=devices.get((row["id"], RedemptionKind.PURCHASE.value), 0),
            schools=served.get(row["id"], 0),
        )
        for row in issued
    ]
