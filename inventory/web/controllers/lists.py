"""The register as lists: /devices (find, filter, sort, export, print labels) and /loans.

Filters live in the URL (a GET form), so a list can be bookmarked and shared; htmx swaps the
results as the user types and pushes the URL, so the address bar always says what is shown.
"""

from __future__ import annotations

from dataclasses import asdict
from enum import StrEnum
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get
from litestar.params import QueryParameter
from litestar.response import Stream

from inventory.accounts.guards import STAFF
from inventory.accounts.roles import Role
from inventory.devices import search
from inventory.devices.search import DeviceFilter, Sort
from inventory.devices.tables import Device
from inventory.devices.vocabulary import Category, Funding, Grade, Stage
from inventory.errors import N_, InvalidInput, Nn_
from inventory.loans import listing as loan_listing
from inventory.loans import service as loans
from inventory.loans.listing import LoanListFilter, LoanView
from inventory.reporting import exports, figures
from inventory.sites import service as sites
from inventory.text import QUERY_TEXT_PATTERN
from inventory.web.exports import SEPARATORS
from inventory.web.pages import go, page, user_of, wants_partial

Text = Annotated[str | None, QueryParameter(max_length=200, pattern=QUERY_TEXT_PATTERN)]
Choice = Annotated[str | None, QueryParameter(max_length=40, pattern=QUERY_TEXT_PATTERN)]
PageNumber = Annotated[int, QueryParameter(ge=1, le=1_000_000)]

# Labels are printed for a filter's result up to this many devices (a few sheets); more is
# surely a filter not yet narrowed.
MAX_LABELS = 200
E = TypeVar("E", bound=StrEnum)


def _choice(kind: type[E], value: str | None, field: str) -> E | None:
    """A select's value: blank is "any"; anything else must be one of the enumeration's."""
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        raise InvalidInput(
            N_("'%(value)s' is not a choice of this list"), values={"value": value}, field=field
        ) from None


def _query(values: dict[str, Any]) -> str:
    """A URL query of the values that say something (no blanks, no first page), in order."""
    return urlencode(
        [
            (name, value)
            for name, value in values.items()
            if value not in (None, "") and (name, value) != ("page", 1)
        ]
    )


class DeviceList(Controller):
    include_in_schema = False
    guards = [STAFF]

    @staticmethod
    def _filter(
        q: str | None,
        stage: str | None,
        category: str | None,
        site: str | None,
        donor: str | None,
        batch: str | None,
        grade: str | None,
        funding: str | None,
    ) -> DeviceFilter:
        return DeviceFilter(
            q=(q or "").strip(),
            stage=_choice(Stage, stage, "stage"),
            category=_choice(Category, category, "category"),
            site=(site or "").strip(),
            donor=(donor or "").strip(),
            batch=(batch or "").strip(),
            grade=_choice(Grade, grade, "grade"),
            funding=_choice(Funding, funding, "funding"),
        )

    @get("/devices")
    async def devices(
        self,
        request: Request,
        q: Text = None,
        stage: Choice = None,
        category: Choice = None,
        site: Choice = None,
        donor: Text = None,
        batch: Text = None,
        grade: Choice = None,
        funding: Choice = None,
        sort: Choice = None,
        page_number: Annotated[int, QueryParameter(name="page", ge=1, le=1_000_000)] = 1,
    ) -> Response:
        """The register: search, filters, sortable columns, counts, pages, CSV and labels.

        A submitted search that is one device's code exactly (its asset tag, serial number or
        donor reference, as a scanner types it) opens that device's page; as the user types,
        only when that device is the one device the search finds.
        """
        wanted = self._filter(q, stage, category, site, donor, batch, grade, funding)
        descending = bool(sort and sort.startswith("-"))
        order = _choice(Sort, (sort or "").lstrip("-"), "sort")
        # A submitted search (Enter, or a scanner's Enter) that is one device's code opens it;
        # while typing (htmx), only when that device is also all the search finds.
        typing = wants_partial(request)
        tag = await search.exact_match(wanted) if wanted.q and not typing else None
        if tag:
            return go(request, f"/devices/{tag}")
        by_stage = await figures.devices_by_stage(wanted.without("stage"))
        total = by_stage[wanted.stage] if wanted.stage else sum(by_stage.values())
        if typing and total == 1 and wanted.q and (tag := await search.exact_match(wanted)):
            return go(request, f"/devices/{tag}")
        result = await search.find(wanted, sort=order, descending=descending, page=page_number, total=total)
        params = {k: (v.value if isinstance(v, StrEnum) else v) for k, v in asdict(wanted).items()}
        user = user_of(request)
        context: dict[str, Any] = {
            "wanted": wanted,
            "params": params,
            "sort": sort or "",
            "result": result,
            "by_stage": by_stage,
            "url": lambda **changes: "/devices?" + _query({**params, "sort": sort or "", **changes}),
            "sort_url": lambda column: (
                "/devices?" + _query({**params, "sort": column if sort != column else f"-{column}"})
            ),
            "filter_query": _query(params),
            "can_label": user is not None and user.role in (Role.TECHNICIAN, Role.ADMIN),
            "max_labels": MAX_LABELS,
        }
        if wants_partial(request):
            return page(request, "lists/_device_results.html", **context)
        return page(
            request,
            "lists/devices.html",
            sites=await sites.list_sites(),
            donors=[(value, value) for value in await search.distinct_values(Device.donor)],
            batches=[(value, value) for value in await search.distinct_values(Device.batch)],
            **context,
        )

    @get("/devices.csv")
    async def devices_csv(
        self,
        request: Request,
        q: Text = None,
        stage: Choice = None,
        category: Choice = None,
        site: Choice = None,
        donor: Text = None,
        batch: Text = None,
        grade: Choice = None,
        funding: Choice = None,
    ) -> Stream:
        """The filter's devices as the devices export writes them (semicolons, for Excel)."""
        wanted = self._filter(q, stage, category, site, donor, batch, grade, funding)
        user = user_of(request)
        assert user is not None  # the guard admitted a signed-in user
        return Stream(
            exports.listing_chunks(exports.device_rows(user, wanted), delimiter=SEPARATORS["semicolon"]),
            media_type="text/csv",
            headers={
                "content-disposition": 'attachment; filename="devices.csv"',
                "cache-control": "no-store",
            },
        )

    @get("/devices/labels")
    async def device_labels(
        self,
        request: Request,
        q: Text = None,
        stage: Choice = None,
        category: Choice = None,
        site: Choice = None,
        donor: Text = None,
        batch: Text = None,
        grade: Choice = None,
        funding: Choice = None,
    ) -> Response:
        """The label page, with the filter's devices chosen (at most MAX_LABELS of them)."""
        user = user_of(request)
        if user is None or user.role not in (Role.TECHNICIAN, Role.ADMIN):
            from litestar.exceptions import PermissionDeniedException

            raise PermissionDeniedException("your role may not print labels")
        wanted = self._filter(q, stage, category, site, donor, batch, grade, funding)
        if await search.count(wanted) > MAX_LABELS:
            raise InvalidInput(
                Nn_(
                    "labels are printed for at most %(max)s device: narrow the filter",
                    "labels are printed for at most %(max)s devices: narrow the filter",
                    "max",
                ),
                values={"max": MAX_LABELS},
                field="q",
            )
        tags = await search.tags(wanted, MAX_LABELS)
        return go(request, "/labels?" + urlencode([("tags", tag) for tag in tags]))


class LoanList(Controller):
    include_in_schema = False
    guards = [STAFF]

    @get("/loans")
    async def loans(
        self,
        request: Request,
        view: Choice = None,
        site: Choice = None,
        social_worker: Annotated[
            str | None, QueryParameter(max_length=64, pattern=QUERY_TEXT_PATTERN)
        ] = None,
        q: Text = None,
        page_number: Annotated[int, QueryParameter(name="page", ge=1, le=1_000_000)] = 1,
    ) -> Response:
        """Loans active, due within a week, overdue, returned or lost; by site and social worker;
        searched by beneficiary name or reference, or asset tag. A technician sees no
        beneficiary (nor any social worker filter): only devices and their due dates."""
        user = user_of(request)
        assert user is not None
        with_people = user.role in (Role.SOCIAL_WORKER, Role.ADMIN)
        wanted = LoanListFilter(
            view=_choice(LoanView, view, "view") or LoanView.ACTIVE,
            site=(site or "").strip(),
            social_worker=(social_worker or "").strip() if with_people else "",
            q=(q or "").strip(),
        )
        result = await loan_listing.find(wanted, loans.today(), with_people=with_people, page=page_number)
        params = {k: (v.value if isinstance(v, StrEnum) else v) for k, v in asdict(wanted).items()}
        context: dict[str, Any] = {
            "wanted": wanted,
            "params": params,
            "result": result,
            "with_people": with_people,
            "views": list(LoanView),
            "url": lambda **changes: "/loans?" + _query({**params, **changes}),
            "due_soon_days": loan_listing.DUE_SOON_DAYS,
        }
        if wants_partial(request):
            return page(request, "lists/_loan_results.html", **context)
        return page(
            request,
            "lists/loans.html",
            sites=await sites.list_sites(),
            social_workers=[(name, name) for name in await loan_listing.social_workers()]
            if with_people
            else [],
            **context,
        )
