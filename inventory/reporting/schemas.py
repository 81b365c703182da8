"""Input and output structs of exports and reports."""

from __future__ import annotations

from datetime import date, datetime

from msgspec import Struct

# Reports


class Tally(Struct):
    key: str
    label: str
    count: int


class MonthFlow(Struct):
    """What happened to devices in one month (local time)."""

    month: str  # YYYY-MM
    received: int
    wiped: int
    refurbished: int
    lent: int
    returned: int
    allocated: int
    retired: int


class DeviceFigures(Struct):
    total: int
    by_stage: dict[str, int]
    by_site: list[Tally]
    by_category: dict[str, int]
    by_donor: list[Tally]
    by_month: list[MonthFlow]


class LoanFigures(Struct):
    active: int
    overdue: int
    returned: int
    lost: int


class VoucherTally(Struct):
    id: int
    name: str
    vouchers: int
    units: int
    units_requested: int
    devices_handed_over: int
    devices_registered: int


class VoucherFigures(Struct):
    issued: int
    units: int
    by_status: dict[str, int]
    by_programme: list[VoucherTally]
    by_school: list[VoucherTally]


class WipeTally(Struct):
    donor: str
    devices_wiped: int
    certificates: int


class Summary(Struct):
    generated_at: datetime
    devices: DeviceFigures
    loans: LoanFigures
    vouchers: VoucherFigures
    wipes_by_donor: list[WipeTally]


class DonorImpact(Struct):
    donor: str
    collected: int
    wiped: int
    refurbished: int
    lent: int
    allocated: int


class ProgrammeImpact(Struct):
    programme: str
    funder: str
    vouchers: int
    units: int
    devices_handed_over: int
    devices_registered: int
    schools: int


class ImpactFigures(Struct):
    """One year of the programme, as funders read it."""

    year: int
    collected: int
    wiped: int
    certificates: int
    refurbished: int
    lent: int
    returned: int
    allocated: int
    retired: int
    loans_started: int
    beneficiaries: int
    schools: int
    by_month: list[MonthFlow]
    by_category: dict[str, int]
    by_donor: list[DonorImpact]
    by_programme: list[ProgrammeImpact]
    generated_on: date
