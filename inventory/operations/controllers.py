"""HTTP endpoints of operations: CSV exports."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, Request, get
from litestar.datastructures import State
from litestar.params import FromQuery, PathParameter, QueryParameter
from litestar.response import Stream
from litestar.types import ControllerRouterHandler

from inventory.accounts.guards import ANY_ROLE
from inventory.accounts.service import CurrentUser
from inventory.i18n import normalise_locale
from inventory.operations import exports
from inventory.text import NON_BLANK_LINE_PATTERN, QUERY_TEXT_PATTERN

AuthedRequest = Request[CurrentUser, str, State]
RowId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
Locale = Annotated[
    str | None,
    QueryParameter(name="lang", pattern=r"^(fr|nl|en)$", description="default: the user's language"),
]
Text = Annotated[str | None, QueryParameter(max_length=200, pattern=QUERY_TEXT_PATTERN)]


def _locale(request: AuthedRequest, lang: str | None) -> str:
    return normalise_locale(lang or request.user.language)


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


ROUTE_HANDLERS: list[ControllerRouterHandler] = [
    ExportController,
]
