"""HTTP endpoints of reporting: CSV exports, the summary figures and the yearly impact report."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from litestar import Controller, Request, Response, get
from litestar.datastructures import State
from litestar.params import FromQuery, PathParameter, QueryParameter
from litestar.response import Stream
from litestar.types import ControllerRouterHandler

from inventory.accounts.guards import ADMIN, ANY_ROLE
from inventory.accounts.service import CurrentUser
from inventory.errors import N_, InvalidInput, NotFound
from inventory.i18n import normalise_locale
from inventory.reporting import exports
from inventory.reporting import figures as reports
from inventory.reporting.impact_report import FIRST_YEAR, LAST_YEAR, impact_pdf
from inventory.reporting.schemas import Summary
from inventory.text import NON_BLANK_LINE_PATTERN

Locale = Annotated[
    str | None,
    QueryParameter(name="lang", pattern=r"^(fr|nl|en)$", description="default: the user's language"),
]

AuthedRequest = Request[CurrentUser, str, State]

IMPACT_DOCUMENT = re.compile(r"^impact-(\d{4})\.pdf$")


class ExportController(Controller):
    path = "/api/v1/exports"
    tags = ["exports"]
    guards = [ANY_ROLE]

    @get("/")
    async def list_exports(self, request: AuthedRequest) -> dict[str, list[dict[str, str]]]:
        """The exports the caller may download."""
        names = sorted(name for name in exports.EXPORTS if exports.may_export(name, request.user.role))
        return {"items": [{"name": name, "path": f"{self.path}/{name}.csv"} for name in names]}

    @get("/{filename:str}", media_type="text/csv")
    async def download(
        self,
        request: AuthedRequest,
        filename: Annotated[
            str, PathParameter(max_length=40, pattern=NON_BLANK_LINE_PATTERN, description="e.g. devices.csv")
        ],
        delimiter: FromQuery[Literal["comma", "semicolon"]] = "comma",
        bom: FromQuery[bool] = True,
    ) -> Stream:
        """A list as CSV (UTF-8; a BOM for Excel unless `bom=false`; `delimiter=semicolon` for
        Belgian Excel). Cells that a spreadsheet would run as a formula are neutralised.

        devices, events, sites: technician, social_worker, admin · wipes, stock-counts,
        imports: technician, admin · loans: social_worker, admin, and technicians without any
        beneficiary field · beneficiaries: social_worker, admin · redemptions: technician,
        admin, school (its own) · vouchers, schools, equipment: admin, school (its own) ·
        programmes: admin.
        """
        name = exports.export_of_file(filename, request.user.role).name
        chunks = exports.csv_chunks(
            name, request.user, delimiter=";" if delimiter == "semicolon" else ",", bom=bom
        )
        return Stream(
            chunks,
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{name}.csv"'},
        )


class ReportController(Controller):
    path = "/api/v1/reports"
    tags = ["reports"]
    guards = [ADMIN]

    @get("/summary")
    async def summary(
        self, months: Annotated[int, QueryParameter(ge=1, le=120, description="months in by_month")] = 12
    ) -> Summary:
        """Counts by stage, site, category, donor and month; loans active, overdue, returned and
        lost; vouchers by programme and school; devices wiped with certificates per donor."""
        return await reports.summary(months=months)

    @get("/{document:str}", media_type="application/pdf")
    async def impact(
        self,
        document: Annotated[
            str, PathParameter(max_length=40, pattern=NON_BLANK_LINE_PATTERN, description="impact-<year>.pdf")
        ],
        lang: Locale = None,
    ) -> Response[bytes]:
        """The yearly impact report for funders, e.g. impact-2026.pdf (French unless `lang`)."""
        match = IMPACT_DOCUMENT.match(document)
        if not match:
            raise NotFound(
                N_("no report '%(document)s'; the yearly one is impact-<year>.pdf"),
                values={"document": document},
            )
        year = int(match.group(1))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise InvalidInput(N_("year must be between 2000 and 2100"), field="document")
        pdf = await impact_pdf(year, normalise_locale(lang or "fr"))
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"content-disposition": f'inline; filename="impact-{year}.pdf"'},
        )


ROUTE_HANDLERS: list[ControllerRouterHandler] = [ExportController, ReportController]
