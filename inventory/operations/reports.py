"""The figures of the reports (docs/product.md): counts by stage, site, category, donor and month; loans;
vouchers by programme and school; wipes per donor; and a year of impact for funders.

Months are local (settings.timezone). Events are counted per UTC hour in SQL and the hours
put into local months here, which is exact for every time zone whose offset is whole hours.
"""

from __future__ import annotations

from collections import Counter as Tallies
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from inventory import db
from inventory.devices.tables import Device
from inventory.devices.vocabulary import Action, Category, Funding, Stage
from inventory.loans.tables import Loan
from inventory.loans.vocabulary import LoanStatus
from inventory.operations.schemas import (
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

# The flows a month and a year count, each an event that moved a device: (action, to_stage).
# A wipe counts only when it passed (a failed one leaves the stage unchanged); an intake only
# for donated devices (a school's own purchase is registered `allocated`, never collected).
FLOWS: Mapping[str, tuple[Action, Stage | None]] = {
    "received": (Action.INTAKE, Stage.RECEIVED),
    "wiped": (Action.WIPE, Stage.WIPED),
    "refurbished": (Action.REFURBISH, Stage.REFURBISHED),
    "lent": (Action.LEND, None),
    "returned": (Action.RETURN, None),
    "allocated": (Action.HAND_OVER, None),
    "retired": (Action.RETIRE, None),
}
NO_DONOR = "—"


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


def flow_of(action: str, to_stage: str) -> str | None:
    for name, (flow_action, flow_stage) in FLOWS.items():
        if action == flow_action and (flow_stage is None or to_stage == flow_stage):
            return name
    return None


def local_month(hour: str, tz: ZoneInfo) -> str:
    """ "2026-11-30 23" (a UTC hour) -> "2026-12" in Brussels."""
    moment = datetime.strptime(hour[:13], "%Y-%m-%d %H").replace(tzinfo=UTC).astimezone(tz)
    return f"{moment.year:04d}-{moment.month:02d}"


def month_flows(rows: Iterable[Mapping[str, Any]], months: list[str], tz: ZoneInfo) -> list[MonthFlow]:
    tallies: dict[str, Tallies[str]] = {month: Tallies() for month in months}
    for row in rows:
        flow = flow_of(row["action"], row["to_stage"])
        month = local_month(row["hour"], tz)
        if flow and month in tallies:
            tallies[month][flow] += row["n"]
    return [MonthFlow(month=month, **{flow: tallies[month][flow] for flow in FLOWS}) for month in months]


def _hour_sql() -> str:
    if db.is_postgres(db.current_engine()):
        return "to_char(device_event.at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')"
    # SQLite keeps timestamps as ISO text in UTC: "2026-11-22 21:04:05.123456+00:00".
    return "substr(device_event.at, 1, 13)"


async def _event_hours(start: datetime, end: datetime | None = None) -> list[dict[str, Any]]:
    """Flow events per UTC hour, action, stage reached, donor, category and funding."""
    actions = sorted({action.value for action, _ in FLOWS.values()})
    # Only SQL of this module is interpolated (the hour expression, placeholders); values are bound.
    hour = _hour_sql()
    until = "AND device_event.at < {}" if end else ""
    return await Device.raw(
        f"""SELECT {hour} AS hour, device_event.action AS action, device_event.to_stage AS to_stage,
               device.donor AS donor, device.category AS category, device.funding AS funding,
               COUNT(*) AS n
        FROM device_event JOIN device ON device.id = device_event.device
        WHERE device_event.at >= {{}} {until}
          AND device_event.action IN ({", ".join(["{}"] * len(actions))})
        GROUP BY 1, 2, 3, 4, 5, 6""",  # noqa: S608
        *([start, end] if end else [start]),
        *actions,
    )


def _is_flow(row: Mapping[str, Any]) -> bool:
    if row["action"] == Action.INTAKE and row["funding"] != Funding.DONATION:
        return False
    return flow_of(row["action"], row["to_stage"]) is not None


async def _grouped(sql: str, *values: Any) -> dict[Any, int]:
    return {row["key"]: row["n"] for row in await Device.raw(sql, *values)}


async def device_figures(months: int, today: date, tz: ZoneInfo) -> DeviceFigures:
    by_stage = await _grouped("SELECT stage AS key, COUNT(*) AS n FROM device GROUP BY stage")
    by_category = await _grouped("SELECT category AS key, COUNT(*) AS n FROM device GROUP BY category")
    sites = await Device.raw(
        """SELECT site.code AS code, site.name AS name, COUNT(*) AS n
        FROM device LEFT JOIN site ON site.id = device.site
        GROUP BY site.code, site.name ORDER BY COUNT(*) DESC, site.code"""
    )
    donors = await Device.raw(
        "SELECT donor, COUNT(*) AS n FROM device GROUP BY donor ORDER BY COUNT(*) DESC, donor"
    )
    keys = months_back(today, months)
    first = month_start(int(keys[0][:4]), int(keys[0][5:]), tz)
    hours = [row for row in await _event_hours(first) if _is_flow(row)]
    return DeviceFigures(
        total=sum(by_stage.values()),
        by_stage={stage.value: by_stage.get(stage.value, 0) for stage in Stage},
        by_site=[
            Tally(key=row["code"] or "", label=row["name"] or NO_DONOR, count=row["n"]) for row in sites
        ],
        by_category={category.value: by_category.get(category.value, 0) for category in Category},
        by_donor=[Tally(key=row["donor"], label=row["donor"] or NO_DONOR, count=row["n"]) for row in donors],
        by_month=month_flows(hours, keys, tz),
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
        FROM {table} JOIN voucher ON voucher.{owner} = {table}.id
        GROUP BY {table}.id, {table}.name ORDER BY {table}.name, {table}.id"""  # noqa: S608
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
        devices=await device_figures(months, today, tz),
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
    hours = [row for row in await _event_hours(start, end) if _is_flow(row)]
    months = [f"{year:04d}-{month:02d}" for month in range(1, 13)]
    totals: Tallies[str] = Tallies()
    by_category: Tallies[str] = Tallies()
    by_donor: dict[str, Tallies[str]] = defaultdict(Tallies)
    for row in hours:
        flow = flow_of(row["action"], row["to_stage"]) or ""
        totals[flow] += row["n"]
        by_donor[row["donor"] or NO_DONOR][flow] += row["n"]
        if flow == "received":
            by_category[row["category"]] += row["n"]
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
        by_month=month_flows(hours, months, tz),
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
        GROUP BY programme.id, programme.name, programme.funder ORDER BY programme.name, programme.id""",
        start,
        end,
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
