"""HTTP endpoints of reporting: the summary figures and the yearly impact report."""

from __future__ import annotations

import re
from typing import Annotated

from litestar import Controller, Response, get
from litestar.params import PathParameter, QueryParameter
from litestar.types import ControllerRouterHandler

from inventory.accounts.guards import ADMIN
from inventory.errors import N_, InvalidInput, NotFound
from inventory.i18n import normalise_locale
from inventory.operations.schemas import Summary
from inventory.reporting import figures as reports
from inventory.reporting.impact_report import FIRST_YEAR, LAST_YEAR, impact_pdf
from inventory.text import NON_BLANK_LINE_PATTERN

Locale = Annotated[
    str | None,
    QueryParameter(name="lang", pattern=r"^(fr|nl|en)$", description="default: the user's language"),
]


IMPACT_DOCUMENT = re.compile(r"^impact-(\d{4})\.pdf$")


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


ROUTE_HANDLERS: list[ControllerRouterHandler] = [ReportController]
