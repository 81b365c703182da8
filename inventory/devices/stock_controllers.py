"""HTTP endpoints of device imports and stock counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, Request, get, post
from litestar.datastructures import State
from litestar.openapi.spec import OpenAPIFormat, OpenAPIMediaType, OpenAPIType, Operation, RequestBody, Schema
from litestar.params import FromQuery, JSONBody, PathParameter, QueryParameter
from litestar.types import ControllerRouterHandler

from inventory.accounts.guards import WORKSHOP
from inventory.accounts.service import CurrentUser
from inventory.devices import imports as service
from inventory.devices import stocktake
from inventory.devices.importing import MAX_FILE_BYTES, Defaults
from inventory.devices.service import device_out, event_out
from inventory.devices.stock_schemas import (
    CountList,
    CountOpen,
    CountOut,
    CountResult,
    ImportList,
    ImportReport,
    ImportSummary,
    MoveHere,
    MoveResult,
    ScanIn,
    ScanList,
    ScanOutcome,
)
from inventory.devices.stock_vocabulary import CountStatus
from inventory.devices.vocabulary import Category
from inventory.errors import N_, InvalidInput
from inventory.http.pagination import Cursor, Limit
from inventory.i18n import normalise_locale
from inventory.text import QUERY_TEXT_PATTERN

AuthedRequest = Request[CurrentUser, str, State]
RowId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
Locale = Annotated[
    str | None,
    QueryParameter(name="lang", pattern=r"^(fr|nl|en)$", description="default: the user's language"),
]
Text = Annotated[str | None, QueryParameter(max_length=200, pattern=QUERY_TEXT_PATTERN)]


def _locale(request: AuthedRequest, lang: str | None) -> str:
    return normalise_locale(lang or request.user.language)


def _defaults(category: Category | None, donor: str | None, batch: str | None, site: str | None) -> Defaults:
    return Defaults(
        category=category, donor=(donor or "").strip(), batch=(batch or "").strip(), site=site or None
    )


@dataclass
class CsvUpload(Operation):
    """The OpenAPI operation of an upload whose body is the CSV file itself, not JSON."""

    def __post_init__(self) -> None:
        self.request_body = RequestBody(
            content={
                "text/csv": OpenAPIMediaType(
                    schema=Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
                )
            },
            description="The donor's spreadsheet saved as CSV: UTF-8 or Windows-1252, comma or semicolon.",
            required=True,
        )


class ImportController(Controller):
    path = "/api/v1/imports"
    tags = ["imports"]
    guards = [WORKSHOP]

    @post(
        "/devices/preview",
        status_code=200,
        request_max_body_size=MAX_FILE_BYTES + 1,
        operation_class=CsvUpload,
    )
    async def preview(
        self,
        request: AuthedRequest,
        filename: Text = None,
        category: FromQuery[Category | None] = None,
        donor: Text = None,
        batch: Annotated[str | None, QueryParameter(max_length=100, pattern=QUERY_TEXT_PATTERN)] = None,
        site: Annotated[str | None, QueryParameter(max_length=40, pattern=QUERY_TEXT_PATTERN)] = None,
        lang: Locale = None,
    ) -> ImportReport:
        """The dry run: row by row, what would be created and what is wrong. Nothing is written.

        The body is the donor's spreadsheet saved as CSV (`Content-Type: text/csv`; UTF-8 or
        Windows-1252, comma or semicolon; at most 20 MB). `category`, `donor`, `batch` and
        `site` fill cells that are empty or columns that are absent (a pallet from one donor).
        """
        return await service.preview_import(
            await _csv_body(request),
            filename or "",
            defaults=_defaults(category, donor, batch, site),
            locale=_locale(request, lang),
        )

    @post("/devices", status_code=201, request_max_body_size=MAX_FILE_BYTES + 1, operation_class=CsvUpload)
    async def run(
        self,
        request: AuthedRequest,
        filename: Text = None,
        category: FromQuery[Category | None] = None,
        donor: Text = None,
        batch: Annotated[str | None, QueryParameter(max_length=100, pattern=QUERY_TEXT_PATTERN)] = None,
        site: Annotated[str | None, QueryParameter(max_length=40, pattern=QUERY_TEXT_PATTERN)] = None,
        lang: Locale = None,
    ) -> ImportSummary:
        """Register every device of the CSV body, or none: any problem is a 400 whose `report`
        is the dry run's report. Same body and parameters as the preview."""
        return await service.run_import(
            await _csv_body(request),
            request.user,
            filename=filename or "",
            defaults=_defaults(category, donor, batch, site),
            locale=_locale(request, lang),
        )

    @get("/")
    async def list_imports(self, limit: Limit = 50, cursor: Cursor = None) -> ImportList:
        """Imports, newest first, with the asset tags each one gave."""
        return ImportList(**await service.list_imports(limit=limit, cursor=cursor))


async def _csv_body(request: AuthedRequest) -> bytes:
    """The uploaded file; no body at all is a 400 on `file`, as the schema requires one."""
    content = await request.body()
    if not content:
        raise InvalidInput(N_("the request has no file: send the CSV as the body"), field="file")
    return content


class StockCountController(Controller):
    path = "/api/v1/stock-counts"
    tags = ["stock-taking"]
    guards = [WORKSHOP]

    @post("/")
    async def open_count(self, request: AuthedRequest, data: JSONBody[CountOpen]) -> CountOut:
        """Open a count at a site; a site with a count already open answers 409 with its `count_id`."""
        return await stocktake.open_count(data.site, request.user, data.notes)

    @get("/")
    async def list_counts(
        self,
        site: Annotated[str | None, QueryParameter(max_length=40, pattern=QUERY_TEXT_PATTERN)] = None,
        status: FromQuery[CountStatus | None] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> CountList:
        """Counts, newest first."""
        return await stocktake.list_counts(site=site, status=status, limit=limit, cursor=cursor)

    @get("/{count_id:int}")
    async def get_count(self, count_id: RowId) -> CountOut:
        """One count with how many devices and unknown codes it scanned."""
        return await stocktake.count_summary(count_id)

    @post("/{count_id:int}/scans", status_code=200)
    async def scan(
        self, request: AuthedRequest, count_id: RowId, data: JSONBody[ScanIn], lang: Locale = None
    ) -> ScanOutcome:
        """Count one scanned code (asset tag, serial or donor reference). Idempotent: the same
        device twice counts once. An unknown code is kept and reported, never refused."""
        return await stocktake.record_scan(count_id, data.code, request.user, locale=_locale(request, lang))

    @get("/{count_id:int}/scans")
    async def list_scans(self, count_id: RowId, limit: Limit = 50, cursor: Cursor = None) -> ScanList:
        """The count's scans, in the order they were made."""
        return await stocktake.scans_of(count_id, limit=limit, cursor=cursor)

    @get("/{count_id:int}/result")
    async def result(self, count_id: RowId) -> CountResult:
        """Missing, misplaced and off-shelf devices: live while open, frozen once closed."""
        return await stocktake.count_result(count_id)

    @post("/{count_id:int}/close", status_code=200)
    async def close(self, request: AuthedRequest, count_id: RowId) -> CountResult:
        """Close the count and freeze its result."""
        return await stocktake.close_count(count_id, request.user)

    @post("/{count_id:int}/move-here", status_code=200)
    async def move_here(
        self, request: AuthedRequest, count_id: RowId, data: JSONBody[MoveHere]
    ) -> MoveResult:
        """Register a misplaced device (scanned in this count) at the count's site: a transfer
        and its arrival, two events."""
        transitions = await stocktake.move_here(count_id, data.asset_tag, request.user)
        return MoveResult(
            device=device_out(transitions[-1].device),
            events=[event_out(transition.event) for transition in transitions],
        )


# What imports and stock counts add to the devices' routes (inventory/devices/controllers.py).
ROUTE_HANDLERS: list[ControllerRouterHandler] = [ImportController, StockCountController]
