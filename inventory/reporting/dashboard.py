"""The coordinator's dashboard: the report figures it shows, read from `figures` like every
other report (so the dashboard and the impact report cannot disagree), and the overdue loans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from inventory.devices.vocabulary import Stage
from inventory.loans import service as loans
from inventory.loans.schemas import LoanOut
from inventory.reporting import figures
from inventory.reporting.schemas import LoanFigures, MonthFlow, Tally, VoucherTally
from inventory.settings import get_settings

MONTHS_SHOWN = 12
OVERDUE_SHOWN = 10
# The flows of the monthly chart, in the order of a device's way.
MONTHLY_FLOWS = ("received", "wiped", "refurbished", "lent", "allocated")
# The stages a device waits at in the workshop.
WORKSHOP_STAGES = (Stage.RECEIVED, Stage.WIPED, Stage.REFURBISHED, Stage.RETURNED)


@dataclass(frozen=True)
class Dashboard:
    by_stage: dict[Stage, int]
    by_site: list[Tally]
    by_month: list[MonthFlow]
    loans: LoanFigures
    longest_overdue: list[tuple[LoanOut, int]]  # the loans longest overdue, with their days late
    vouchers_by_programme: list[VoucherTally]

    @property
    def total(self) -> int:
        return sum(self.by_stage.values())

    @property
    def in_workshop(self) -> int:
        return sum(self.by_stage[stage] for stage in WORKSHOP_STAGES)


async def dashboard(at: datetime | None = None) -> Dashboard:
    at = at or figures.now()
    today = at.astimezone(get_settings().tz).date()
    _, longest = await loans.longest_overdue(OVERDUE_SHOWN)
    return Dashboard(
        by_stage=await figures.devices_by_stage(),
        by_site=await figures.devices_by_site(),
        by_month=await figures.monthly_flows(figures.months_back(today, MONTHS_SHOWN)),
        loans=await figures.loan_figures(today),
        longest_overdue=longest,
        vouchers_by_programme=await figures.programme_vouchers(),
    )
