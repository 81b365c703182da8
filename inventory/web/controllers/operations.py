"""The technicians' operations pages: a donor's spreadsheet imported, and stock-taking from the
scan station (open a count, scan the shelves, close it and fix what it found)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.params import PathParameter, QueryParameter
from litestar.types import ExceptionHandlersMap

from inventory.accounts.guards import WORKSHOP
from inventory.accounts.service import CurrentUser
from inventory.devices import imports as service
from inventory.devices import stocktake
from inventory.devices.importing import MAX_FILE_BYTES
from inventory.devices.imports import digest
from inventory.devices.stock_schemas import CountOpen, ImportReport, MoveHere
from inventory.devices.stock_vocabulary import CountStatus
from inventory.errors import Conflict, DomainError, InvalidInput
from inventory.http.pagination import Cursor
from inventory.sites import service as sites
from inventory.text import QUERY_TEXT_PATTERN
from inventory.web import operations, workshop
from inventory.web.forms import NOT_VALID, form_dict, parse
from inventory.web.language import N_, current_locale, gettext
from inventory.web.pages import go, page, signed_in, wants_partial

RowId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
Imported = Annotated[int | None, QueryParameter(name="imported", ge=1, le=2**31 - 1)]
Moved = Annotated[str | None, QueryParameter(name="moved", max_length=40, pattern=QUERY_TEXT_PATTERN)]
Refused = Annotated[str | None, QueryParameter(name="refused", max_length=40, pattern=QUERY_TEXT_PATTERN)]

RECENT_IMPORTS = 20
HISTORY_PAGE = 20
CHOOSE_FILE = N_("Choose the spreadsheet of the delivery, saved as CSV.")
FILE_LOST = N_("The file of the dry run did not come back intact: choose it and check it again.")
NOTHING_IMPORTED = N_("Nothing was imported: the file has problems now. Correct them and check it again.")
TOO_LARGE = "too-large"  # the import page's `refused` parameter after a file over the limit


def _user(request: Request) -> CurrentUser:
    return signed_in(request)


def _too_large(request: Request, _: RequestEntityTooLarge) -> Response:
    """A file over the limit is refused while the form is read, before the page's handler runs
    (the CSRF check reads the form first): back to the form, which says why."""
    return go(request, f"/intake/import?refused={TOO_LARGE}")


# An upload over the limit answers the form again, not a bare 413.
UPLOAD_REFUSALS: ExceptionHandlersMap = {RequestEntityTooLarge: _too_large}


def _options(values: dict[str, Any]) -> dict[str, Any]:
    """The form's values without the file itself (an upload, or its base64 copy)."""
    return {name: value for name, value in values.items() if name not in {"file", "content", "sha256"}}


class ImportPages(Controller):
    include_in_schema = False
    guards = [WORKSHOP]

    async def _form(
        self,
        request: Request,
        values: dict[str, Any],
        errors: dict[str, str],
        *,
        message: str = "",
        status_code: int = 200,
        imported: int | None = None,
    ) -> Response:
        recent = (await service.list_imports(limit=RECENT_IMPORTS))["items"]
        return page(
            request,
            "workshop/import.html",
            status_code=status_code,
            values=values,
            errors=errors,
            message=message,
            sites=await sites.list_sites(),
            upload_limit=operations.upload_limit(),
            imports=recent,
            done=next((item for item in recent if item.id == imported), None),
        )

    async def _report(
        self,
        request: Request,
        report: ImportReport,
        content: bytes,
        values: dict[str, Any],
        options: operations.ImportOptions,
        *,
        message: str = "",
        status_code: int = 200,
    ) -> Response:
        return page(
            request,
            "workshop/import_report.html",
            status_code=status_code,
            report=report,
            message=message,
            values=values,
            errors={},
            sites=await sites.list_sites(),
            upload_limit=operations.upload_limit(),
            # The confirm form sends the very file back: the server keeps nothing between the two.
            carried=operations.carry(content) if report.ok else "",
            sha256=digest(content),
            options=options.fields(),
        )

    @get("/intake/import")
    async def import_form(
        self, request: Request, imported: Imported = None, refused: Refused = None
    ) -> Response:
        """Choose a donor's spreadsheet and what its rows share; a dry run comes first."""
        errors = {"file": operations.too_large()} if refused == TOO_LARGE else {}
        return await self._form(request, {}, errors, imported=imported)

    @post(
        "/intake/import/preview",
        status_code=200,
        request_max_body_size=MAX_FILE_BYTES + operations.FORM_OVERHEAD_BYTES,
        exception_handlers=UPLOAD_REFUSALS,
    )
    async def preview(self, request: Request) -> Response:
        """The dry run: row by row, what would be registered and what is wrong. Nothing is written."""
        form = await request.form()
        values = _options(form_dict(form))
        options = parse(operations.ImportOptions, values)
        upload = form.get("file")
        errors = dict(options.errors)
        if not isinstance(upload, UploadFile) or not upload.filename:
            errors["file"] = gettext(CHOOSE_FILE)
        if errors or options.value is None or not isinstance(upload, UploadFile):
            return await self._form(request, values, errors, status_code=400)
        content = await upload.read()
        report = await service.preview_import(
            content,
            operations.upload_name(upload.filename),
            defaults=options.value.defaults(),
            locale=current_locale(),
        )
        return await self._report(request, report, content, values, options.value)

    @post(
        "/intake/import",
        status_code=200,
        request_max_body_size=operations.CARRIED_FILE_CHARS + operations.FORM_OVERHEAD_BYTES,
        exception_handlers=UPLOAD_REFUSALS,
    )
    async def run(self, request: Request) -> Response:
        """The import itself, all or nothing; every row is checked again first."""
        values = form_dict(await request.form())
        options = parse(operations.ImportOptions, values)
        content = operations.carried(values.get("content"), values.get("sha256"))
        if content is None or options.value is None:
            return await self._form(
                request, _options(values), {}, message=gettext(FILE_LOST), status_code=400
            )
        try:
            summary = await service.run_import(
                content,
                _user(request),
                filename=operations.upload_name(values.get("filename")),
                defaults=options.value.defaults(),
                locale=current_locale(),
            )
        except InvalidInput as error:
            if "report" not in error.fields:
                raise
            # Something changed since the dry run (a device registered meanwhile): its report again.
            report = msgspec.convert(error.fields["report"], ImportReport)
            return await self._report(
                request,
                report,
                content,
                _options(values),
                options.value,
                message=gettext(NOTHING_IMPORTED),
                status_code=400,
            )
        return go(request, f"/intake/import?imported={summary.import_id}")


class StockTakePages(Controller):
    path = "/scan/counts"
    include_in_schema = False
    guards = [WORKSHOP]

    async def _counts(
        self,
        request: Request,
        values: dict[str, Any],
        errors: dict[str, str],
        *,
        cursor: str | None = None,
        status_code: int = 200,
    ) -> Response:
        history = await stocktake.list_counts(limit=HISTORY_PAGE, cursor=cursor)
        open_counts = await stocktake.list_counts(status=CountStatus.OPEN, limit=100)
        # A closed count's result is frozen with it: reading it back is one row.
        results = {
            count.id: await stocktake.count_result(count.id)
            for count in history.items
            if count.status == CountStatus.CLOSED
        }
        return page(
            request,
            "workshop/counts.html",
            status_code=status_code,
            values=values,
            errors=errors,
            sites=await sites.list_sites(),
            open_counts=open_counts.items,
            history=history.items,
            results=results,
            next_cursor=history.next_cursor,
        )

    @get("/")
    async def counts(self, request: Request, cursor: Cursor = None) -> Response:
        """Open a count at a site, or join the one open there; past counts and what they found."""
        return await self._counts(request, {}, {}, cursor=cursor)

    @post("/")
    async def open_count(self, request: Request) -> Response:
        """Open a count; a site with a count already open joins it, so stations count together."""
        values = form_dict(await request.form())
        parsed = parse(CountOpen, values)
        if parsed.value is None:
            return await self._counts(request, values, parsed.errors, status_code=400)
        try:
            count = await stocktake.open_count(parsed.value.site, _user(request), parsed.value.notes)
        except Conflict as error:
            joined = error.extra().get("count_id")
            if joined is None:
                raise
            return go(request, f"{self.path}/{joined}")
        except InvalidInput as error:
            return await self._counts(
                request, values, {"site": await workshop.refusal(error)}, status_code=error.status_code
            )
        return go(request, f"{self.path}/{count.id}")

    @get("/{count_id:int}")
    async def count_page(self, request: Request, count_id: RowId) -> Response:
        """The count's scan station: one always-focused field, each scan answered at once."""
        count = await stocktake.count_summary(count_id)
        if count.status == CountStatus.CLOSED:
            return go(request, f"{self.path}/{count_id}/result")
        return page(
            request,
            "workshop/count_run.html",
            count=count,
            results=[],
            tally=operations.tally({}),
            tally_note=operations.progress(count),
            item_template="workshop/_count_item.html",
        )

    @post("/{count_id:int}/scans")
    async def scan(self, request: Request, count_id: RowId) -> Response:
        """Count one scanned code; the answer says what it is and carries this station's tally."""
        values = form_dict(await request.form())
        code = str(values.get("code", "")).strip()[:100]
        counts = operations.tally_counts(values)
        results = []
        if code:
            try:
                outcome = await stocktake.record_scan(count_id, code, _user(request), locale=current_locale())
                result = operations.scan_result(outcome)
            except Conflict:
                result = operations.closed_result(code)
            except InvalidInput:  # nothing left of the code once trimmed
                result = None
            if result is not None:
                results.append(result)
                if result["kind"] in counts:
                    counts[result["kind"]] += 1
        count = await stocktake.count_summary(count_id)
        template = "workshop/_batch_result.html" if wants_partial(request) else "workshop/count_run.html"
        tone = results[0]["tone"] if results else "ignored"
        return page(
            request,
            template,
            trigger=("relais:scanned", {"outcome": tone, "kind": results[0]["kind"] if results else ""}),
            count=count,
            results=results,
            tally=operations.tally(counts),
            tally_note=operations.progress(count),
            item_template="workshop/_count_item.html",
        )

    async def _result(
        self,
        request: Request,
        count_id: int,
        *,
        moved: str | None = None,
        message: str = "",
        status_code: int = 200,
    ) -> Response:
        count = await stocktake.count_summary(count_id)
        result = await stocktake.count_result(count_id)
        here = await operations.moved_here(result)
        return page(
            request,
            "workshop/count_result.html",
            status_code=status_code,
            count=count,
            result=result,
            here=here,
            # Said only of a device that really is here now, whatever the address says.
            moved=moved if moved and await operations.registered_at(moved, count.site) else None,
            message=message,
        )

    @get("/{count_id:int}/result")
    async def result(self, request: Request, count_id: RowId, moved: Moved = None) -> Response:
        """What the count found: missing, misplaced and off-shelf devices, and unknown codes."""
        return await self._result(request, count_id, moved=moved)

    @post("/{count_id:int}/close")
    async def close(self, request: Request, count_id: RowId) -> Response:
        """Close the count: its result is frozen and it takes no more scans."""
        try:
            await stocktake.close_count(count_id, _user(request))
        except Conflict:
            pass  # another station closed it first: the result is the same
        return go(request, f"{self.path}/{count_id}/result")

    @post("/{count_id:int}/move-here")
    async def move_here(self, request: Request, count_id: RowId) -> Response:
        """Register a misplaced device at the count's site: its transfer and its arrival at once."""
        parsed = parse(MoveHere, form_dict(await request.form()))
        if parsed.value is None:
            return await self._result(request, count_id, message=gettext(NOT_VALID), status_code=400)
        tag = parsed.value.asset_tag.strip().upper()
        try:
            await stocktake.move_here(count_id, tag, _user(request))
        except DomainError as error:
            if not operations.already_here(error):
                message = await operations.move_refusal(error, tag)
                return await self._result(request, count_id, message=message, status_code=error.status_code)
        return go(request, f"{self.path}/{count_id}/result?moved={tag}")
