"""The loan list of the web UI (/loans): views by status and due date, filters, search, pages.

Scoped as the API is: social workers and coordinators see every loan with its beneficiary; a
technician's list reads nothing about beneficiaries (the query selects no beneficiary column
and searches asset tags only), as GET /api/v1/loans/{id} answers a technician with a brief.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from piccolo.columns.combination import And, Or, Where
from piccolo.query import Select
from piccolo.query.functions.aggregate import Count

from inventory import db
from inventory.accounts.roles import Role
from inventory.accounts.tables import User
from inventory.devices import tags
from inventory.devices.tables import Device
from inventory.loans.rows import LOAN_LIST_COLUMNS, LOAN_LIST_PEOPLE_COLUMNS, LoanListRow
from inventory.loans.tables import Beneficiary, Loan
from inventory.loans.vocabulary import LoanStatus
from inventory.rows import typed
from inventory.text import search_fold

DUE_SOON_DAYS = 7
PER_PAGE = 50


class LoanView(StrEnum):
    ACTIVE = "active"
    DUE_SOON = "due_soon"  # active, due today or in the next DUE_SOON_DAYS days
    OVERDUE = "overdue"  # active, past its due date
    RETURNED = "returned"
    LOST = "lost"

    @property
    def late(self) -> bool:
        """Whether the loans of this view are past their due date (shown as a warning)."""
        return self is LoanView.OVERDUE


@dataclass(frozen=True)
class LoanListFilter:
    view: LoanView = LoanView.ACTIVE
    site: str = ""  # a site code
    social_worker: str = ""  # a username
    q: str = ""


def _view_condition(view: LoanView, on: date) -> Where | And:
    active = Loan.status == LoanStatus.ACTIVE
    if view == LoanView.DUE_SOON:
        return active & (Loan.due_on >= on) & (Loan.due_on <= on + timedelta(days=DUE_SOON_DAYS))
    if view == LoanView.OVERDUE:
        return active & (Loan.due_on < on)
    return Loan.status == view.value


def _conditions(wanted: LoanListFilter, *, with_people: bool) -> list[Where | And | Or]:
    where: list[Where | And | Or] = []
    if wanted.site:
        where.append(Loan.site.code == wanted.site.strip().lower())
    if wanted.social_worker and with_people:
        where.append(Loan.social_worker.username == wanted.social_worker.strip())
    text = wanted.q.strip()
    if text:
        # The search reads the small tables first and the loans by their indexes (loan.device,
        # loan.beneficiary): testing each loan's joined device and beneficiary row read every
        # loan of the view and its two rows, 3 queries a page (docs/benchmarks.md).
        matches: list[Where] = []
        if tags.could_be_in_asset_tag(text):
            tagged = Device.select(Device.id).where(
                db.contains(Device.asset_tag, text.upper(), case_sensitive=True)
            )
            matches.append(Loan.device.is_in(tagged))
        if with_people:
            people = Beneficiary.select(Beneficiary.id).where(
                db.contains(Beneficiary.search_key, search_fold(text), case_sensitive=True)
                | db.contains(Beneficiary.reference, text.upper(), case_sensitive=True)
            )
            matches.append(Loan.beneficiary.is_in(people))
        if not matches:
            matches.append(Loan.id.is_null())  # nothing can match: no loan
        found: Where | Or = matches[0]
        for match in matches[1:]:
            found = found | match
        where.append(found)
    return where


def _filtered(query: Select[Any], conditions: list[Where | And | Or]) -> Select[Any]:
    for condition in conditions:
        query = query.where(condition)
    return query


@dataclass
class LoanPage:
    rows: list[LoanListRow]
    counts: dict[LoanView, int]
    total: int
    page: int
    pages: int
    on: date
    per_page: int = PER_PAGE
    first: int = field(init=False)

    def __post_init__(self) -> None:
        self.first = (self.page - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


async def view_counts(wanted: LoanListFilter, on: date, *, with_people: bool) -> dict[LoanView, int]:
    """How many loans of the filter (site, social worker, search) each view holds."""
    conditions = _conditions(wanted, with_people=with_people)
    by_status = {
        row["status"]: row["n"]
        for row in await _filtered(
            Loan.select(Loan.status, Count(Loan.id, alias="n")).group_by(Loan.status), conditions
        )
    }
    counts = {
        LoanView.ACTIVE: by_status.get(LoanStatus.ACTIVE.value, 0),
        LoanView.RETURNED: by_status.get(LoanStatus.RETURNED.value, 0),
        LoanView.LOST: by_status.get(LoanStatus.LOST.value, 0),
    }
    for view in (LoanView.DUE_SOON, LoanView.OVERDUE):
        query = Loan.count().where(_view_condition(view, on))
        for condition in conditions:
            query = query.where(condition)
        counts[view] = await query
    return {view: counts[view] for view in LoanView}


async def find(
    wanted: LoanListFilter, on: date, *, with_people: bool, page: int = 1, per_page: int = PER_PAGE
) -> LoanPage:
    counts = await view_counts(wanted, on, with_people=with_people)
    total = counts[wanted.view]
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    columns = (*LOAN_LIST_COLUMNS, *(LOAN_LIST_PEOPLE_COLUMNS if with_people else ()))
    query = _filtered(
        Loan.select(*columns).where(_view_condition(wanted.view, on)),
        _conditions(wanted, with_people=with_people),
    )
    if wanted.view in (LoanView.RETURNED, LoanView.LOST):
        query = query.order_by(Loan.closed_at, Loan.id, ascending=False)
    else:
        query = query.order_by(Loan.due_on, Loan.id)
    rows = [
        typed(
            {
                **row,
                "days_overdue": max(0, (on - row["due_on"]).days)
                if row["status"] == LoanStatus.ACTIVE
                else 0,
            },
            LoanListRow,
        )
        for row in await query.limit(per_page).offset((page - 1) * per_page)
    ]
    return LoanPage(rows=rows, counts=counts, total=total, page=page, pages=pages, on=on, per_page=per_page)


async def social_workers() -> list[str]:
    """The usernames a loan list can be filtered by."""
    rows = await User.select(User.username).where(User.role == Role.SOCIAL_WORKER).order_by(User.username)
    return [row["username"] for row in rows]


def with_view(wanted: LoanListFilter, view: LoanView) -> LoanListFilter:
    return replace(wanted, view=view)
